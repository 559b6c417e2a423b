import JSON

/// A set of fields of an object, as server-side apply tracks who owns what: each field is a path
/// of `f:<name>` (a map's field), `k:<key JSON>` (a list item by its merge key, `containers` by
/// `name`) and `.` (the item itself). Lists without a merge key, and scalars, are leaves.
public struct FieldSet: Sendable, Equatable {
    public typealias Path = [String]
    public private(set) var paths: Set<Path>

    public init(_ paths: Set<Path> = []) { self.paths = paths }

    /// Fields the server keeps for itself: never owned, never in conflict.
    static let ignored: Set<Path> = [["f:apiVersion"], ["f:kind"], ["f:metadata", "f:name"], ["f:metadata", "f:namespace"],
                                     ["f:metadata", "f:uid"], ["f:metadata", "f:resourceVersion"], ["f:metadata", "f:generation"],
                                     ["f:metadata", "f:creationTimestamp"], ["f:metadata", "f:managedFields"], ["f:status"]]

    /// Every leaf of an object (and each keyed list item's `.`).
    public static func of(_ value: JSONValue) -> FieldSet {
        var paths = Set<Path>()
        collect(value, at: [], into: &paths)
        return FieldSet(paths.filter { path in !ignored.contains { path.starts(with: $0) } })
    }

    private static func collect(_ value: JSONValue, at path: Path, into paths: inout Set<Path>) {
        switch value {
        case .object(let pairs) where !pairs.isEmpty:
            for (key, child) in pairs { collect(child, at: path + ["f:" + key], into: &paths) }
        case .array(let items) where !items.isEmpty:
            // The list's merge key, as a strategic patch finds it (by the field and what holds it).
            let parent = path.dropLast().last { $0.hasPrefix("f:") }.map { String($0.dropFirst(2)) } ?? ""
            guard let field = path.last, field.hasPrefix("f:"),
                  let mergeKey = ObjectPatch.mergeKey(String(field.dropFirst(2)), parent: parent, ObjectPatch.mergeKeys),
                  items.allSatisfy({ $0[mergeKey] != nil }) else {
                paths.insert(path)
                return
            }
            for item in items {
                let itemPath = path + [key(item, mergeKey)]
                paths.insert(itemPath + ["."])
                collect(item, at: itemPath, into: &paths)
            }
        default:
            paths.insert(path)
        }
    }

    /// `k:{"name":"web"}`.
    static func key(_ item: JSONValue, _ mergeKey: String) -> String {
        "k:" + JSONSerializer.compact(.object([(mergeKey, item[mergeKey] ?? .null)]))
    }

    /// The value a path reaches in an object (`.` reaches the item itself), or nil.
    public static func value(at path: Path, in object: JSONValue) -> JSONValue? {
        var current: JSONValue? = object
        for element in path {
            guard let here = current else { return nil }
            if element == "." { continue }
            if element.hasPrefix("f:") {
                current = here[String(element.dropFirst(2))]
            } else if element.hasPrefix("k:"), case .array(let items) = here,
                      case .object(let keyPairs)? = try? JSONParser.parse(String(element.dropFirst(2))), let (name, wanted) = keyPairs.first {
                current = items.first { $0[name] == wanted }
            } else {
                return nil
            }
        }
        return current
    }

    /// The object without the field a path names (a keyed item's `.` removes the item).
    static func removing(_ path: Path, from object: JSONValue) -> JSONValue {
        guard let first = path.first else { return object }
        let rest = Array(path.dropFirst())
        if first.hasPrefix("f:"), case .object(var pairs) = object {
            let name = String(first.dropFirst(2))
            guard let index = pairs.firstIndex(where: { $0.key == name }) else { return object }
            if rest.isEmpty {
                pairs.remove(at: index)
            } else {
                pairs[index].value = removing(rest, from: pairs[index].value)
            }
            return .object(pairs)
        }
        if first.hasPrefix("k:"), case .array(var items) = object,
           case .object(let keyPairs)? = try? JSONParser.parse(String(first.dropFirst(2))), let (name, wanted) = keyPairs.first,
           let index = items.firstIndex(where: { $0[name] == wanted }) {
            if rest == ["."] {
                items.remove(at: index)
            } else {
                items[index] = removing(rest, from: items[index])
            }
            return .array(items)
        }
        return object
    }

    /// How conflicts and errors name a field: `.spec.replicas`, `.spec.template.spec.containers[name="web"].image`.
    public static func describe(_ path: Path) -> String {
        path.map { element -> String in
            if element.hasPrefix("f:") { return "." + element.dropFirst(2) }
            if element.hasPrefix("k:"), case .object(let pairs)? = try? JSONParser.parse(String(element.dropFirst(2))) {
                return "[" + pairs.map { "\($0.key)=\(JSONSerializer.compact($0.value))" }.joined(separator: ",") + "]"
            }
            return ""
        }.joined()
    }

    /// The `fieldsV1` tree `managedFields` shows.
    public var fieldsV1: JSONValue {
        final class Node { var children: [String: Node] = [:] }
        let root = Node()
        for path in paths {
            var node = root
            for element in path {
                if let next = node.children[element] { node = next } else { let next = Node(); node.children[element] = next; node = next }
            }
        }
        func render(_ node: Node) -> JSONValue {
            .object(node.children.keys.sorted().map { ($0, render(node.children[$0]!)) })
        }
        return render(root)
    }

    public var isEmpty: Bool { paths.isEmpty }
    mutating func formUnion(_ other: FieldSet) { paths.formUnion(other.paths) }
    mutating func subtract(_ other: FieldSet) { paths.subtract(other.paths) }
    mutating func subtract(_ other: Set<Path>) { paths.subtract(other) }
    func contains(_ path: Path) -> Bool { paths.contains(path) }
}
