/// Walks cmark's tree once, building prose blocks and code blocks in document order.
struct LessonBuilder {
    let file: String
    /// The whole lesson file: text values are sliced from it, and fence lines (which cmark does
    /// not describe) are read from it.
    var source: SourceText
    var codeBlocks: [CodeBlock] = []
    var diagnostics: [Diagnostic] = []
    /// The lesson's prose, filled from ``proseNodes`` and ``proseStrings`` by ``finishProse()``.
    let proseTable: ProseTable
    private var proseNodes: [ProseNode] = []
    private var proseStrings: [String] = []
    /// Room for reading code blocks, kept from block to block.
    let blockScratch = BlockScratch()

    init(file: String, source: SourceText) {
        self.file = file
        self.source = source
        proseTable = ProseTable(file: source.string)
        // Grown one by one, a lesson's handful of blocks moved four times.
        codeBlocks.reserveCapacity(8)
        // About one inline per 40 bytes of a typical lesson: grown at most once or twice.
        proseNodes.reserveCapacity(source.count / 40 + 8)
    }

    /// Hands the prose read so far to the lesson's table; call once, when the walk is done.
    func finishProse() {
        proseTable.fill(nodes: proseNodes, strings: proseStrings)
    }

    /// An admonition whose closing `:::` has not come yet.
    private struct OpenAdmonition {
        var kind: String
        var title: String?
        var line: Int
        var blocks: [ContentBlock] = []
    }

    mutating func blocks(of parent: CmarkNode, container: CodeBlock.Container) -> [ContentBlock] {
        var result: [ContentBlock] = []
        result.reserveCapacity(parent.childCapacity)
        var open: [OpenAdmonition] = []
        func append(_ block: ContentBlock) {
            if open.isEmpty { result.append(block) } else { open[open.count - 1].blocks.append(block) }
        }
        func close(closed: Bool) {
            let admonition = open.removeLast()
            append(.admonition(Admonition(kind: admonition.kind, title: admonition.title, blocks: admonition.blocks,
                                          line: admonition.line, closed: closed)))
        }
        for node in parent.children {
            guard case .paragraph = node.kind else {
                let inAdmonition = !open.isEmpty && container == .document
                append(block(from: node, container: inAdmonition ? .admonition : container))
                continue
            }
            // `:::kind Title` opens an admonition; `:::` closes one (CommonMark sees both as text).
            let all = prose(of: node).nodes
            var start = all.lowerBound
            var end = all.upperBound
            var lineOffset = 0
            let file = source.bytes
            if start < end, proseNodes[start].kind == .text, Self.startsWithColons(proseNodes[start], strings: proseStrings, file: file) {
                let lineEnd = Self.firstBreak(in: start..<end, nodes: proseNodes) ?? end
                if let opening = Self.admonitionOpening(ProseTable.plainText(start..<lineEnd, nodes: proseNodes, strings: proseStrings, file: file)) {
                    open.append(OpenAdmonition(kind: opening.kind, title: opening.title, line: node.line))
                    start = min(lineEnd + 1, end)
                    lineOffset = 1
                }
            }
            var closes = false
            if !open.isEmpty {
                let lastLine = Self.lastBreak(in: start..<end, nodes: proseNodes).map { $0 + 1 } ?? start
                if Self.mayClose(lastLine..<end, nodes: proseNodes, strings: proseStrings, file: file),
                   ProseTable.plainText(lastLine..<end, nodes: proseNodes, strings: proseStrings, file: file).trimmingBlanks() == ":::" {
                    closes = true
                    end = max(start, lastLine - 1)
                }
            }
            if start < end {
                append(.paragraph(Prose(table: proseTable, nodes: start..<end), line: node.line + lineOffset))
            }
            if closes { close(closed: true) }
        }
        while let admonition = open.last {
            diagnostics.append(Diagnostic(.warning, code: "unclosed-admonition",
                                          message: ":::\(admonition.kind) is never closed; add a line with just ::: after its content",
                                          file: file, line: admonition.line))
            close(closed: false)
        }
        return result
    }

    // The questions below are static, over the builder's prose arrays: a method of the builder
    // called while `blocks(of:)` mutates it made a copy of the whole builder for every paragraph.

    /// False when a line's first text already rules out its being `:::` (most lines): its plain
    /// text, which costs a String, is then not worth making.
    private static func mayClose(_ line: Range<Int>, nodes: [ProseNode], strings: [String], file: Span<UInt8>) -> Bool {
        guard !line.isEmpty, nodes[line.lowerBound].kind == .text else { return true }
        return withText(of: nodes[line.lowerBound], strings: strings, file: file) { text in
            let lead = text.drop { $0.isBlank }
            let colons = ":::".utf8
            return lead.isEmpty || lead.starts(with: colons) || colons.starts(with: lead)
        }
    }

    private static func startsWithColons(_ node: ProseNode, strings: [String], file: Span<UInt8>) -> Bool {
        withText(of: node, strings: strings, file: file) { $0.starts(with: ":::".utf8) }
    }

    /// The bytes of a text or code node's text.
    private static func withText<Result>(of node: ProseNode, strings: [String], file: Span<UInt8>,
                                         _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if node.length >= 0 {
            return file.extracting(Int(node.value)..<Int(node.value) + Int(node.length)).withUnsafeBufferPointer(body)
        }
        var text = strings[Int(node.value)]
        return text.withUTF8(body)
    }

    /// The first soft or hard line break among the top-level inlines of `range`.
    private static func firstBreak(in range: Range<Int>, nodes: [ProseNode]) -> Int? {
        var index = range.lowerBound
        while index < range.upperBound {
            if nodes[index].isBreak { return index }
            index = Int(nodes[index].end)
        }
        return nil
    }

    /// The last soft or hard line break among the top-level inlines of `range`.
    private static func lastBreak(in range: Range<Int>, nodes: [ProseNode]) -> Int? {
        var found: Int?
        var index = range.lowerBound
        while index < range.upperBound {
            if nodes[index].isBreak { found = index }
            index = Int(nodes[index].end)
        }
        return found
    }

    private static func admonitionOpening(_ text: String) -> (kind: String, title: String?)? {
        guard text.utf8.starts(with: ":::".utf8) else { return nil }
        // The colons are dropped as bytes unless a non-ASCII byte follows them (a combining mark
        // would make the last colon another Character, which stays).
        let afterColons = text.utf8.firstIndex { $0 != UInt8(ascii: ":") } ?? text.utf8.endIndex
        let rest = afterColons < text.utf8.endIndex && text.utf8[afterColons] >= 0x80
            ? text.drop { $0 == ":" }
            : text[afterColons...]
        // Kinds are ASCII words in practice: bytes settle them unless a non-ASCII byte comes first.
        let ascii = rest.utf8.prefix { $0 < 0x80 && ($0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")) }
        let kind = ascii.endIndex < rest.utf8.endIndex && rest.utf8[ascii.endIndex] >= 0x80
            ? rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            : rest[..<ascii.endIndex]
        guard !kind.isEmpty else { return nil }
        let title = rest[kind.endIndex...].trimmingBlanks()
        return (String(kind), title.isEmpty ? nil : String(title))
    }

    private mutating func block(from node: CmarkNode, container: CodeBlock.Container) -> ContentBlock {
        switch node.kind {
        case .heading:
            return .heading(Heading(level: node.headingLevel, prose: prose(of: node), line: node.line))
        case .blockQuote:
            return .blockQuote(blocks(of: node, container: .blockQuote), line: node.line)
        case .list:
            var items: [[ContentBlock]] = []
            items.reserveCapacity(node.childCapacity)
            for item in node.children { items.append(blocks(of: item, container: .list)) }
            return .list(ListBlock(ordered: node.isOrderedList, start: node.listStart, tight: node.isTightList, items: items, line: node.line))
        case .item:
            return .list(ListBlock(ordered: false, start: 1, tight: true, items: [blocks(of: node, container: .list)], line: node.line))
        case .codeBlock:
            return .code(addCodeBlock(node, container: container))
        case .htmlBlock:
            return .html(node.literal, line: node.line)
        case .thematicBreak:
            return .thematicBreak(line: node.line)
        case .paragraph:
            return .paragraph(prose(of: node), line: node.line)
        default:
            let start = proseNodes.count
            appendInline(node)
            return .paragraph(Prose(table: proseTable, nodes: start..<proseNodes.count), line: node.line)
        }
    }

    /// A paragraph's or heading's inlines, appended to the lesson's prose.
    private mutating func prose(of parent: CmarkNode) -> Prose {
        let start = proseNodes.count
        appendInlines(of: parent)
        return Prose(table: proseTable, nodes: start..<proseNodes.count)
    }

    private mutating func appendInlines(of parent: CmarkNode) {
        for node in parent.children { appendInline(node) }
    }

    private mutating func appendInline(_ node: CmarkNode) {
        let index = proseNodes.count
        switch node.kind {
        case .text: appendText(.text, of: node)
        case .code: appendText(.code, of: node)
        case .softBreak: proseNodes.append(ProseNode(kind: .softBreak, end: index + 1))
        case .lineBreak: proseNodes.append(ProseNode(kind: .lineBreak, end: index + 1))
        case .htmlInline:
            proseStrings.append(node.literal)
            proseNodes.append(ProseNode(kind: .html, end: index + 1, value: proseStrings.count - 1))
        case .emphasis: appendContainer(.emphasis, of: node)
        case .strong: appendContainer(.strong, of: node)
        case .link: appendContainer(.link, of: node, string: node.url)
        case .image: appendContainer(.image, of: node, string: node.url)
        default:
            // Anything else shows its contents, emphasised; with none it is left out.
            appendContainer(.emphasis, of: node)
            if proseNodes.count == index + 1 { proseNodes.removeLast() }
        }
    }

    private mutating func appendContainer(_ kind: ProseNode.Kind, of node: CmarkNode, string: String? = nil) {
        let index = proseNodes.count
        var value = 0
        if let string {
            proseStrings.append(string)
            value = proseStrings.count - 1
        }
        proseNodes.append(ProseNode(kind: kind, end: index + 1, value: value))
        appendInlines(of: node)
        proseNodes[index].end = Int32(truncatingIfNeeded: proseNodes.count)
    }

    /// A text or code span: cmark gives where it starts, so it is a range of the file when it stands there as written.
    private mutating func appendText(_ kind: ProseNode.Kind, of node: CmarkNode) {
        let end = proseNodes.count + 1
        let text = node.literalBytes
        if let offset = source.offset(line: node.line, column: node.column), offset <= Int(Int32.max) - text.count,
           source.holds(text, at: offset) {
            proseNodes.append(ProseNode(kind: kind, end: end, value: offset, length: text.count))
        } else {
            proseStrings.append(String(decoding: text, as: UTF8.self))
            proseNodes.append(ProseNode(kind: kind, end: end, value: proseStrings.count - 1))
        }
    }

    /// Splits a lesson's top-level blocks at its headings.
    static func sections(from blocks: [ContentBlock]) -> [Section] {
        // Each section's blocks are copied once, as the slice between two headings, not appended one by one.
        // The first section holds what comes before any heading; it is dropped when that is nothing.
        var sections: [Section] = []
        var heading: Heading?
        var start = blocks.startIndex
        for index in blocks.indices {
            guard case .heading(let next) = blocks[index] else { continue }
            sections.append(Section(heading: heading, blocks: Array(blocks[start..<index])))
            heading = next
            start = index + 1
        }
        sections.append(Section(heading: heading, blocks: Array(blocks[start...])))
        if sections[0].heading == nil && sections[0].blocks.isEmpty && sections.count > 1 { sections.removeFirst() }
        return sections
    }
}

extension UInt8 {
    var isASCIIAlphanumeric: Bool {
        (self >= 0x30 && self <= 0x39) || (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A)
    }
}

extension ProseNode {
    var isBreak: Bool { kind == .softBreak || kind == .lineBreak }
}

extension Substring {
    /// The text at UTF-8 offsets `range`, which must fall on character boundaries.
    func utf8Slice(_ range: Range<Int>) -> Substring {
        let start = utf8.index(startIndex, offsetBy: range.lowerBound)
        return Substring(utf8[start..<utf8.index(start, offsetBy: range.count)])
    }

    /// The text without leading and trailing spaces and tabs.
    func trimmingBlanks() -> Substring {
        let bytes = utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start].isBlank { bytes.formIndex(after: &start) }
        while end > start {
            let before = bytes.index(before: end)
            guard bytes[before].isBlank else { break }
            end = before
        }
        return self[start..<end]
    }
}

extension String {
    func trimmingBlanks() -> Substring { self[...].trimmingBlanks() }
}
