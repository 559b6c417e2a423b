/// Finds a text's lines by number, moving from the last line asked for: the model is built in file
/// order, so the whole text is scanned about once, without an index of every line. Stepping back
/// (from a code block's closing fence to its first line) scans only the lines in between.
///
/// It keeps only where it is (numbers); the text is lent to each call by ``SourceText``, which owns
/// it, so the cursor holds no pointer.
struct LineCursor {
    private var number = 1
    private var start = 0

    /// The byte range of line `wanted` of `bytes` (1-based, newline excluded), or `nil` past the end.
    mutating func line(_ wanted: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard let start = start(ofLine: wanted, in: bytes) else { return nil }
        return start..<(bytes.firstOffset(of: 0x0A, from: start) ?? bytes.count)
    }

    /// The offset where line `wanted` (1-based) of `bytes` starts, or `nil` past the end.
    mutating func start(ofLine wanted: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard wanted >= 1, !bytes.isEmpty else { return nil }
        while number > wanted {
            // The previous line ends just before this one starts: find its own start.
            var scan = start - 1
            while scan > 0, bytes[scan - 1] != 0x0A { scan -= 1 }
            start = scan
            number -= 1
        }
        while number < wanted {
            guard let newline = bytes.firstOffset(of: 0x0A, from: start) else { return nil }
            start = newline + 1
            number += 1
        }
        return start
    }
}
