/// JSON text as Python's `json.dumps` writes it (what awscli and jp print).
public enum JSONSerializer {
    /// `json.dumps(v, separators=(',', ':'))`: JMESPath's `to_string`.
    public static func compact(_ value: JSONValue) -> String {
        String(decoding: compactBytes(value), as: UTF8.self)
    }

    /// The same text as UTF-8 bytes (what a server writes to a socket).
    public static func compactBytes(_ value: JSONValue) -> [UInt8] {
        var writer = Writer(indent: nil, keySeparator: Array(":".utf8), goEscapes: false)
        writer.write(value, level: 0)
        return writer.bytes
    }

    /// `json.dumps(v, indent=N, ensure_ascii=False)`: awscli's `--output json` uses 4. With
    /// `goEscapes`, strings are escaped as Go's `json.Marshal` does for kubectl and eksctl: `<`, `>`,
    /// `&`, U+2028 and U+2029 as `\uXXXX`.
    public static func pretty(_ value: JSONValue, indent: Int = 4, goEscapes: Bool = false) -> String {
        var writer = Writer(indent: indent, keySeparator: Array(": ".utf8), goEscapes: goEscapes)
        writer.write(value, level: 0)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Appends JSON text to a byte buffer: strings without characters to escape are copied whole.
    private struct Writer {
        var bytes: [UInt8] = []
        let indent: Int?
        let keySeparator: [UInt8]
        let goEscapes: Bool

        init(indent: Int?, keySeparator: [UInt8], goEscapes: Bool) {
            self.indent = indent
            self.keySeparator = keySeparator
            self.goEscapes = goEscapes
            bytes.reserveCapacity(1024)
        }

        mutating func write(_ value: JSONValue, level: Int) {
            switch value {
            case .null: bytes += "null".utf8
            case .bool(let b): bytes += (b ? "true" : "false").utf8
            case .int(let i): bytes += String(i).utf8
            case .double(let d): bytes += number(d).utf8
            case .string(let s): quote(s)
            case .array(let items):
                guard !items.isEmpty else { bytes += "[]".utf8; return }
                bytes.append(UInt8(ascii: "["))
                for (i, item) in items.enumerated() {
                    if i > 0 { bytes.append(UInt8(ascii: ",")) }
                    newline(level + 1)
                    write(item, level: level + 1)
                }
                newline(level)
                bytes.append(UInt8(ascii: "]"))
            case .object(let pairs):
                guard !pairs.isEmpty else { bytes += "{}".utf8; return }
                bytes.append(UInt8(ascii: "{"))
                for (i, pair) in pairs.enumerated() {
                    if i > 0 { bytes.append(UInt8(ascii: ",")) }
                    newline(level + 1)
                    quote(pair.key)
                    bytes += keySeparator
                    write(pair.value, level: level + 1)
                }
                newline(level)
                bytes.append(UInt8(ascii: "}"))
            }
        }

        mutating func newline(_ level: Int) {
            guard let indent else { return }
            bytes.append(UInt8(ascii: "\n"))
            bytes += repeatElement(UInt8(ascii: " "), count: indent * level)
        }

        mutating func quote(_ s: String) {
            var text = s
            let copied = text.withUTF8 { utf8 -> Bool in
                // One pass over the bytes; the common case (nothing to escape) is copied whole.
                for byte in utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte >= 0x80
                    || (goEscapes && (byte == 0x3C || byte == 0x3E || byte == 0x26)) {
                    return false
                }
                bytes.append(UInt8(ascii: "\""))
                bytes.append(contentsOf: utf8)
                bytes.append(UInt8(ascii: "\""))
                return true
            }
            if !copied {
                bytes += JSONSerializer.quoted(s, goEscapes: goEscapes).utf8
            }
        }
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
