/// Reads the front matter nearly every lesson has — one `key: value` per line with plain or simply
/// quoted scalars — without a YAML parser. Anything else (nesting, lists, anchors, block scalars,
/// comments, escapes, a repeated key) returns `nil` and goes to Yams, so the result is always what
/// Yams would give. This path exists for speed: Yams costs more than cmark for a typical lesson.
enum SimpleFrontMatter {
    static func parse(_ yaml: Substring) -> [(key: String, value: YAMLValue)]? {
        // Read as bytes: keys are ASCII, and the syntax that sends a line to Yams is ASCII too.
        yaml.utf8.withContiguousStorageIfAvailable(parse(bytes:)) ?? Array(yaml.utf8).withUnsafeBufferPointer(parse(bytes:))
    }

    private typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> [(key: String, value: YAMLValue)]? {
        var pairs: [(key: String, value: YAMLValue)] = []
        var start = 0
        while true {
            let end = bytes.firstOffset(of: UInt8(ascii: "\n"), from: start) ?? bytes.count
            var line = bytes[start..<end]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if !line.allSatisfy({ $0 == UInt8(ascii: " ") }) {
                // A handful of keys: comparing with each is cheaper than hashing.
                guard let pair = keyValue(line), !pairs.contains(where: { $0.key == pair.key }) else { return nil }
                pairs.append(pair)
            }
            guard end < bytes.count else { return pairs }
            start = end + 1
        }
    }

    private static func keyValue(_ line: Bytes) -> (key: String, value: YAMLValue)? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let key = line[..<colon]
        guard let first = key.first, isKeyStart(first), key.allSatisfy(isKeyByte) else { return nil }
        let afterColon = line[(colon + 1)...]
        guard afterColon.isEmpty || afterColon.first == UInt8(ascii: " ") else { return nil }
        let keyText = String(decoding: key, as: UTF8.self)
        let value = trimBlanks(afterColon)
        guard let opening = value.first else { return (keyText, .null) }
        switch opening {
        case UInt8(ascii: "\""):
            // A double-quoted scalar without escapes.
            let inner = value.dropFirst()
            guard let close = inner.firstIndex(of: UInt8(ascii: "\"")), close + 1 == inner.endIndex,
                  !inner.contains(UInt8(ascii: "\\")) else { return nil }
            return (keyText, .string(String(decoding: inner[..<close], as: UTF8.self)))
        case UInt8(ascii: "'"):
            // A single-quoted scalar without a doubled quote inside.
            let inner = value.dropFirst()
            guard let close = inner.firstIndex(of: UInt8(ascii: "'")), close + 1 == inner.endIndex else { return nil }
            return (keyText, .string(String(decoding: inner[..<close], as: UTF8.self)))
        default:
            guard isPlainScalar(value) else { return nil }
            return (keyText, FrontMatter.scalarValue(String(decoding: value, as: UTF8.self)))
        }
    }

    /// A plain scalar that means the same to YAML as its text: no indicator at the start, no
    /// `: ` or ` #` inside, no trailing `:`, printable ASCII or any non-ASCII UTF-8.
    private static func isPlainScalar(_ bytes: Bytes) -> Bool {
        guard let first = bytes.first, !isIndicator(first) else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            if byte < 0x20 || byte == 0x7F { return false }
            if byte == UInt8(ascii: " ") && previous == UInt8(ascii: ":") { return false }
            if byte == UInt8(ascii: "#") && previous == UInt8(ascii: " ") { return false }
            previous = byte
        }
        return previous != UInt8(ascii: ":")
    }

    /// YAML's indicator characters, which a plain scalar cannot start with: `-?:,[]{}#&*!|>'"%@` and backquote.
    private static func isIndicator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
             UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
             UInt8(ascii: "`"):
            return true
        default:
            return false
        }
    }

    private static func isKeyStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        isKeyStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
    }

    /// Without leading and trailing spaces.
    private static func trimBlanks(_ text: Bytes) -> Bytes {
        var start = text.startIndex
        var end = text.endIndex
        while start < end, text[start] == UInt8(ascii: " ") { start += 1 }
        while end > start, text[end - 1] == UInt8(ascii: " ") { end -= 1 }
        return text[start..<end]
    }
}
