/// JSON text as Python's `json.dumps` writes it (what awscli and jp print).
public enum JSONSerializer {
    /// `json.dumps(v, separators=(',', ':'))`: JMESPath's `to_string`.
    public static func compact(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out, indent: nil, level: 0, itemSeparator: ",", keySeparator: ":")
        return out
    }

    /// `json.dumps(v, indent=N, ensure_ascii=False)`: awscli's `--output json` uses 4. With
    /// `goEscapes`, strings are escaped as Go's `json.Marshal` does for kubectl and eksctl: `<`, `>`,
    /// `&`, U+2028 and U+2029 as `\uXXXX`.
    public static func pretty(_ value: JSONValue, indent: Int = 4, goEscapes: Bool = false) -> String {
        var out = ""
        write(value, into: &out, indent: indent, level: 0, itemSeparator: ",", keySeparator: ": ", goEscapes: goEscapes)
        return out
    }

    private static func write(_ value: JSONValue, into out: inout String, indent: Int?, level: Int, itemSeparator: String, keySeparator: String,
                              goEscapes: Bool = false) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += number(d)
        case .string(let s): out += quoted(s, goEscapes: goEscapes)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += itemSeparator }
                newline(&out, indent, level + 1)
                write(item, into: &out, indent: indent, level: level + 1, itemSeparator: itemSeparator, keySeparator: keySeparator, goEscapes: goEscapes)
            }
            newline(&out, indent, level)
            out += "]"
        case .object(let pairs):
            guard !pairs.isEmpty else { out += "{}"; return }
            out += "{"
            for (i, pair) in pairs.enumerated() {
                if i > 0 { out += itemSeparator }
                newline(&out, indent, level + 1)
                out += quoted(pair.key, goEscapes: goEscapes) + keySeparator
                write(pair.value, into: &out, indent: indent, level: level + 1, itemSeparator: itemSeparator, keySeparator: keySeparator,
                      goEscapes: goEscapes)
            }
            newline(&out, indent, level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: Int?, _ level: Int) {
        guard let indent else { return }
        out += "\n" + String(repeating: " ", count: indent * level)
    }

    /// Python's float repr: shortest round-trip digits, `.0` on whole numbers, exponents past 1e16.
    public static func number(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
        if d == d.rounded(), abs(d) < 1e16 { return (d == 0 && d.sign == .minus ? "-0" : String(Int64(d))) + ".0" }
        // Swift's shortest round-trip form matches Python's repr here (1e+16, 1e-05, 0.1).
        return "\(d)"
    }

    /// A JSON string literal with Python's escapes (non-ASCII kept as is), plus Go's HTML-safe ones
    /// with `goEscapes`.
    public static func quoted(_ s: String, goEscapes: Bool = false) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "<", ">", "&", "\u{2028}", "\u{2029}" where goEscapes:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
