import Foundation

/// A lesson file's text, from which the model's text values are sliced.
///
/// Most text cmark reports (a prose run, a code span, a code block, an info string) stands in the
/// file exactly as written, so the model holds it as a slice of the file's one String: a slice
/// costs a reference, a copy costs an allocation, and a lesson has a hundred such values.
/// Where cmark's text differs from the file (entities, escapes, prefixes of lists and quotes
/// removed), the value is a copy.
///
/// It owns the file's text (a String), and lends its bytes as a `Span` that cannot outlive it.
struct SourceText {
    /// The whole file; every slice shares its storage.
    let string: String
    /// The same text's UTF-8 view, stored: a `Span` of it lives as long as this value is borrowed.
    private let utf8: String.UTF8View
    /// Finds line starts for ``offset(line:column:)``.
    private var lines = LineCursor()

    init(string: String) {
        var string = string
        string.makeContiguousUTF8()
        self.string = string
        utf8 = string.utf8
    }

    /// The file's UTF-8, viewed in place for as long as this value is borrowed.
    var bytes: Span<UInt8> {
        @_lifetime(borrow self)
        borrowing get { utf8.span }
    }

    /// The file's length in bytes.
    var count: Int { utf8.count }

    /// The byte range of file line `number` (1-based, newline excluded), or `nil` past the end.
    mutating func line(_ number: Int) -> Range<Int>? { lines.line(number, in: utf8.span) }

    /// The offset where file line `number` starts, or `nil` past the end.
    mutating func start(ofLine number: Int) -> Int? { lines.start(ofLine: number, in: utf8.span) }

    /// The byte offset of a 1-based line and byte column, or `nil` when that is outside the file.
    mutating func offset(line: Int, column: Int) -> Int? {
        guard column >= 1, let start = lines.start(ofLine: line, in: utf8.span) else { return nil }
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
        guard offset >= 0, offset <= count - text.count else { return false }
        guard let base = text.baseAddress else { return text.isEmpty }
        return utf8.span.withUnsafeBufferPointer { file in memcmp(file.baseAddress! + offset, base, text.count) == 0 }
    }

    /// Bytes `range` of the file, which must start and end on scalar boundaries.
    func slice(_ range: Range<Int>) -> Substring {
        let utf8 = string.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        return Substring(utf8[start..<utf8.index(start, offsetBy: range.count)])
    }
}

extension Span<UInt8> {
    /// Offset of the first `byte` at or after `start`, found with memchr.
    func firstOffset(of byte: UInt8, from start: Int = 0) -> Int? {
        withUnsafeBufferPointer { $0.firstOffset(of: byte, from: start) }
    }
}
