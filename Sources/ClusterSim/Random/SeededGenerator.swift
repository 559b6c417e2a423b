/// SplitMix64: a small, fast, seedable generator. Every random choice in the simulation goes
/// through one of these, so the same scenario and seed give the same run.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number of milliseconds between `low` and `high` seconds.
    mutating func jitter(_ low: Double, _ high: Double) -> SimTime {
        guard high > low else { return .seconds(low) }
        let span = UInt64((high - low) * 1000)
        return SimTime(milliseconds: Int64((low * 1000).rounded()) + Int64(next() % (span + 1)))
    }

    public mutating func hex(_ count: Int) -> String {
        let digits: [Character] = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(count)
        var value = next()
        var remaining = 16
        for _ in 0..<count {
            if remaining == 0 {
                value = next()
                remaining = 16
            }
            text.append(digits[Int(value & 0xF)])
            value >>= 4
            remaining -= 1
        }
        return text
    }

    /// A random element, or `nil` for an empty collection.
    mutating func pick<C: RandomAccessCollection>(_ items: C) -> C.Element? where C.Index == Int {
        guard !items.isEmpty else { return nil }
        return items[items.startIndex + Int(next() % UInt64(items.count))]
    }
}

/// FNV-1a: a stable hash for deriving fixed identifiers (AMI ids, build hashes) from their names,
/// unlike `Hasher`, whose seed changes with every process.
public enum StableHash {
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    public static func hex(_ text: String, count: Int) -> String {
        var generator = SeededGenerator(seed: fnv1a(text))
        return generator.hex(count)
    }

    /// A uuid-shaped id (`8-4-4-4-12` hex digits) derived from `text`: Kubernetes uids, AWS ids.
    public static func uuid(_ text: String) -> String { uuid(hex: hex(text, count: 32)) }

    /// 32 hex digits in uuid form.
    public static func uuid(hex: String) -> String {
        let h = Array(hex)
        return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-" + String(h[20..<32])
    }
}
