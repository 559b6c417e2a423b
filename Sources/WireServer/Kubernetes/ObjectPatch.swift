import Foundation
import JSON

/// The three patch forms kubectl sends, applied to an object's JSON: a JSON merge patch (RFC 7386),
/// a strategic merge patch (a merge patch whose `$`-directives are dropped; the fields Workshop writes
/// — labels, taints, `unschedulable` — merge as a merge patch does), and a JSON patch (RFC 6902).
enum ObjectPatch {
    static func apply(contentType: String, patch: JSONValue, to object: JSONValue) throws(KubernetesStatus) -> JSONValue {
        if contentType.hasPrefix("application/json-patch+json") { return try jsonPatch(patch, object) }
        if contentType.hasPrefix("application/merge-patch+json") || contentType.hasPrefix("application/strategic-merge-patch+json") {
            return merge(object, patch)
        }
        throw KubernetesStatus(code: 415, reason: "UnsupportedMediaType", message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json")
    }

    static func merge(_ target: JSONValue, _ patch: JSONValue) -> JSONValue {
        guard case .object(let patchPairs) = patch else { return patch }
        var pairs: [(key: String, value: JSONValue)] = []
        if case .object(let existing) = target { pairs = existing }
        for (key, value) in patchPairs where !key.hasPrefix("$") {
            if value == .null {
                pairs.removeAll { $0.key == key }
            } else if let index = pairs.firstIndex(where: { $0.key == key }) {
                pairs[index].value = merge(pairs[index].value, value)
            } else {
                pairs.append((key, merge(.null, value)))
            }
        }
        return .object(pairs)
    }

    static func jsonPatch(_ patch: JSONValue, _ object: JSONValue) throws(KubernetesStatus) -> JSONValue {
        guard case .array(let operations) = patch else { throw .badRequest("a JSON patch is a list of operations") }
        var result = object
        for operation in operations {
            guard case .string(let op)? = operation["op"], case .string(let path)? = operation["path"] else {
                throw .badRequest("a JSON patch operation needs \"op\" and \"path\"")
            }
            let pointer = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
                $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            }
            switch op {
            case "add", "replace":
                guard let value = operation["value"] else { throw .badRequest("\(op) operation does not apply: missing value") }
                result = try set(result, Array(pointer)[...], value, path: path)
            case "remove":
                result = try set(result, Array(pointer)[...], nil, path: path)
            case "test":
                var current: JSONValue? = result
                for key in pointer { current = current?[key] }
                guard current == operation["value"] else { throw .badRequest("testing value \(path) failed") }
            default:
                throw .badRequest("Unexpected kind: \(op)")
            }
        }
        return result
    }

    private static func set(_ value: JSONValue, _ pointer: ArraySlice<String>, _ newValue: JSONValue?, path: String) throws(KubernetesStatus) -> JSONValue {
        guard let key = pointer.first else { return newValue ?? .null }
        switch value {
        case .object(var pairs):
            if let index = pairs.firstIndex(where: { $0.key == key }) {
                if pointer.count == 1 && newValue == nil {
                    pairs.remove(at: index)
                } else {
                    pairs[index].value = try set(pairs[index].value, pointer.dropFirst(), newValue, path: path)
                }
            } else {
                guard pointer.count == 1, let newValue else { throw .badRequest("jsonpatch \(newValue == nil ? "remove" : "add") operation does not apply: doc is missing path: \"\(path)\"") }
                pairs.append((key, newValue))
            }
            return .object(pairs)
        case .array(var items):
            if key == "-" && pointer.count == 1, let newValue { return .array(items + [newValue]) }
            guard let index = Int(key), index >= 0, index < items.count + (pointer.count == 1 ? 1 : 0) else {
                throw .badRequest("jsonpatch operation does not apply: doc is missing path: \"\(path)\"")
            }
            if pointer.count == 1 {
                if let newValue {
                    if index == items.count { items.append(newValue) } else { items[index] = newValue }
                } else {
                    guard index < items.count else { throw .badRequest("jsonpatch remove operation does not apply: doc is missing path: \"\(path)\"") }
                    items.remove(at: index)
                }
            } else {
                items[index] = try set(items[index], pointer.dropFirst(), newValue, path: path)
            }
            return .array(items)
        default:
            guard newValue != nil, pointer.count == 1 else { throw .badRequest("jsonpatch operation does not apply: doc is missing path: \"\(path)\"") }
            return .object([(key, newValue!)])
        }
    }
}
