/// A code block's text split into lines, read as bytes in place, with the cheap questions both
/// readings ask of a line.
///
/// Lines are byte ranges of the block's text, so a run of consecutive lines is one range of it:
/// a command spanning several lines, or a step's sample output, is a range too, not a join. The
/// readings find steps as ranges (``FoundStep``); text values are made once, for the model.
/// A line is looked at as Characters only where a non-ASCII byte could change the answer.
///
/// It holds no text of its own, only views (`Span`) of the block's text and of its line table,
/// so handing it around costs nothing; it is `~Escapable`, so it cannot outlive either.
struct BlockLines: ~Escapable {
    /// File line of line 0.
    let firstLine: Int
    /// The block's text without its final newline.
    private let bytes: Span<UInt8>
    /// Where each line starts in `bytes`; line `i` ends where line `i + 1` starts, less its newline.
    private let starts: Span<Int>

    /// The number of lines of `bytes` (one more than its newlines; none for no bytes).
    static func lineCount(of bytes: Span<UInt8>) -> Int {
        guard !bytes.isEmpty else { return 0 }
        var count = 1
        var from = 0
        while let newline = bytes.firstOffset(of: 0x0A, from: from) {
            count += 1
            from = newline + 1
        }
        return count
    }

    /// Writes where each line of `bytes` starts into `starts` (``lineCount(of:)`` entries).
    static func split(_ bytes: Span<UInt8>, into starts: UnsafeMutableBufferPointer<Int>) {
        guard !bytes.isEmpty else { return }
        starts[0] = 0
        var line = 1
        var from = 0
        while let newline = bytes.firstOffset(of: 0x0A, from: from) {
            starts[line] = newline + 1
            line += 1
            from = newline + 1
        }
    }

    /// The lines of `bytes`, whose line starts ``split(_:into:)`` wrote into `starts`.
    @_lifetime(copy bytes, copy starts)
    init(_ bytes: Span<UInt8>, firstLine: Int, starts: Span<Int>) {
        self.bytes = bytes
        self.firstLine = firstLine
        self.starts = starts
    }

    var count: Int { starts.count }

    func start(_ line: Int) -> Int { starts[line] }
    func end(_ line: Int) -> Int { line + 1 < starts.count ? starts[line + 1] - 1 : bytes.count }

    /// Bytes `range` as a String of their own (for the rare questions that need Characters, and
    /// the rare command that is not one range of the block).
    func text(_ range: Range<Int>) -> String { bytes.extracting(range).withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) } }

    /// Line `index` as text.
    func line(_ index: Int) -> String { text(start(index)..<end(index)) }

    func isEmpty(_ line: Int) -> Bool { start(line) == end(line) }

    func startsWithDollar(_ line: Int) -> Bool { !isEmpty(line) && bytes[start(line)] == UInt8(ascii: "$") }

    /// Whether `range` ends with a backslash (a command continues on the next line).
    func endsWithBackslash(_ range: Range<Int>) -> Bool { !range.isEmpty && bytes[range.upperBound - 1] == UInt8(ascii: "\\") }

    func contains(_ needle: StaticString, in range: Range<Int>) -> Bool {
        bytes.extracting(range).withUnsafeBufferPointer {
            $0.firstOffset(of: UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)) != nil
        }
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
        return start(index) + line.utf8.distance(from: line.startIndex, to: line.dropFirst(2).startIndex)
    }

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
        guard delimiter.allSatisfy({ $0 < 0x80 }), (start..<end).allSatisfy({ bytes[$0] < 0x80 }) else {
            // Characters compare by canonical equivalence, and a tab with a combining mark is no tab.
            let line = line(index)
            return (heredoc.stripsTabs ? line.drop { $0 == "\t" } : line[...]) == heredoc.delimiter
        }
        if heredoc.stripsTabs { while start < end, bytes[start] == 0x09 { start += 1 } }
        return end - start == delimiter.count && zip(start..<end, delimiter).allSatisfy { bytes[$0] == $1 }
    }

    /// Lines `first...last` as one range, the first line's opening two characters dropped.
    func command(from first: Int, through last: Int) -> Range<Int> {
        promptEnd(first)..<end(last)
    }

    /// Lines `range` as one range of bytes (``FoundStep/emptyRange`` for no lines).
    func bytes(of range: Range<Int>) -> Range<Int> {
        range.isEmpty ? FoundStep.emptyRange : start(range.lowerBound)..<end(range.upperBound - 1)
    }
}

/// A step as a reading finds it, in bytes of its block: both readings are compared, and the
/// model's text is made, from these.
struct FoundStep: Equatable {
    /// No bytes: the output of a step that has none, and the command of one that is not a range.
    static let emptyRange = 0..<0

    /// Block line (0-based) of the `$` line that starts the command.
    var line: Int
    /// The command's bytes (from after the prompt), when they are one range of the block.
    var command: Range<Int>
    var output: Range<Int>
    /// markdown-sh cuts two characters from every `$` line of a command, also inside a
    /// here-document body: such a command is its lines joined (``joinedLines``), not one range.
    var joinedLines: ClosedRange<Int>?
}

/// The line table and the two readings' step tables of one block, lent by ``BlockScratch``.
struct BlockTables {
    var starts: UnsafeMutableBufferPointer<Int>
    var reader: UnsafeMutableBufferPointer<FoundStep>
    var harness: UnsafeMutableBufferPointer<FoundStep>
}

/// Room for what a code block's readings find, kept by the lesson's builder from block to block
/// (a block has at most one step per line, so one size fits the three tables). It owns the storage
/// and lends it to one closure at a time (``withTables(lines:_:)``).
final class BlockScratch {
    private var capacity = 0
    private var storage: UnsafeMutableRawPointer?

    /// Lends `body` the tables for a block of `lines` lines, for the length of the call.
    func withTables<Result>(lines: Int, _ body: (BlockTables) throws -> Result) rethrows -> Result {
        try body(tables(lines: lines))
    }

    private func tables(lines: Int) -> BlockTables {
        let count = max(lines, 1)
        if count > capacity {
            storage?.deallocate()
            capacity = max(count, 64)
            storage = UnsafeMutableRawPointer.allocate(byteCount: Self.byteCount(capacity), alignment: 16)
        }
        let base = storage!
        let stepsOffset = Self.rounded(MemoryLayout<Int>.stride * capacity)
        let stepsSize = Self.rounded(MemoryLayout<FoundStep>.stride * capacity)
        return BlockTables(
            starts: UnsafeMutableBufferPointer(start: base.bindMemory(to: Int.self, capacity: count), count: count),
            reader: UnsafeMutableBufferPointer(start: (base + stepsOffset).bindMemory(to: FoundStep.self, capacity: count), count: count),
            harness: UnsafeMutableBufferPointer(start: (base + stepsOffset + stepsSize).bindMemory(to: FoundStep.self, capacity: count), count: count))
    }

    private static func rounded(_ size: Int) -> Int { (size + 15) & ~15 }

    private static func byteCount(_ capacity: Int) -> Int {
        rounded(MemoryLayout<Int>.stride * capacity) + 2 * rounded(MemoryLayout<FoundStep>.stride * capacity)
    }

    deinit { storage?.deallocate() }
}
