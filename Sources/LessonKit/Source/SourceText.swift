import Foundation

/// A lesson file's text, from which the model's text values are sliced.
///
/// Most text cmark reports (a prose run, a code span, a code block, an info string) stands in the
/// file exactly as written, so the model holds it as a slice of the file's one String: a slice
/// costs a reference, a copy costs an allocation, and a lesson has a hundred such values.
/// Where cmark's text differs from the file (entities, escapes, prefixes of lists and quotes
/// removed), the value is a copy.
///
/// It owns the file's text (a String, and its UTF-8 as an array) and lends those bytes: as a
/// `Span` that cannot outlive it, or as a raw buffer to its own line scans for one call at a time.
/// (The array is a copy, measured cheaper than asking the String for its bytes at every scan.)
struct SourceText {
    /// The whole file; every slice shares its storage.
    let string: String
    /// The file's UTF-8, owned.
    private let utf8: [UInt8]
    /// Finds line starts for ``offset(line:column:)``.
    private var lines = LineCursor()

    init(string: String) {
        self.string = string
        utf8 = Array(string.utf8)
    }

    /// The file's UTF-8, viewed in place for as long as this value is borrowed.
    var bytes: Span<UInt8> {
        @_lifetime(borrow self)
        borrowing get { utf8.span }
    }

    /// The file's length in bytes.
    var count: Int { utf8.count }

    /// Moves the line cursor over the file's bytes (lent for the call; the cursor is moved as a
    /// copy, so the bytes and the cursor are never accessed at once).
    private mutating func withCursor<Result>(_ body: (inout LineCursor, UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var cursor = lines
        let result = withBuffer { body(&cursor, $0) }
        lines = cursor
        return result
    }

    /// The byte range of file line `number` (1-based, newline excluded), or `nil` past the end.
    mutating func line(_ number: Int) -> Range<Int>? { withCursor { $0.line(number, in: $1) } }

    /// The offset where file line `number` starts, or `nil` past the end.
    mutating func start(ofLine number: Int) -> Int? { withCursor { $0.start(ofLine: number, in: $1) } }

    /// The byte offset of a 1-based line and byte column, or `nil` when that is outside the file.
    mutating func offset(line: Int, column: Int) -> Int? {
        guard column >= 1, let start = start(ofLine: line) else { return nil }
        return start + column - 1
    }

    /// `text` as a slice of the file when the file holds exactly these bytes at `offset`, else a copy.
    func text(_ text: UnsafeBufferPointer<UInt8>, at offset: Int?) -> Substring {
        guard !text.isEmpty else { return Substring() }
        if let offset, holds(text, at: offset) { return slice(offset..<(offset + text.count)) }
        return Substring(String(decoding: text, as: UTF8.self))
    }

    /// Whether the file holds exactly `text` at byte `offset`. Both ends of such a range fall on
    /// scalar boundaries: valid UTF-8 matched there, and a continuation byte never equals the lead
    /// byte it would have to match.
    func holds(_ text: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard offset >= 0, offset <= utf8.count - text.count else { return false }
        guard let base = text.baseAddress else { return text.isEmpty }
        return withBuffer { file in memcmp(file.baseAddress! + offset, base, text.count) == 0 }
    }

    /// Lends the file's bytes to `body` for one call.
    private func withBuffer<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        utf8.withUnsafeBufferPointer(body)
    }

    /// Bytes `range` of the file, which must start and end on scalar boundaries.
    func slice(_ range: Range<Int>) -> Substring {
        let utf8 = string.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        return Substring(utf8[start..<utf8.index(start, offsetBy: range.count)])
    }
}
