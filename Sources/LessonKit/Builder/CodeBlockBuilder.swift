/// Code blocks: the fence, the info string's annotations, and both readings' steps.
extension LessonBuilder {
    mutating func addCodeBlock(_ node: CmarkNode, container: CodeBlock.Container) -> Int {
        let line = node.line
        let column = node.column
        let endLine = node.endLine

        // cmark does not say whether a block was fenced, nor how: its first line does.
        let sourceLine = source.line(line)
        let fenceStart: ByteSlice = sourceLine.map { $0.count >= column ? $0.dropFirst(column - 1) : $0[$0.endIndex...] }
            ?? UnsafeBufferPointer<UInt8>(start: nil, count: 0)[...]
        let fenceChar = fenceStart.first
        let fenced = fenceChar == UInt8(ascii: "`") || fenceChar == UInt8(ascii: "~")
        let fenceLength = fenced ? fenceStart.prefix { $0 == fenceChar }.count : 0
        // Lines are looked up in file order (the cursor scans forward): the text first, then the closing fence.
        let contentStart = fenced ? source.start(ofLine: line + 1) : source.offset(line: line, column: column)
        let closed = fenced ? isClosingFence(line: endLine, char: fenceChar!, length: fenceLength, opening: line) : true

        // The info string follows the fence and its blanks (cmark trims it, and unescapes it: then it is a copy).
        let afterFence = fenceStart.dropFirst(fenceLength)
        let blanksBefore = afterFence.prefix(while: \.isBlank).count
        let infoBytes = node.fenceInfoBytes
        let info = source.text(infoBytes, at: fenced ? afterFence.startIndex + blanksBefore : nil)
        // The language word and the meta text after it, found in the info's bytes (`info` holds the
        // same bytes, and blanks are ASCII, so their offsets cut `info` on character boundaries).
        let (languageBytes, metaBytes) = Self.languageAndMeta(infoBytes)
        // Column of the meta text in the source line, for annotation diagnostics.
        // The meta text starts after the fence, blanks, the language word and blanks again.
        let afterLanguage = afterFence.dropFirst(blanksBefore + languageBytes.count)
        let blanksAfter = afterLanguage.prefix(while: \.isBlank).count
        let metaColumn = column + fenceLength + blanksBefore + languageBytes.count + blanksAfter

        // A top-level fence's text is its lines as they stand in the file.
        let literalBytes = node.literalBytes
        let literal = source.text(literalBytes, at: contentStart)
        let index = codeBlocks.count

        if fenced && !closed {
            let fence = String(repeating: Character(Unicode.Scalar(fenceChar!)), count: min(fenceLength, 10)) + (fenceLength > 10 ? "…" : "")
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

        // The block's lines are read in place: cmark's text of it lives while the lesson is built.
        var bodyBytes = literalBytes
        if bodyBytes.last == 0x0A { bodyBytes = UnsafeBufferPointer(rebasing: bodyBytes.dropLast()) }
        // `literal` holds the same bytes (the file's, or a copy of cmark's).
        let text = BlockText(literal: literal, bodyLength: bodyBytes.count)
        let tables = blockScratch.tables(lines: BlockLines.lineCount(of: bodyBytes))
        let lines = BlockLines(bodyBytes, firstLine: fenced ? line + 1 : line, starts: tables.starts)
        let readerExtracts = isBash && !readerAnnotations.raw
        let extraction = readerExtracts ? ReaderExtractor.extract(lines, into: tables.reader) : ReaderExtractor.Result()
        let readerFound = UnsafeBufferPointer(rebasing: tables.reader[..<extraction.count])
        let readerSteps = readerExtracts ? Self.steps(readerFound, lines: lines, text: text) : []
        // The readings are made where the block is, and their annotations moved into them: made
        // first and handed in, each was copied once and the original dropped.
        codeBlocks.append(CodeBlock(
            index: index, line: line, column: column, endLine: endLine, fenced: fenced,
            closed: closed, info: info, isBash: isBash, languageBytes: languageBytes, metaBytes: metaBytes, container: container, literal: literal,
            reader: Self.readerReading(isBash: isBash, annotations: consume readerAnnotations, text: text, firstLine: lines.firstLine,
                                       steps: readerSteps),
            markdownSh: Self.markdownShReading(isBash: isBash, fenced: fenced, container: container,
                                               annotations: consume markdownShAnnotations, lines: lines, text: text, found: tables.harness,
                                               reader: readerExtracts ? (readerFound, readerSteps) : nil),
            unterminatedHeredocs: extraction.unterminatedHeredocs, promptLikeLines: extraction.promptLikeLines))
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
        let text = fenceLine.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\t") }
        let run = text.prefix { $0 == char }.count
        return run >= length && text.dropFirst(run).allSatisfy(\.isBlank)
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
