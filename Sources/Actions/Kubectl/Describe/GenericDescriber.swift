import ClusterSim
import JSON

/// kubectl's describer for kinds it has no page of its own for (custom resources, CRDs): the name,
/// namespace, labels and annotations, then every other field of the object, keys sorted, each
/// named as `smartLabelFor` spells it (`apiVersion` → `API Version`), then the events.
enum GenericDescriber {
    static func page(_ object: JSONValue, events: [JSONValue], now: Double) -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(object.text("metadata", "name"))\n")
        w.write(0, "Namespace:\t\(object.text("metadata", "namespace"))\n")
        NodeDescriber.labels(&w, "Labels", object[path: "metadata", "labels"]?.stringMap ?? [])
        NodeDescriber.annotations(&w, "Annotations", object[path: "metadata", "annotations"]?.stringMap ?? [])
        content(&w, level: 0, object, prefix: "",
                skipping: [".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels", ".metadata.annotations"])
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }

    /// `printUnstructuredContent`: maps nest a level, lists print their maps nested and their other
    /// items one per line, scalars as `Label:\tvalue`.
    static func content(_ w: inout DescribeWriter, level: Int, _ value: JSONValue, prefix: String, skipping: Set<String>) {
        guard case .object(let fields) = value else { return }
        for (key, field) in fields.sorted(by: { $0.key < $1.key }) {
            let path = "\(prefix).\(key)"
            if skipping.contains(path) { continue }
            switch field {
            case .object:
                w.write(level, "\(label(key)):\n")
                content(&w, level: level + 1, field, prefix: path, skipping: skipping)
            case .array(let items):
                w.write(level, "\(label(key)):\n")
                for item in items {
                    if case .object = item {
                        content(&w, level: level + 1, item, prefix: path, skipping: skipping)
                    } else {
                        w.write(level + 1, "\(goValue(item))\n")
                    }
                }
            default:
                w.write(level, "\(label(key)):\t\(goValue(field))\n")
            }
        }
    }

    /// Go's `%v` of a decoded JSON value.
    static func goValue(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return goFloat(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "<nil>"
        case .array(let items): return "[" + items.map(goValue).joined(separator: " ") + "]"
        case .object(let fields): return "map[" + fields.sorted { $0.key < $1.key }.map { "\($0.key):\(goValue($0.value))" }.joined(separator: " ") + "]"
        }
    }

    /// `%v` of a float64: strconv's shortest `g` form, with an exponent when it is below -4 or
    /// at least 6 (`1.5`, `123456`, `1e+06`, `1e-05`).
    static func goFloat(_ number: Double) -> String {
        guard number.isFinite, number != 0 else { return number == 0 ? "0" : (number.isNaN ? "NaN" : (number > 0 ? "+Inf" : "-Inf")) }
        // Swift's description is the shortest round-tripping form too; only the layout differs.
        let shortest = "\(abs(number))"
        var digits = "", exponent = 0
        if let e = shortest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            digits = String(shortest[..<e]).replacingOccurrences(of: ".", with: "")
            exponent = Int(shortest[shortest.index(after: e)...]) ?? 0
        } else {
            let parts = shortest.split(separator: ".", omittingEmptySubsequences: false)
            let whole = String(parts[0]), fraction = parts.count > 1 ? String(parts[1]) : ""
            digits = whole + fraction
            exponent = whole.count - 1
            while digits.hasPrefix("0"), digits.count > 1 { digits.removeFirst(); exponent -= 1 }
        }
        while digits.hasSuffix("0"), digits.count > 1 { digits.removeLast() }
        let sign = number < 0 ? "-" : ""
        if exponent < -4 || exponent >= 6 {
            let mantissa = digits.count > 1 ? "\(digits.prefix(1)).\(digits.dropFirst())" : digits
            return "\(sign)\(mantissa)e\(exponent < 0 ? "-" : "+")\(abs(exponent) < 10 ? "0" : "")\(abs(exponent))"
        }
        if exponent < 0 { return sign + "0." + String(repeating: "0", count: -exponent - 1) + digits }
        if digits.count <= exponent + 1 { return sign + digits + String(repeating: "0", count: exponent + 1 - digits.count) }
        return sign + digits.prefix(exponent + 1) + "." + digits.dropFirst(exponent + 1)
    }

    /// `smartLabelFor`: camel case split into title-cased words, common acronyms upper-cased; a
    /// field with anything but letters and `-` is shown as it is.
    static func label(_ field: String) -> String {
        guard field.allSatisfy({ $0.isLetter || $0 == "-" }), !field.isEmpty else { return field }
        enum Class { case lower, upper, digit, other }
        func classify(_ c: Character) -> Class {
            if c.isLowercase { return .lower }
            if c.isUppercase { return .upper }
            if c.isNumber { return .digit }
            return .other
        }
        var runs: [[Character]] = []
        var last: Class?
        for character in field {
            let kind = classify(character)
            if kind == last { runs[runs.count - 1].append(character) } else { runs.append([character]) }
            last = kind
        }
        // "PDFLoader" → "PDF", "Loader": an upper-case run gives its last letter to the word after it.
        if runs.count > 1 {
            for i in 0..<(runs.count - 1) where classify(runs[i][0]) == .upper && classify(runs[i + 1][0]) == .lower {
                runs[i + 1].insert(runs[i].removeLast(), at: 0)
            }
        }
        let acronyms: Set<String> = ["API", "URL", "UID", "OSB", "GUID"]
        var words: [String] = []
        for run in runs where !run.isEmpty {
            let part = String(run)
            words.append(acronyms.contains(part.uppercased()) ? part.uppercased() : part.prefix(1).uppercased() + String(part.dropFirst()))
        }
        return words.joined(separator: " ")
    }
}
