import JSON

/// The three patch types the API server takes (`kubectl patch --type json|merge|strategic`).
public enum ObjectPatch {
    /// Why a patch did not apply; `message` is the API server's wording.
    public struct Failure: Error, Sendable, Equatable {
        public let message: String
    }

    /// The three patch forms clients send.
    public enum Kind: String, Sendable {
        case json, merge, strategic
    }

    /// An object's JSON with a patch of `kind` applied.
    public static func apply(_ kind: Kind, _ patch: JSONValue, to whole: JSONValue) throws(Failure) -> JSONValue {
        switch kind {
        case .json: return try json(whole, patch)
        case .merge: return merge(whole, patch)
        case .strategic: return strategic(whole, patch)
        }
    }

    /// RFC 7386 JSON merge patch: objects merge key by key, `null` removes, anything else replaces.
    public static func merge(_ target: JSONValue, _ patch: JSONValue) -> JSONValue {
        combine(target, patch, mergeKeys: [:])
    }

    /// A strategic merge patch: a merge patch whose lists of named things (containers, env …)
    /// merge element by element on their key instead of being replaced whole.
    public static func strategic(_ target: JSONValue, _ patch: JSONValue) -> JSONValue {
        combine(target, patch, mergeKeys: mergeKeys)
    }

    /// Lists merged element by element on a key (a strategic merge patch's `patchMergeKey`), by
    /// the field's name — or, where one name has two keys, by `parent.field`: a container's
    /// `ports` merge by `containerPort`, a Service's (under `spec`) by `port`.
    static let mergeKeys: [String: String] = [
        "containers": "name", "initContainers": "name", "env": "name", "volumes": "name", "volumeMounts": "mountPath",
        "containers.ports": "containerPort", "initContainers.ports": "containerPort", "ports": "port",
        "imagePullSecrets": "name", "conditions": "type",
    ]

    /// The merge key of the list `field` inside `parent` (the field or list holding it).
    static func mergeKey(_ field: String, parent: String, _ mergeKeys: [String: String]) -> String? {
        mergeKeys["\(parent).\(field)"] ?? mergeKeys[field]
    }

    /// A merge patch in which the lists named in `mergeKeys` merge element by element (none: RFC 7386).
    /// A strategic patch (merge keys given) also obeys the directives kubectl writes: `$patch:
    /// replace|delete`, `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`; `$retainKeys`
    /// and other `$` keys are not data and are dropped.
    static func combine(_ target: JSONValue, _ patch: JSONValue, mergeKeys: [String: String], parent: String = "") -> JSONValue {
        guard case .object(let patchFields) = patch else { return patch }
        let strategic = !mergeKeys.isEmpty
        if strategic, patch["$patch"]?.stringValue == "replace" {
            return .object(patchFields.filter { !$0.key.hasPrefix("$") })
        }
        var fields: [(key: String, value: JSONValue)] = []
        if case .object(let existing) = target { fields = existing }
        for (key, value) in patchFields {
            if strategic && key.hasPrefix("$") { continue }
            let index = fields.firstIndex { $0.key == key }
            if value == .null {
                if let index { fields.remove(at: index) }
                continue
            }
            let current = index.map { fields[$0].value } ?? .null
            var merged = combine(current, value, mergeKeys: mergeKeys, parent: key)
            if case .array(let patchItems) = value, let mergeKey = mergeKey(key, parent: parent, mergeKeys) {
                var items: [JSONValue] = []
                if case .array(let existing) = current { items = existing }
                for item in patchItems {
                    let at = item[mergeKey].flatMap { id in items.firstIndex { $0[mergeKey] == id } }
                    if item["$patch"]?.stringValue == "delete" {
                        if let at { items.remove(at: at) }
                    } else if let at {
                        items[at] = combine(items[at], item, mergeKeys: mergeKeys, parent: key)
                    } else {
                        items.append(combine(.null, item, mergeKeys: mergeKeys, parent: key))
                    }
                }
                merged = .array(items)
            }
            if let index { fields[index].value = merged } else { fields.append((key, merged)) }
        }
        guard strategic else { return .object(fields) }
        for (key, value) in patchFields where key.hasPrefix("$deleteFromPrimitiveList/") {
            let list = String(key.dropFirst("$deleteFromPrimitiveList/".count))
            guard let index = fields.firstIndex(where: { $0.key == list }), case .array(let items) = fields[index].value,
                  case .array(let gone) = value else { continue }
            fields[index].value = .array(items.filter { !gone.contains($0) })
        }
        for (key, value) in patchFields where key.hasPrefix("$setElementOrder/") {
            let list = String(key.dropFirst("$setElementOrder/".count))
            guard let index = fields.firstIndex(where: { $0.key == list }), case .array(let items) = fields[index].value,
                  case .array(let order) = value else { continue }
            // Items named in the order come in that order; the rest keep theirs, after them.
            let mergeKey = mergeKey(list, parent: parent, mergeKeys)
            let position = { (item: JSONValue) -> Int? in
                order.firstIndex { entry in mergeKey.map { key in entry[key] == item[key] } ?? (entry == item) }
            }
            let ordered = items.enumerated().sorted { a, b in
                let (x, y) = (position(a.element) ?? order.count + a.offset, position(b.element) ?? order.count + b.offset)
                return x < y
            }.map(\.element)
            fields[index].value = .array(ordered)
        }
        return .object(fields)
    }

    /// RFC 6902 JSON patch: `add`, `remove`, `replace`, `move`, `copy`, `test`, applied in order;
    /// one failing operation fails the whole patch.
    public static func json(_ target: JSONValue, _ operations: JSONValue) throws(Failure) -> JSONValue {
        guard case .array(let list) = operations else {
            throw Failure(message: "json: cannot unmarshal object into Go value of type jsonpatch.Patch")
        }
        var document = target
        for operation in list {
            guard let op = operation["op"]?.stringValue else { throw Failure(message: "Unexpected kind: ") }
            let path = operation["path"]?.stringValue ?? ""
            switch op {
            case "add": document = try set(document, pointer(path), operation["value"] ?? .null, inserting: true)
            case "replace":
                guard get(document, pointer(path)) != nil else { throw Failure(message: "replace operation does not apply: doc is missing key: \(path)") }
                document = try set(document, pointer(path), operation["value"] ?? .null, inserting: false)
            case "remove":
                guard get(document, pointer(path)) != nil else { throw Failure(message: "remove operation does not apply: doc is missing path: \"\(path)\"") }
                document = remove(document, pointer(path))
            case "move", "copy":
                let from = operation["from"]?.stringValue ?? ""
                guard let value = get(document, pointer(from)) else { throw Failure(message: "\(op) operation does not apply: doc is missing from path: \"\(from)\"") }
                if op == "move" { document = remove(document, pointer(from)) }
                document = try set(document, pointer(path), value, inserting: true)
            case "test":
                guard get(document, pointer(path)) == (operation["value"] ?? .null) else { throw Failure(message: "testing value \(path) failed: test failed") }
            default:
                throw Failure(message: "Unexpected kind: \(op)")
            }
        }
        return document
    }

    /// A JSON pointer's tokens (`/spec/minAvailable` → ["spec", "minAvailable"]), `~1` and `~0` undone.
    static func pointer(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    static func get(_ value: JSONValue, _ tokens: [String]) -> JSONValue? {
        guard let first = tokens.first else { return value }
        switch value {
        case .object: return value[first].flatMap { get($0, Array(tokens.dropFirst())) }
        case .array(let items):
            guard let index = Int(first), items.indices.contains(index) else { return nil }
            return get(items[index], Array(tokens.dropFirst()))
        default: return nil
        }
    }

    static func set(_ value: JSONValue, _ tokens: [String], _ newValue: JSONValue, inserting: Bool) throws(Failure) -> JSONValue {
        guard let first = tokens.first else { return newValue }
        let rest = Array(tokens.dropFirst())
        switch value {
        case .object(var fields):
            if let index = fields.firstIndex(where: { $0.key == first }) {
                fields[index].value = try set(fields[index].value, rest, newValue, inserting: inserting)
            } else {
                guard rest.isEmpty else { throw Failure(message: "add operation does not apply: doc is missing path: \"/\(tokens.joined(separator: "/"))\": missing value") }
                fields.append((first, newValue))
            }
            return .object(fields)
        case .array(var items):
            if rest.isEmpty, inserting {
                let index = first == "-" ? items.count : (Int(first) ?? -1)
                guard index >= 0, index <= items.count else { throw Failure(message: "add operation does not apply: doc is missing path: \"\(first)\": missing value") }
                items.insert(newValue, at: index)
                return .array(items)
            }
            guard let index = Int(first), items.indices.contains(index) else { throw Failure(message: "doc is missing path: \"\(first)\": missing value") }
            items[index] = try set(items[index], rest, newValue, inserting: inserting)
            return .array(items)
        default:
            throw Failure(message: "doc is missing path: \"/\(tokens.joined(separator: "/"))\": missing value")
        }
    }

    static func remove(_ value: JSONValue, _ tokens: [String]) -> JSONValue {
        guard let first = tokens.first else { return .null }
        let rest = Array(tokens.dropFirst())
        switch value {
        case .object(var fields):
            guard let index = fields.firstIndex(where: { $0.key == first }) else { return value }
            if rest.isEmpty { fields.remove(at: index) } else { fields[index].value = remove(fields[index].value, rest) }
            return .object(fields)
        case .array(var items):
            guard let index = Int(first), items.indices.contains(index) else { return value }
            if rest.isEmpty { items.remove(at: index) } else { items[index] = remove(items[index], rest) }
            return .array(items)
        default: return value
        }
    }
}
