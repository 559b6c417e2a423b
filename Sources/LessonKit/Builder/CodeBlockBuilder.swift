/// Code blocks: the fence, the info string's annotations, and both readings' steps.
extension LessonBuilder {
    mutating func addCodeBlock(_ node: CmarkNode, container: CodeBlock.Container) -> Int {
        let line = node.line
        let column = node.column
        let endLine = node.endLine
        let info = node.fenceInfo
        let literal = node.literal

        // cmark does not say whether a block was fenced, nor how: its first line does.
        let sourceLine = sourceLines.line(line)
        let fenceStart: ByteSlice = sourceLine.map { $0.count >= column ? $0.dropFirst(column - 1) : $0[$0.endIndex...] }
            ?? UnsafeBufferPointer<UInt8>(start: nil, count: 0)[...]
        let fenceChar = fenceStart.first
        let fenced = fenceChar == UInt8(ascii: "`") || fenceChar == UInt8(ascii: "~")
        let fenceLength = fenced ? fenceStart.prefix { $0 == fenceChar }.count : 0
        let closed = fenced ? isClosingFence(line: endLine, char: fenceChar!, length: fenceLength, opening: line) : true

        let trimmedInfo = info.trimmingBlanks()
        let languageWord = trimmedInfo.prefix { $0 != " " && $0 != "\t" }
        let language = String(languageWord)
        let metaText = trimmedInfo[languageWord.endIndex...].trimmingBlanks()
        let meta = String(metaText)
        // Column of the meta text in the source line, for annotation diagnostics.
        // The meta text starts after the fence, blanks, the language word and blanks again.
        let afterFence = fenceStart.dropFirst(fenceLength)
        let blanksBefore = afterFence.prefix(while: \.isBlank).count
        let afterLanguage = afterFence.dropFirst(blanksBefore + languageWord.utf8.count)
        let blanksAfter = afterLanguage.prefix(while: \.isBlank).count
        let metaColumn = column + fenceLength + blanksBefore + languageWord.utf8.count + blanksAfter

        var body = literal
        if body.utf8.last == 0x0A { body.removeLast() }
        let lines = BlockLines(text: body, firstLine: fenced ? line + 1 : line)
        let index = codeBlocks.count

        if fenced && !closed {
            let fence = String(repeating: Character(Unicode.Scalar(fenceChar!)), count: min(fenceLength, 10)) + (fenceLength > 10 ? "…" : "")
            diagnostics.append(Diagnostic(.error, code: "unterminated-fence",
                                          message: "code fence \(fence) is never closed, so the rest of its container is code; close it with a matching fence",
                                          file: file, line: line, column: column))
        }

        let isBash = language == "bash"
        var readerAnnotations = Annotations()
        var markdownShAnnotations = Annotations()
        if isBash {
            readerAnnotations = AnnotationParser.reader(meta: metaText, language: language, file: file, line: line,
                                                        metaColumn: metaColumn, diagnostics: &diagnostics)
            markdownShAnnotations = AnnotationParser.markdownSh(meta: metaText)
        }

        let extraction = isBash && !readerAnnotations.raw ? ReaderExtractor.extract(lines) : nil
        let reader = readerReading(isBash: isBash, annotations: readerAnnotations, lines: lines, extraction: extraction)
        let markdownSh = markdownShReading(isBash: isBash, fenced: fenced, container: container, annotations: markdownShAnnotations,
                                           lines: lines, readerSteps: reader.steps)
        codeBlocks.append(CodeBlock(index: index, line: line, column: column, endLine: endLine, fenced: fenced,
                                    closed: closed, info: info, language: language, meta: meta, container: container,
                                    literal: literal, reader: reader, markdownSh: markdownSh,
                                    unterminatedHeredocs: extraction?.unterminatedHeredocs ?? [],
                                    promptLikeLines: extraction?.promptLikeLines ?? []))
        return index
    }

    private mutating func isClosingFence(line: Int, char: UInt8, length: Int, opening: Int) -> Bool {
        guard line > opening, let source = sourceLines.line(line) else { return false }
        let text = source.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\t") }
        let run = text.prefix { $0 == char }.count
        return run >= length && text.dropFirst(run).allSatisfy(\.isBlank)
    }

    private func readerReading(isBash: Bool, annotations: Annotations, lines: BlockLines,
                               extraction: ReaderExtractor.Result?) -> BlockReading {
        guard isBash else {
            return BlockReading(runs: false, skipReason: "not a bash block", annotations: annotations, steps: [])
        }
        if annotations.raw { return Self.rawReading(annotations: annotations, lines: lines) }
        let steps = extraction?.steps ?? []
        return BlockReading(runs: !steps.isEmpty, skipReason: steps.isEmpty ? "no $ commands" : nil,
                            annotations: annotations, steps: steps)
    }

    private func markdownShReading(isBash: Bool, fenced: Bool, container: CodeBlock.Container, annotations: Annotations,
                                   lines: BlockLines, readerSteps: [Step]) -> BlockReading {
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
        if annotations.raw { return Self.rawReading(annotations: annotations, lines: lines) }
        let result = MarkdownShExtractor.extract(lines, readerSteps: readerSteps)
        // The harness runs a block when its script is not empty: a lone `$` is a step with no text.
        let runs = result.steps.contains { !$0.command.isEmpty } || result.steps.count > 1
        return BlockReading(runs: runs, skipReason: runs ? nil : "no $ commands", annotations: annotations, steps: result.steps)
    }

    /// `raw=true`: the whole block is one step, run as written.
    private static func rawReading(annotations: Annotations, lines: BlockLines) -> BlockReading {
        let body = lines.text
        return BlockReading(runs: !body.isEmpty, skipReason: body.isEmpty ? "empty block" : nil, annotations: annotations,
                            steps: body.isEmpty ? [] : [Step(number: 1, line: lines.firstLine, command: body)], rawScript: body)
    }
}
