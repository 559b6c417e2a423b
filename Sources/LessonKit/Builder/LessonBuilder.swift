/// Walks cmark's tree once, building prose blocks and code blocks in document order.
struct LessonBuilder {
    let file: String
    /// The whole lesson file: text values are sliced from it, and fence lines (which cmark does
    /// not describe) are read from it.
    var source: SourceText
    var codeBlocks: [CodeBlock] = []
    var diagnostics: [Diagnostic] = []

    init(file: String, source: SourceText) {
        self.file = file
        self.source = source
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
            let allInlines = inlines(of: node)
            var paragraph = allInlines[...]
            var lineOffset = 0
            if case .text(let first)? = paragraph.first, first.utf8.first == UInt8(ascii: ":"), first.utf8.starts(with: ":::".utf8) {
                let end = paragraph.firstIndex(where: \.isBreak) ?? paragraph.endIndex
                if let opening = Self.admonitionOpening(paragraph[..<end].plainText) {
                    open.append(OpenAdmonition(kind: opening.kind, title: opening.title, line: node.line))
                    paragraph = paragraph[min(end + 1, paragraph.endIndex)...]
                    lineOffset = 1
                }
            }
            var closes = false
            if !open.isEmpty {
                let start = paragraph.lastIndex(where: \.isBreak).map { $0 + 1 } ?? paragraph.startIndex
                if Self.mayClose(paragraph[start...]), paragraph[start...].plainText.trimmingBlanks() == ":::" {
                    closes = true
                    paragraph = paragraph[..<max(paragraph.startIndex, start - 1)]
                }
            }
            if !paragraph.isEmpty {
                // Most paragraphs are neither admonition line: keep their array rather than copy it.
                let kept = paragraph.count == allInlines.count ? allInlines : Array(paragraph)
                append(.paragraph(kept, line: node.line + lineOffset))
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

    /// False when a line's first text already rules out its being `:::` (most lines): its plain
    /// text, which costs a String, is then not worth making.
    private static func mayClose(_ line: ArraySlice<Inline>) -> Bool {
        guard case .text(let first)? = line.first else { return true }
        let lead = first.utf8.drop { $0.isBlank }
        return lead.isEmpty || lead.starts(with: ":::".utf8) || ":::".utf8.starts(with: lead)
    }

    private static func admonitionOpening(_ text: String) -> (kind: String, title: String?)? {
        guard text.utf8.starts(with: ":::".utf8) else { return nil }
        let rest = text.drop { $0 == ":" }
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
            return .heading(Heading(level: node.headingLevel, inlines: inlines(of: node), line: node.line))
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
            return .paragraph(inlines(of: node), line: node.line)
        default:
            return .paragraph(inline(node).map { [$0] } ?? [], line: node.line)
        }
    }

    private mutating func inlines(of parent: CmarkNode) -> [Inline] {
        var result: [Inline] = []
        result.reserveCapacity(parent.childCapacity)
        for node in parent.children {
            if let inline = inline(node) { result.append(inline) }
        }
        return result
    }

    private mutating func inline(_ node: CmarkNode) -> Inline? {
        switch node.kind {
        case .text: return .text(text(of: node))
        case .code: return .code(text(of: node))
        case .softBreak: return .softBreak
        case .lineBreak: return .lineBreak
        case .htmlInline: return .html(node.literal)
        case .emphasis: return .emphasis(inlines(of: node))
        case .strong: return .strong(inlines(of: node))
        case .link: return .link(inlines(of: node), destination: node.url)
        case .image: return .image(alt: inlines(of: node), source: node.url)
        default:
            let inner = inlines(of: node)
            return inner.isEmpty ? nil : .emphasis(inner)
        }
    }

    /// A text or code span's text: cmark gives where it starts, so it is sliced from the file when it stands there as written.
    private mutating func text(of node: CmarkNode) -> Substring {
        // The offset first: looking it up moves the line cursor, and doing that inside the call copied `source`.
        let offset = source.offset(line: node.line, column: node.column)
        return source.text(node.literalBytes, at: offset)
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

extension Inline {
    var isBreak: Bool { self == .softBreak || self == .lineBreak }
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
