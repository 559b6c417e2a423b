/// A front-matter value, keeping mapping order so it can be shown and re-emitted as written.
public indirect enum YAMLValue: Sendable, Equatable, Encodable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case sequence([YAMLValue])
    case mapping([(key: String, value: YAMLValue)])

    public static func == (lhs: YAMLValue, rhs: YAMLValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.sequence(a), .sequence(b)): return a == b
        case let (.mapping(a), .mapping(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The value as text, the way a lesson title or description is used.
    public var text: String? {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return String(b)
        case .null, .sequence, .mapping: return nil
        }
    }

    /// JavaScript's `parseInt` on the value, as the EKS Workshop harness reads weights.
    public var parseIntValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d): return d.isFinite && abs(d) < 1e15 ? Int(d) : nil
        case .string(let s): return JavaScript.parseInt(s)
        default: return nil
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .int(let i): try container.encode(i)
        case .double(let d): try container.encode(d)
        case .string(let s): try container.encode(s)
        case .sequence(let items): try container.encode(items)
        case .mapping(let pairs): try container.encode(OrderedMapping(pairs: pairs))
        }
    }
}

/// Encodes pairs in their written order.
struct OrderedMapping: Encodable {
    var pairs: [(key: String, value: YAMLValue)]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for pair in pairs { try container.encode(pair.value, forKey: Key(stringValue: pair.key)) }
    }
}

/// The few JavaScript number rules the harness's behaviour depends on.
public enum JavaScript {
    /// `parseInt(s, 10)`: optional blanks and sign, then leading digits; `nil` where JS gives NaN.
    public static func parseInt(_ text: some StringProtocol) -> Int? {
        parseInt(bytes: Substring(text).utf8[...])
    }

    /// `parseInt(s, 10)` of UTF-8 bytes.
    static func parseInt<Bytes: Collection<UInt8>>(bytes: Bytes) -> Int? where Bytes.SubSequence == Bytes {
        var bytes = bytes
        while let first = bytes.first, first == 0x20 || first == 0x09 || first == 0x0A { bytes = bytes.dropFirst() }
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var value = 0
        var digits = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { break }
            // Eighteen digits always fit; JavaScript keeps reading, but such a number is no timeout.
            if digits < 18 { value = value * 10 + Int(byte - 0x30) }
            digits += 1
        }
        guard digits > 0 else { return nil }
        return negative ? -value : value
    }
}
