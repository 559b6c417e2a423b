/// A code block's text split into lines, read as bytes in place, with the cheap questions both
/// readings ask of a line.
///
/// Lines are byte ranges of the block's text, so a run of consecutive lines is one slice of it:
/// a command spanning several lines, or a step's sample output, is a slice too, not a join.
/// A line is looked at as Characters only where a non-ASCII byte could change the answer.
struct BlockLines {
    /// The block's text without its final newline.
    let text: Substring
    /// File line of line 0.
    let firstLine: Int
    /// The text's UTF-8 (valid inside ``read(_:firstLine:_:)``).
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Where each line starts in `bytes`; line `i` ends where line `i + 1` starts, less its newline.
    private let starts: UnsafeBufferPointer<Int>

    /// Splits `text` and hands its lines to `body`: the line table lives on the stack while it runs.
    static func read<Result>(_ text: Substring, firstLine: Int, _ body: (BlockLines) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable({ read(text, bytes: $0, firstLine: firstLine, body) }) {
            return result
        }
        let copy = String(text)
        return read(copy[...], firstLine: firstLine, body)
    }

    private static func read<Result>(_ text: Substring, bytes: UnsafeBufferPointer<UInt8>, firstLine: Int,
                                     _ body: (BlockLines) -> Result) -> Result {
        guard !bytes.isEmpty else {
            return body(BlockLines(text: text, firstLine: firstLine, bytes: bytes, starts: UnsafeBufferPointer(start: nil, count: 0)))
        }
        var count = 1
        var from = 0
        while let newline = bytes.firstOffset(of: 0x0A, from: from) {
            count += 1
            from = newline + 1
        }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { starts in
            starts[0] = 0
            var line = 1
            var from = 0
            while let newline = bytes.firstOffset(of: 0x0A, from: from) {
                starts[line] = newline + 1
                line += 1
                from = newline + 1
            }
            return body(BlockLines(text: text, firstLine: firstLine, bytes: bytes, starts: UnsafeBufferPointer(starts)))
        }
    }

    private init(text: Substring, firstLine: Int, bytes: UnsafeBufferPointer<UInt8>, starts: UnsafeBufferPointer<Int>) {
        self.text = text
        self.firstLine = firstLine
        self.bytes = bytes
        self.starts = starts
    }

    var count: Int { starts.count }

    func start(_ line: Int) -> Int { starts[line] }
    func end(_ line: Int) -> Int { line + 1 < starts.count ? starts[line + 1] - 1 : bytes.count }

    /// Bytes `range` of the text as a slice of it (they must fall on scalar boundaries, as line ends
    /// and prompt ends do).
    func slice(_ range: Range<Int>) -> Substring {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        return Substring(utf8[start..<utf8.index(start, offsetBy: range.count)])
    }

    /// Where a slice of ``text`` lies in it, in bytes.
    func offsets(of slice: Substring) -> Range<Int> {
        let utf8 = text.utf8
        let start = utf8.distance(from: utf8.startIndex, to: slice.startIndex)
        return start..<(start + slice.utf8.count)
    }

    /// Line `index` as text (for the rare questions that need Characters).
    func line(_ index: Int) -> Substring { slice(start(index)..<end(index)) }

    func isEmpty(_ line: Int) -> Bool { start(line) == end(line) }

    func startsWithDollar(_ line: Int) -> Bool { !isEmpty(line) && bytes[start(line)] == UInt8(ascii: "$") }

    /// Whether `range` ends with a backslash (a command continues on the next line).
    func endsWithBackslash(_ range: Range<Int>) -> Bool { !range.isEmpty && bytes[range.upperBound - 1] == UInt8(ascii: "\\") }

    func contains(_ needle: StaticString, in range: Range<Int>) -> Bool {
        UnsafeBufferPointer(rebasing: bytes[range])
            .firstOffset(of: UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)) != nil
    }

    /// Where line `index` continues after its first two characters (`$ `), as the harness's
    /// `substring(2)` drops them: bytes when they are plainly ASCII, Characters otherwise.
    func promptEnd(_ index: Int) -> Int {
        let end = end(index)
        var position = start(index)
        for _ in 0..<2 {
            guard position < end else { return end }
            guard bytes[position] < 0x80 else { return characterPromptEnd(index) }
            position += 1
        }
        // A combining mark after the second character would make it part of that character.
        if position < end, bytes[position] >= 0x80 { return characterPromptEnd(index) }
        return position
    }

    private func characterPromptEnd(_ index: Int) -> Int {
        let line = line(index)
        return text.utf8.distance(from: text.startIndex, to: line.dropFirst(2).startIndex)
    }

    /// Line `index` without its first two characters.
    func droppingPrompt(_ index: Int) -> Substring { slice(promptEnd(index)..<end(index)) }

    /// `$ command` (or a lone `$`): a prompt as a reader sees it.
    func isReaderPrompt(_ index: Int) -> Bool {
        let start = start(index), end = end(index)
        guard start < end, bytes[start] == UInt8(ascii: "$") else { return false }
        if start + 1 == end { return true }
        guard bytes[start + 1] == UInt8(ascii: " ") else { return false }
        // A combining mark right after the space makes it part of that character: not `$ ` to a reader.
        return start + 2 == end || bytes[start + 2] < 0x80 || line(index).hasPrefix("$ ")
    }

    /// Empty or only whitespace (a sample output line a reader would not notice).
    func isBlankLine(_ index: Int) -> Bool {
        let start = start(index)
        // Most lines start with a visible ASCII character: no need to look at Characters.
        if start < end(index), bytes[start] > 0x20, bytes[start] < 0x7F { return false }
        return line(index).allSatisfy(\.isWhitespace)
    }

    /// Whether line `index` is a here-document's delimiter line (after its leading tabs, for `<<-`).
    func closes(_ heredoc: HeredocScanner.Delimiter, line index: Int) -> Bool {
        var start = start(index)
        let end = end(index)
        let delimiter = heredoc.delimiter.utf8
        guard delimiter.allSatisfy({ $0 < 0x80 }), UnsafeBufferPointer(rebasing: bytes[start..<end]).allSatisfy({ $0 < 0x80 }) else {
            // Characters compare by canonical equivalence, and a tab with a combining mark is no tab.
            let line = line(index)
            return (heredoc.stripsTabs ? line.drop { $0 == "\t" } : line) == heredoc.delimiter
        }
        if heredoc.stripsTabs { while start < end, bytes[start] == 0x09 { start += 1 } }
        return bytes[start..<end].elementsEqual(delimiter)
    }

    /// Lines `first...last` as one slice of the text, the first line's opening two characters dropped.
    func command(from first: Int, through last: Int) -> Substring {
        slice(promptEnd(first)..<end(last))
    }

    /// Lines `range` as one slice of the text (empty for no lines).
    func text(of range: Range<Int>) -> Substring {
        range.isEmpty ? text[text.endIndex...] : slice(start(range.lowerBound)..<end(range.upperBound - 1))
    }
}
