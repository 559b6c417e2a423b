import JSON

/// Fields the API declares as `resource.Quantity`, for the kinds whose objects the store holds as
/// written: a quantity is a string on the wire whatever the manifest wrote (`pods: 10` is stored and
/// read back as `"10"`, `cpu: 0.5` as `"500m"`).
public enum QuantityFields {
    /// The quantity maps of a kind's body, as paths; a `*` step walks every element of a list.
    static let paths: [ResourceKind: [[String]]] = [
        ResourceKinds.resourceQuota: [["spec", "hard"]],
        ResourceKinds.persistentVolumeClaim: [["spec", "resources", "requests"], ["spec", "resources", "limits"]],
        ResourceKinds.persistentVolume: [["spec", "capacity"]],
        ResourceKinds.limitRange: ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"].map { ["spec", "limits", "*", $0] },
    ]

    /// The body with every number in the kind's quantity maps written as the API serializes it.
    public static func normalized(_ kind: ResourceKind, _ body: JSONValue) -> JSONValue {
        guard let paths = paths[kind] else { return body }
        return paths.reduce(body) { rewrite($0, $1[...]) }
    }

    private static func rewrite(_ value: JSONValue, _ path: ArraySlice<String>) -> JSONValue {
        guard let step = path.first else {
            guard case .object(let pairs) = value else { return value }
            return .object(pairs.map { ($0.key, text($0.value)) })
        }
        if step == "*" {
            guard case .array(let items) = value else { return value }
            return .array(items.map { rewrite($0, path.dropFirst()) })
        }
        guard case .object(var pairs) = value, let index = pairs.firstIndex(where: { $0.key == step }) else { return value }
        pairs[index].value = rewrite(pairs[index].value, path.dropFirst())
        return .object(pairs)
    }

    private static func text(_ value: JSONValue) -> JSONValue {
        switch value {
        case .int(let n): return .string(String(n))
        case .double(let d):
            if d == d.rounded(), abs(d) < 1e15 { return .string(String(Int64(d))) }
            return .string("\(Int64((d * 1000).rounded()))m")
        default: return value
        }
    }
}
