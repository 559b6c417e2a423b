/// Reads the front matter nearly every lesson has — one `key: value` per line with plain or simply
/// quoted scalars — without a YAML parser. Anything else (nesting, lists, anchors, block scalars,
/// comments, escapes, a repeated key) returns `nil` and goes to Yams, so the result is always what
/// Yams would give. This path exists for speed: Yams costs more than cmark for a typical lesson.
enum SimpleFrontMatter {
    static func parse(_ yaml: Substring) -> [(key: String, value: YAMLValue)]? {
        var pairs: [(key: String, value: YAMLValue)] = []
        var rest = yaml
        while true {
            let end = rest.utf8.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
            var line = rest[..<end]
            if line.utf8.last == UInt8(ascii: "\r") { line = line[..<line.utf8.index(before: line.utf8.endIndex)] }
            if !line.utf8.allSatisfy({ $0 == UInt8(ascii: " ") }) {
                // A handful of keys: comparing with each is cheaper than hashing.
                guard let pair = keyValue(line), !pairs.contains(where: { $0.key == pair.key }) else { return nil }
                pairs.append((String(pair.key), pair.value))
            }
            guard end < rest.endIndex else { return pairs }
            rest = rest[rest.utf8.index(after: end)...]
        }
    }

    private static func keyValue(_ line: Substring) -> (key: Substring, value: YAMLValue)? {
        let bytes = line.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let key = line[..<colon]
        guard let first = key.utf8.first, isKeyStart(first), key.utf8.allSatisfy(isKeyByte) else { return nil }
        let afterColon = line[bytes.index(after: colon)...]
        guard afterColon.isEmpty || afterColon.utf8.first == UInt8(ascii: " ") else { return nil }
        let value = trimBlanks(afterColon)
        if value.isEmpty { return (key, .null) }
        switch value.utf8.first! {
        case UInt8(ascii: "\""):
            // A double-quoted scalar without escapes.
            let inner = value.dropFirst()
            guard let close = inner.utf8.firstIndex(of: UInt8(ascii: "\"")), inner.utf8.index(after: close) == inner.utf8.endIndex,
                  !inner.utf8.contains(UInt8(ascii: "\\")) else { return nil }
            return (key, .string(String(inner[..<close])))
        case UInt8(ascii: "'"):
            // A single-quoted scalar without a doubled quote inside.
            let inner = value.dropFirst()
            guard let close = inner.utf8.firstIndex(of: UInt8(ascii: "'")), inner.utf8.index(after: close) == inner.utf8.endIndex
            else { return nil }
            return (key, .string(String(inner[..<close])))
        default:
            guard isPlainScalar(value) else { return nil }
            return (key, FrontMatter.scalarValue(String(value)))
        }
    }

    /// A plain scalar that means the same to YAML as its text: no indicator at the start, no
    /// `: ` or ` #` inside, no trailing `:`, printable ASCII or any non-ASCII UTF-8.
    private static func isPlainScalar(_ value: Substring) -> Bool {
        let bytes = value.utf8
        guard let first = bytes.first, !"-?:,[]{}#&*!|>'\"%@`".utf8.contains(first) else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            if byte < 0x20 || byte == 0x7F { return false }
            if byte == UInt8(ascii: " ") && previous == UInt8(ascii: ":") { return false }
            if byte == UInt8(ascii: "#") && previous == UInt8(ascii: " ") { return false }
            previous = byte
        }
        return previous != UInt8(ascii: ":")
    }

    private static func isKeyStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        isKeyStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
    }

    /// Without leading and trailing spaces, trimmed as bytes (a space is one byte and one Character).
    private static func trimBlanks(_ text: Substring) -> Substring {
        var start = text.utf8.startIndex
        var end = text.utf8.endIndex
        while start < end, text.utf8[start] == UInt8(ascii: " ") { start = text.utf8.index(after: start) }
        while end > start, text.utf8[text.utf8.index(before: end)] == UInt8(ascii: " ") { end = text.utf8.index(before: end) }
        return text[start..<end]
    }
}
