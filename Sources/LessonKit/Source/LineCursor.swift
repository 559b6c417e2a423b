import Foundation

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
    mutating func line(_ wanted: Int) -> Slice<UnsafeBufferPointer<UInt8>>? {
        guard wanted >= 1, let base = bytes.baseAddress else { return nil }
        if wanted < number {
            number = 1
            start = 0
        }
        while number < wanted {
            guard start < bytes.count, let newline = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
            start = UnsafePointer<UInt8>(newline.assumingMemoryBound(to: UInt8.self)) - base + 1
            number += 1
        }
        guard start <= bytes.count else { return nil }
        let end = start < bytes.count
            ? memchr(base + start, 0x0A, bytes.count - start).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? bytes.count
            : bytes.count
        return bytes[start..<end]
    }
}
