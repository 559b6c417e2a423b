/// Code blocks: the fence, the info string's annotations, and both readings' steps.
extension LessonBuilder {
    mutating func addCodeBlock(_ node: CmarkNode, container: CodeBlock.Container) -> Int {
        let line = node.line
        let column = node.column
        let endLine = node.endLine

        // cmark does not say whether a block was fenced, nor how: its first line does.
        let fenceLine = source.line(line)
        let fence = FenceLine(source.bytes, line: fenceLine, column: column)
        let fenced = fence.char == UInt8(ascii: "`") || fence.char == UInt8(ascii: "~")
        let fenceLength = fenced ? fence.length : 0
        // Lines are looked up in file order (the cursor scans forward): the text first, then the closing fence.
        let contentStart = fenced ? source.start(ofLine: line + 1) : source.offset(line: line, column: column)
        let closed = fenced ? isClosingFence(line: endLine, char: fence.char!, length: fenceLength, opening: line) : true

        // The info string follows the fence and its blanks (cmark trims it, and unescapes it: then it is a copy).
        let blanksBefore = fence.blanks(from: fence.start + fenceLength, in: source.bytes)
        let infoBytes = node.fenceInfoBytes
        let info = source.text(infoBytes, at: fenced ? fence.start + fenceLength + blanksBefore : nil)
        // The language word and the meta text after it, found in the info's bytes (`info` holds the
        // same bytes, and blanks are ASCII, so their offsets cut `info` on character boundaries).
        let (languageBytes, metaBytes) = Self.languageAndMeta(infoBytes)
        // Column of the meta text in the source line, for annotation diagnostics.
        // The meta text starts after the fence, blanks, the language word and blanks again.
        let blanksAfter = fence.blanks(from: fence.start + fenceLength + blanksBefore + languageBytes.count, in: source.bytes)
        let metaColumn = column + fenceLength + blanksBefore + languageBytes.count + blanksAfter

        // A top-level fence's text is its lines as they stand in the file.
        let literalBytes = node.literalBytes
        let literal = source.text(literalBytes, at: contentStart)
        let index = codeBlocks.count

        if fenced && !closed {
            let fence = String(repeating: Character(Unicode.Scalar(fence.char!)), count: min(fenceLength, 10)) + (fenceLength > 10 ? "…" : "")
            diagnostics.append(Diagnostic(.error, code: "unterminated-fence",
                                          message: "code fence \(fence) is never closed, so the rest of its container is code; close it with a matching fence",
                                          file: file, line: line, column: column))
        }

        let isBash = CodeBlock.isBash(UnsafeBufferPointer(rebasing: infoBytes[languageBytes]))
        var readerAnnotations = Annotations()
        var markdownShAnnotations = Annotations()
        if isBash {
            let meta = UnsafeBufferPointer(rebasing: infoBytes[metaBytes])
            readerAnnotations = AnnotationParser.reader(meta: meta, language: UnsafeBufferPointer(rebasing: infoBytes[languageBytes]),
                                                        file: file, line: line, metaColumn: metaColumn, diagnostics: &diagnostics)
            markdownShAnnotations = AnnotationParser.markdownSh(meta: meta)
        }

        // The block's lines are read in place: cmark's text of it lives while the lesson is built,
        // and the views of it below (`Span`, `BlockLines`) cannot leave this call.
        var bodyBytes = literalBytes
        if bodyBytes.last == 0x0A { bodyBytes = UnsafeBufferPointer(rebasing: bodyBytes.dropLast()) }
        // `literal` holds the same bytes (the file's, or a copy of cmark's).
        let text = BlockText(literal: literal, bodyLength: bodyBytes.count)
        let body = Span(_unsafeElements: bodyBytes)
        let lineCount = BlockLines.lineCount(of: body)
        let readerExtracts = isBash && !readerAnnotations.raw
        let firstLine = fenced ? line + 1 : line
        // The readings are made in the tables the scratch lends for this block, and the block is
        // stored once they are made.
        let block = blockScratch.withTables(lines: lineCount) { tables in
            BlockLines.split(body, into: tables.starts)
            let starts = UnsafeBufferPointer(rebasing: tables.starts[..<lineCount])
            let lines = BlockLines(body, firstLine: firstLine, starts: Span(_unsafeElements: starts))
            let extraction = readerExtracts ? ReaderExtractor.extract(lines, into: tables.reader) : ReaderExtractor.Result()
            let readerFound = UnsafeBufferPointer(rebasing: tables.reader[..<extraction.count])
            let readerSteps = readerExtracts ? Self.steps(readerFound, lines: lines, text: text) : []
            return CodeBlock(
                index: index, line: line, column: column, endLine: endLine, fenced: fenced,
                closed: closed, info: info, isBash: isBash, languageBytes: languageBytes, metaBytes: metaBytes, container: container, literal: literal,
                reader: Self.readerReading(isBash: isBash, annotations: readerAnnotations, text: text, firstLine: firstLine,
                                           steps: readerSteps),
                markdownSh: Self.markdownShReading(isBash: isBash, fenced: fenced, container: container,
                                                   annotations: markdownShAnnotations, lines: lines, text: text, found: tables.harness,
                                                   reader: readerExtracts ? (readerFound, readerSteps) : nil),
                unterminatedHeredocs: extraction.unterminatedHeredocs, promptLikeLines: extraction.promptLikeLines)
        }
        codeBlocks.append(block)
        return index
    }

    /// The offsets of an info string's first word and of the text after it, blanks trimmed.
    private static func languageAndMeta(_ info: UnsafeBufferPointer<UInt8>) -> (language: Range<Int>, meta: Range<Int>) {
        var start = 0
        var end = info.count
        while start < end, info[start].isBlank { start += 1 }
        while end > start, info[end - 1].isBlank { end -= 1 }
        var languageEnd = start
        while languageEnd < end, !info[languageEnd].isBlank { languageEnd += 1 }
        var metaStart = languageEnd
        while metaStart < end, info[metaStart].isBlank { metaStart += 1 }
        return (start..<languageEnd, metaStart..<end)
    }

    private mutating func isClosingFence(line: Int, char: UInt8, length: Int, opening: Int) -> Bool {
        guard line > opening, let fenceLine = source.line(line) else { return false }
        let bytes = source.bytes
        var index = fenceLine.lowerBound
        while index < fenceLine.upperBound, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: ">") || bytes[index] == UInt8(ascii: "\t") {
            index += 1
        }
        let runStart = index
        while index < fenceLine.upperBound, bytes[index] == char { index += 1 }
        guard index - runStart >= length else { return false }
        while index < fenceLine.upperBound, bytes[index].isBlank { index += 1 }
        return index == fenceLine.upperBound
    }

    /// `steps` are what the reader extracted, unless the block is not bash or is read raw.
    private static func readerReading(isBash: Bool, annotations: consuming Annotations, text: BlockText, firstLine: Int,
                                      steps: [Step]) -> BlockReading {
        guard isBash else {
            return BlockReading(runs: false, skipReason: "not a bash block", annotations: annotations, steps: [])
        }
        if annotations.raw { return rawReading(annotations: annotations, body: text.body, firstLine: firstLine) }
        return BlockReading(runs: !steps.isEmpty, skipReason: steps.isEmpty ? "no $ commands" : nil,
                            annotations: annotations, steps: steps)
    }

    /// `reader` is what the reader reading found and made of the same block (unless it read the
    /// block raw): when the harness finds the same steps at the same places (nearly always), their
    /// array is shared.
    private static func markdownShReading(isBash: Bool, fenced: Bool, container: CodeBlock.Container, annotations: consuming Annotations,
                                          lines: BlockLines, text: BlockText, found: UnsafeMutableBufferPointer<FoundStep>,
                                          reader: (found: UnsafeBufferPointer<FoundStep>, steps: [Step])?) -> BlockReading {
        // The harness only looks at the document's direct children whose language is exactly "bash";
        // remark (like cmark) sees no structure in `:::` lines, so admonition content is top level.
        guard isBash, fenced else {
            return BlockReading(runs: false, skipReason: "not a bash fence", annotations: annotations, steps: [])
        }
        guard container == .document || container == .admonition else {
            return BlockReading(runs: false, skipReason: "nested in a \(container == .list ? "list item" : "block quote")",
                                annotations: annotations, steps: [])
        }
        guard annotations.test else {
            return BlockReading(runs: false, skipReason: "test=false", annotations: annotations, steps: [])
        }
        if annotations.raw { return rawReading(annotations: annotations, body: text.body, firstLine: lines.firstLine) }
        let count = MarkdownShExtractor.extract(lines, into: found)
        let harness = UnsafeBufferPointer(rebasing: found[..<count])
        let steps = if let reader, harness.elementsEqual(reader.found) { reader.steps } else { steps(harness, lines: lines, text: text) }
        // The harness runs a block when its script is not empty: a lone `$` is a step with no text.
        let runs = steps.contains { !$0.command.isEmpty } || steps.count > 1
        return BlockReading(runs: runs, skipReason: runs ? nil : "no $ commands", annotations: annotations, steps: steps)
    }

    /// The model's steps for steps found in a block.
    private static func steps(_ found: UnsafeBufferPointer<FoundStep>, lines: BlockLines, text: BlockText) -> [Step] {
        guard !found.isEmpty else { return [] }
        var steps: [Step] = []
        steps.reserveCapacity(found.count)
        for step in found {
            let command = step.joinedLines.map { Substring(MarkdownShExtractor.joinedCommand(lines, $0)) } ?? text.literal.utf8Slice(step.command)
            steps.append(Step(number: steps.count + 1, line: lines.firstLine + step.line, command: command,
                              sampleOutputText: step.output.isEmpty ? Substring() : text.literal.utf8Slice(step.output)))
        }
        return steps
    }

    /// `raw=true`: the whole block is one step, run as written.
    private static func rawReading(annotations: consuming Annotations, body: Substring, firstLine: Int) -> BlockReading {
        BlockReading(runs: !body.isEmpty, skipReason: body.isEmpty ? "empty block" : nil, annotations: annotations,
                     steps: body.isEmpty ? [] : [Step(number: 1, line: firstLine, command: body)], rawScript: body)
    }
}

/// A code block's text as the model holds it. Steps are cut from the literal (their bytes lie in
/// the body, which is the literal less its final newline): the body is made only for a raw block.
struct BlockText {
    let literal: Substring
    let bodyLength: Int

    var body: Substring { literal.utf8Slice(0..<bodyLength) }
}

/// What a code block's first line says of its fence: where it starts (the block's column), its
/// character and how long its run is. Offsets are of the file; the file's bytes are lent to each call.
struct FenceLine {
    /// Offset of the fence's first character (the line's end when the column is past it).
    let start: Int
    /// Where the line ends.
    let end: Int
    let char: UInt8?
    let length: Int

    init(_ bytes: Span<UInt8>, line: Range<Int>?, column: Int) {
        guard let line else {
            (start, end, char, length) = (0, 0, nil, 0)
            return
        }
        start = line.count >= column ? line.lowerBound + column - 1 : line.upperBound
        end = line.upperBound
        char = start < end ? bytes[start] : nil
        var runEnd = start
        while runEnd < end, bytes[runEnd] == char { runEnd += 1 }
        length = runEnd - start
    }

    /// How many blanks stand at `offset` (within the line).
    func blanks(from offset: Int, in bytes: Span<UInt8>) -> Int {
        var index = offset
        while index < end, bytes[index].isBlank { index += 1 }
        return max(index - offset, 0)
    }
}
