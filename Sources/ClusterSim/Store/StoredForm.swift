import JSON

/// What the API server makes of a built-in object's fields before it stores them, for the kinds the
/// store holds as written: quantities written as strings (``QuantityFields``) and a LimitRange's
/// defaults. A GET returns this form, so a client comparing it with its manifest sees what a real
/// cluster would make it see.
public enum StoredForm {
    public static func normalized(_ kind: ResourceKind, _ body: JSONValue) -> JSONValue {
        let body = QuantityFields.normalized(kind, body)
        guard kind == ResourceKinds.limitRange, case .object(var fields) = body,
              let index = fields.firstIndex(where: { $0.key == "spec" }) else { return body }
        fields[index].value = limitRangeDefaults(fields[index].value)
        return .object(fields)
    }

    /// Whether storing the manifest rewrites it: a quantity written as a number, a LimitRange limit
    /// without its defaults. Both sit where kubectl's apply patch compares values (a map's values, a
    /// list replaced whole), so against the stored form the patch is never empty and kubectl says
    /// "configured" every time, as against a real cluster.
    public static func rewritesManifest(_ kind: ResourceKind, _ body: JSONValue) -> Bool {
        (QuantityFields.paths[kind] != nil || kind == ResourceKinds.limitRange) && normalized(kind, body) != body
    }

    /// `SetDefaults_LimitRangeItem`: a Container limit's default limit falls back to its max, its
    /// default request to its default limit, then to its min (empty maps left out).
    static func limitRangeDefaults(_ spec: JSONValue?) -> JSONValue {
        guard case .object(var fields)? = spec, let index = fields.firstIndex(where: { $0.key == "limits" }),
              case .array(let limits) = fields[index].value else { return spec ?? .object([]) }
        fields[index].value = .array(limits.map { limit in
            guard case .object(var item) = limit, limit["type"]?.stringValue == "Container" else { return limit }
            func map(_ key: String) -> [(key: String, value: JSONValue)] {
                if case .object(let pairs)? = item.first(where: { $0.key == key })?.value { return pairs }
                return []
            }
            func filled(_ base: [(key: String, value: JSONValue)], from other: [(key: String, value: JSONValue)]) -> [(key: String, value: JSONValue)] {
                base + other.filter { pair in !base.contains { $0.key == pair.key } }
            }
            let limitDefault = filled(map("default"), from: map("max"))
            let request = filled(filled(map("defaultRequest"), from: limitDefault), from: map("min"))
            item.removeAll { $0.key == "default" || $0.key == "defaultRequest" }
            if !limitDefault.isEmpty { item.append(("default", .object(limitDefault))) }
            if !request.isEmpty { item.append(("defaultRequest", .object(request))) }
            return .object(item)
        })
        return .object(fields)
    }

}
