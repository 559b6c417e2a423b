/// Finds a text's lines by number, moving on from the last line asked for: code blocks come in
/// file order, so the whole text is scanned about once, without an index of every line.
struct LineCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    private var number = 1
    private var start = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The bytes of line `wanted` (1-based, newline excluded), or `nil` past the end.
    mutating func line(_ wanted: Int) -> ByteSlice? {
        guard wanted >= 1, bytes.baseAddress != nil else { return nil }
        if wanted < number {
            number = 1
            start = 0
        }
        while number < wanted {
            guard let newline = bytes.firstOffset(of: 0x0A, from: start) else { return nil }
            start = newline + 1
            number += 1
        }
        return bytes[start..<(bytes.firstOffset(of: 0x0A, from: start) ?? bytes.count)]
    }
}
