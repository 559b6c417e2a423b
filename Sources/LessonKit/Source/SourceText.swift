import Foundation

/// A lesson file's text, from which the model's text values are sliced.
///
/// Most text cmark reports (a prose run, a code span, a code block, an info string) stands in the
/// file exactly as written, so the model holds it as a slice of the file's one String: a slice
/// costs a reference, a copy costs an allocation, and a lesson has a hundred such values.
/// Where cmark's text differs from the file (entities, escapes, prefixes of lists and quotes
/// removed), the value is a copy.
struct SourceText {
    /// The whole file; every slice shares its storage.
    let string: String
    /// The file's UTF-8, borrowed from `string` while the lesson is built.
    let bytes: UnsafeBufferPointer<UInt8>
    /// Finds line starts for ``offset(line:column:)``.
    private var lines: LineCursor

    init(string: String, bytes: UnsafeBufferPointer<UInt8>) {
        self.string = string
        self.bytes = bytes
        lines = LineCursor(bytes: bytes)
    }

    /// The bytes of file line `number` (1-based, newline excluded), or `nil` past the end.
    mutating func line(_ number: Int) -> ByteSlice? { lines.line(number) }

    /// The offset where file line `number` starts, or `nil` past the end.
    mutating func start(ofLine number: Int) -> Int? { lines.start(ofLine: number) }

    /// The byte offset of a 1-based line and byte column, or `nil` when that is outside the file.
    mutating func offset(line: Int, column: Int) -> Int? {
        guard column >= 1, let start = lines.start(ofLine: line) else { return nil }
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
        guard offset >= 0, offset <= bytes.count - text.count else { return false }
        guard let base = text.baseAddress, let file = bytes.baseAddress else { return text.isEmpty }
        return memcmp(file + offset, base, text.count) == 0
    }

    /// Bytes `range` of the file, which must start and end on scalar boundaries.
    func slice(_ range: Range<Int>) -> Substring {
        let utf8 = string.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        return Substring(utf8[start..<utf8.index(start, offsetBy: range.count)])
    }
}
