/// Turns lesson text into a ``Lesson``: cmark for the markdown, then the lesson model on top.
public enum LessonParser {
    /// Reads and parses the lesson at `path`.
    public static func load(path: String, displayName: String? = nil) throws(LessonReadError) -> Lesson {
        try parse(LessonSource.read(path: path, displayName: displayName))
    }

    /// Parses lesson text (front matter must be valid; everything else becomes diagnostics).
    public static func parse(_ source: LessonSource) throws(LessonReadError) -> Lesson {
        let (frontMatter, body) = try FrontMatter.split(source.text, file: source.file)
        var builder = Builder(file: source.file, lines: source.text.splitLines())
        let document = MarkdownTree.parse(body)
        let blocks = builder.blocks(from: document.children, container: .document)
        let sections = Builder.sections(from: blocks)
        let title = frontMatter.title
            ?? sections.lazy.compactMap(\.heading).first?.text
            ?? String(source.file.split(separator: "/").last ?? Substring(source.file))
        return Lesson(file: source.file, frontMatter: frontMatter, title: title, sections: sections,
                      codeBlocks: builder.codeBlocks, diagnostics: builder.diagnostics, sourceLines: builder.lines)
    }

    /// Walks cmark's tree once, building prose blocks and code blocks in document order.
    private struct Builder {
        let file: String
        let lines: [Substring]
        var codeBlocks: [CodeBlock] = []
        var diagnostics: [Diagnostic] = []

        init(file: String, lines: [Substring]) {
            self.file = file
            self.lines = lines
        }

        mutating func blocks(from nodes: [MarkdownNode], container: CodeBlock.Container) -> [ContentBlock] {
            var result: [ContentBlock] = []
            // Open admonitions: kind, title, line, the blocks collected so far.
            var open: [(kind: String, title: String?, line: Int, blocks: [ContentBlock])] = []
            func append(_ block: ContentBlock) {
                if open.isEmpty { result.append(block) } else { open[open.count - 1].blocks.append(block) }
            }
            func close(closed: Bool) {
                let admonition = open.removeLast()
                append(.admonition(Admonition(kind: admonition.kind, title: admonition.title, blocks: admonition.blocks,
                                              line: admonition.line, closed: closed)))
            }
            for node in nodes {
                if case .paragraph = node.kind {
                    // `:::kind Title` opens an admonition; `:::` closes one (CommonMark sees both as text).
                    var paragraph = inlines(of: node.children)[...]
                    var lineOffset = 0
                    if case .text(let first)? = paragraph.first, first.hasPrefix(":::") {
                        let end = paragraph.firstIndex { $0 == .softBreak || $0 == .lineBreak } ?? paragraph.endIndex
                        if let opening = Self.admonitionOpening(Array(paragraph[..<end])) {
                            open.append((opening.kind, opening.title, node.line, []))
                            paragraph = paragraph[min(end + 1, paragraph.endIndex)...]
                            lineOffset = 1
                        }
                    }
                    var closes = false
                    if !open.isEmpty {
                        let start = paragraph.lastIndex { $0 == .softBreak || $0 == .lineBreak }.map { $0 + 1 } ?? paragraph.startIndex
                        if Array(paragraph[start...]).plainText.trimmingCharacters(in: " \t") == ":::" {
                            closes = true
                            paragraph = paragraph[..<max(paragraph.startIndex, start - 1)]
                        }
                    }
                    if !paragraph.isEmpty {
                        append(.paragraph(Array(paragraph), line: node.line + lineOffset))
                    }
                    if closes { close(closed: true) }
                    continue
                }
                let inAdmonition = !open.isEmpty && container == .document
                append(block(from: node, container: inAdmonition ? .admonition : container))
            }
            while let admonition = open.last {
                diagnostics.append(Diagnostic(.warning, code: "unclosed-admonition",
                                              message: ":::\(admonition.kind) is never closed; add a line with just ::: after its content",
                                              file: file, line: admonition.line))
                close(closed: false)
            }
            return result
        }

        private static func admonitionOpening(_ line: [Inline]) -> (kind: String, title: String?)? {
            let text = line.plainText
            guard text.hasPrefix(":::") else { return nil }
            let rest = text.drop { $0 == ":" }
            let kind = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            guard !kind.isEmpty else { return nil }
            let title = rest.dropFirst(kind.count).trimmingCharacters(in: " \t")
            return (String(kind), title.isEmpty ? nil : title)
        }

        private mutating func block(from node: MarkdownNode, container: CodeBlock.Container) -> ContentBlock {
            switch node.kind {
            case .heading(let level):
                return .heading(Heading(level: level, inlines: inlines(of: node.children), line: node.line))
            case .blockQuote:
                return .blockQuote(blocks(from: node.children, container: .blockQuote), line: node.line)
            case .list(let ordered, let start, let tight):
                let items = node.children.map { blocks(from: $0.children, container: .list) }
                return .list(ListBlock(ordered: ordered, start: start, tight: tight, items: items, line: node.line))
            case .item:
                return .list(ListBlock(ordered: false, start: 1, tight: true, items: [blocks(from: node.children, container: .list)], line: node.line))
            case .codeBlock(let info, let literal):
                return .code(addCodeBlock(node: node, info: info, literal: literal, container: container))
            case .htmlBlock(let html):
                return .html(html, line: node.line)
            case .thematicBreak:
                return .thematicBreak(line: node.line)
            case .paragraph:
                return .paragraph(inlines(of: node.children), line: node.line)
            default:
                return .paragraph(inlines(of: [node]), line: node.line)
            }
        }

        private func inlines(of nodes: [MarkdownNode]) -> [Inline] {
            nodes.compactMap { node -> Inline? in
                switch node.kind {
                case .text(let s): return .text(s)
                case .code(let s): return .code(s)
                case .softBreak: return .softBreak
                case .lineBreak: return .lineBreak
                case .htmlInline(let s): return .html(s)
                case .emphasis: return .emphasis(inlines(of: node.children))
                case .strong: return .strong(inlines(of: node.children))
                case .link(let destination): return .link(inlines(of: node.children), destination: destination)
                case .image(let source): return .image(alt: inlines(of: node.children), source: source)
                default:
                    let inner = inlines(of: node.children)
                    return inner.isEmpty ? nil : .emphasis(inner)
                }
            }
        }

        // MARK: Code blocks

        private mutating func addCodeBlock(node: MarkdownNode, info: String, literal: String, container: CodeBlock.Container) -> Int {
            let sourceLine = node.line >= 1 && node.line <= lines.count ? lines[node.line - 1] : ""
            let fenceStart = sourceLine.utf8.count >= node.column ? sourceLine.utf8.dropFirst(node.column - 1) : Substring("").utf8[...]
            let fenceChar = fenceStart.first
            let fenced = fenceChar == UInt8(ascii: "`") || fenceChar == UInt8(ascii: "~")
            let fenceLength = fenced ? fenceStart.prefix { $0 == fenceChar }.count : 0
            let closed = fenced ? isClosingFence(line: node.endLine, char: fenceChar!, length: fenceLength, opening: node.line) : true

            let trimmedInfo = info.trimmingCharacters(in: " \t")
            let language = String(trimmedInfo.prefix { $0 != " " && $0 != "\t" })
            let meta = String(trimmedInfo.dropFirst(language.count).drop { $0 == " " || $0 == "\t" })
            // Column of the meta text in the source line, for annotation diagnostics.
            // The meta text starts after the fence, blanks, the language word and blanks again.
            let afterFence = fenceStart.dropFirst(fenceLength)
            let blanksBefore = afterFence.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
            let afterLanguage = afterFence.dropFirst(blanksBefore + language.utf8.count)
            let blanksAfter = afterLanguage.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
            let metaColumn = node.column + fenceLength + blanksBefore + language.utf8.count + blanksAfter

            var body = literal
            if body.hasSuffix("\n") { body.removeLast() }
            let blockLines = body.isEmpty ? [] : body.splitLines()
            let firstContentLine = fenced ? node.line + 1 : node.line
            let index = codeBlocks.count

            if fenced && !closed {
                diagnostics.append(Diagnostic(.error, code: "unterminated-fence",
                                              message: "code fence \(String(repeating: Character(Unicode.Scalar(fenceChar!)), count: min(fenceLength, 10)))\(fenceLength > 10 ? "…" : "") is never closed, so the rest of its container is code; close it with a matching fence",
                                              file: file, line: node.line, column: node.column))
            }

            let isBash = language == "bash"
            let (readerAnnotations, annotationDiagnostics) = isBash
                ? AnnotationParser.reader(meta: meta, language: language, file: file, line: node.line, metaColumn: metaColumn)
                : (Annotations(), [])
            diagnostics += annotationDiagnostics
            let markdownShAnnotations = isBash ? AnnotationParser.markdownSh(meta: meta) : Annotations()

            let (reader, extraction) = readerReading(isBash: isBash, fenced: fenced, annotations: readerAnnotations, body: body,
                                                     lines: blockLines, firstLine: firstContentLine)
            let markdownSh = markdownShReading(isBash: isBash, fenced: fenced, container: container, annotations: markdownShAnnotations,
                                               body: body, lines: blockLines, firstLine: firstContentLine)
            codeBlocks.append(CodeBlock(index: index, line: node.line, column: node.column, endLine: node.endLine, fenced: fenced,
                                        closed: closed, info: info, language: language, meta: meta, container: container,
                                        literal: literal, reader: reader, markdownSh: markdownSh,
                                        unterminatedHeredocs: extraction?.unterminatedHeredocs ?? [],
                                        promptLikeLines: extraction?.promptLikeLines ?? []))
            return index
        }

        private func isClosingFence(line: Int, char: UInt8, length: Int, opening: Int) -> Bool {
            guard line > opening, line >= 1, line <= lines.count else { return false }
            let text = lines[line - 1].utf8.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\t") }
            let run = text.prefix { $0 == char }.count
            return run >= length && text.dropFirst(run).allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        }

        private func readerReading(isBash: Bool, fenced: Bool, annotations: Annotations, body: String,
                                   lines: [Substring], firstLine: Int) -> (BlockReading, ReaderExtractor.Result?) {
            guard isBash else {
                return (BlockReading(runs: false, skipReason: "not a bash block", annotations: annotations, steps: [], script: ""), nil)
            }
            if annotations.raw {
                let step = Step(number: 1, line: firstLine, command: body)
                return (BlockReading(runs: !body.isEmpty, skipReason: body.isEmpty ? "empty block" : nil,
                                     annotations: annotations, steps: body.isEmpty ? [] : [step], script: body), nil)
            }
            let result = ReaderExtractor.extract(lines: lines, firstLine: firstLine)
            return (BlockReading(runs: !result.steps.isEmpty, skipReason: result.steps.isEmpty ? "no $ commands" : nil,
                                 annotations: annotations, steps: result.steps, script: result.script), result)
        }

        private func markdownShReading(isBash: Bool, fenced: Bool, container: CodeBlock.Container, annotations: Annotations,
                                       body: String, lines: [Substring], firstLine: Int) -> BlockReading {
            // The harness only looks at the document's direct children whose language is exactly "bash";
            // remark (like cmark) sees no structure in `:::` lines, so admonition content is top level.
            guard isBash, fenced else {
                return BlockReading(runs: false, skipReason: "not a bash fence", annotations: annotations, steps: [], script: "")
            }
            guard container == .document || container == .admonition else {
                return BlockReading(runs: false, skipReason: "nested in a \(container == .list ? "list item" : "block quote")",
                                    annotations: annotations, steps: [], script: "")
            }
            guard annotations.test else {
                return BlockReading(runs: false, skipReason: "test=false", annotations: annotations, steps: [], script: "")
            }
            if annotations.raw {
                let step = Step(number: 1, line: firstLine, command: body)
                return BlockReading(runs: !body.isEmpty, skipReason: body.isEmpty ? "empty block" : nil,
                                    annotations: annotations, steps: body.isEmpty ? [] : [step], script: body)
            }
            let result = MarkdownShExtractor.extract(lines: lines, firstLine: firstLine)
            let runs = !result.script.isEmpty
            return BlockReading(runs: runs, skipReason: runs ? nil : "no $ commands", annotations: annotations,
                                steps: result.steps, script: result.script)
        }

        // MARK: Sections

        static func sections(from blocks: [ContentBlock]) -> [Section] {
            var sections: [Section] = [Section(heading: nil, blocks: [])]
            for block in blocks {
                if case .heading(let heading) = block {
                    sections.append(Section(heading: heading, blocks: []))
                } else {
                    sections[sections.count - 1].blocks.append(block)
                }
            }
            if sections[0].blocks.isEmpty && sections.count > 1 { sections.removeFirst() }
            return sections
        }
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
