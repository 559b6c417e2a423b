import JMESPath
import JSON

/// awscli's `--output text` (awscli/text.py): a dict's scalars on one tab-separated line, sorted by
/// key and led by the upper-cased name of the member that held it; nested lists and dicts on
/// the following lines; lists of dicts share one sorted set of scalar keys.
enum AWSTextFormatter {
    /// awscli's own failure on a list mixing dicts with other values: Python calls `.items()` on
    /// the first non-dict, and the CLI reports `'<type>' object has no attribute 'items'`.
    struct Failure: Error {
        var partialOutput: String
        var message: String
    }

    /// The text, or the failure awscli itself hits (with whatever it printed before failing).
    static func render(_ value: JSONValue) throws(Failure) -> String {
        var out = ""
        do {
            try write(value, identifier: nil, scalarKeys: nil, into: &out)
        } catch {
            throw Failure(partialOutput: out, message: "'\(error.pythonType)' object has no attribute 'items'")
        }
        return out
    }

    struct NotADict: Error {
        var pythonType: String
    }

    static func pythonType(_ v: JSONValue) -> String {
        switch v {
        case .null: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .array: return "list"
        case .object: return "dict"
        }
    }

    private static func isScalar(_ v: JSONValue) -> Bool {
        switch v {
        case .array, .object: return false
        default: return true
        }
    }

    /// Python's `str()` of a JSON value.
    static func pythonString(_ v: JSONValue) -> String {
        switch v {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .double(let d): return JSONSerializer.number(d)
        case .string(let s): return s
        case .array, .object: return pythonRepr(v)
        }
    }

    /// Python's `repr()` of a list or dict (what `str()` shows for nested values).
    private static func pythonRepr(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        case .array(let items): return "[" + items.map(pythonRepr).joined(separator: ", ") + "]"
        case .object(let pairs): return "{" + pairs.map { "'\($0.key)': " + pythonRepr($0.value) }.joined(separator: ", ") + "}"
        default: return pythonString(v)
        }
    }

    private static func write(_ item: JSONValue, identifier: String?, scalarKeys: [String]?, into out: inout String) throws(NotADict) {
        switch item {
        case .object(let pairs):
            try writeDict(pairs, identifier: identifier, scalarKeys: scalarKeys, into: &out)
        case .array(let items):
            try writeList(items, identifier: identifier, into: &out)
        default:
            out += pythonString(item) + "\n"
        }
    }

    private static func sortedKeys(_ keys: [String]) -> [String] {
        keys.sorted { $0.unicodeScalars.map(\.value).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
    }

    private static func writeList(_ items: [JSONValue], identifier: String?, into out: inout String) throws(NotADict) {
        guard !items.isEmpty else { return }
        if items.contains(where: { if case .object = $0 { return true } else { return false } }) {
            var keys: Set<String> = []
            for item in items {
                guard case .object(let pairs) = item else { throw NotADict(pythonType: pythonType(item)) }
                for pair in pairs where isScalar(pair.value) { keys.insert(pair.key) }
            }
            let all = sortedKeys(Array(keys))
            for item in items { try write(item, identifier: identifier, scalarKeys: all, into: &out) }
        } else if items.contains(where: { if case .array = $0 { return true } else { return false } }) {
            let scalars = items.filter(isScalar)
            if !scalars.isEmpty { writeScalarList(scalars, identifier: identifier, into: &out) }
            for item in items where !isScalar(item) { try write(item, identifier: identifier, scalarKeys: nil, into: &out) }
        } else {
            writeScalarList(items, identifier: identifier, into: &out)
        }
    }

    private static func writeScalarList(_ items: [JSONValue], identifier: String?, into out: inout String) {
        if let identifier {
            for item in items { out += identifier.uppercased() + "\t" + pythonString(item) + "\n" }
        } else {
            out += items.map(pythonString).joined(separator: "\t") + "\n"
        }
    }

    private static func writeDict(_ pairs: [(key: String, value: JSONValue)], identifier: String?, scalarKeys: [String]?, into out: inout String) throws(NotADict) {
        var scalars: [String] = []
        var nonScalars: [(String, JSONValue)] = []
        if let scalarKeys {
            // A key another element has but this one lacks prints as an empty field.
            for key in scalarKeys { scalars.append(pairs.first { $0.key == key }.map { pythonString($0.value) } ?? "") }
            for key in sortedKeys(pairs.map(\.key).filter { !scalarKeys.contains($0) }) {
                nonScalars.append((key, pairs.first { $0.key == key }!.value))
            }
        } else {
            for key in sortedKeys(pairs.map(\.key)) {
                let value = pairs.first { $0.key == key }!.value
                if isScalar(value) { scalars.append(pythonString(value)) } else { nonScalars.append((key, value)) }
            }
        }
        if !scalars.isEmpty {
            if let identifier { scalars.insert(identifier.uppercased(), at: 0) }
            out += scalars.joined(separator: "\t") + "\n"
        }
        for (key, value) in nonScalars { try write(value, identifier: key, scalarKeys: nil, into: &out) }
    }
}
