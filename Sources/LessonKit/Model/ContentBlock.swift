/// A block of a lesson's prose, in reading order.
///
/// Only the large cases are boxed: a paragraph or a code block is stored in place, one heap
/// allocation fewer for each of the many blocks a lesson has.
public enum ContentBlock: Sendable, Equatable, Encodable {
    case paragraph(Prose, line: Int)
    case heading(Heading)
    indirect case list(ListBlock)
    case blockQuote([ContentBlock], line: Int)
    indirect case admonition(Admonition)
    /// A code block; the value indexes ``Lesson/codeBlocks``.
    case code(Int)
    case html(String, line: Int)
    case thematicBreak(line: Int)

    private enum Keys: String, CodingKey { case type, line, text, level, ordered, start, items, blocks, kind, title, codeBlock, closed }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case .paragraph(let prose, let line):
            try c.encode("paragraph", forKey: .type)
            try c.encode(line, forKey: .line)
            try c.encode(prose.plainText, forKey: .text)
        case .heading(let heading):
            try c.encode("heading", forKey: .type)
            try c.encode(heading.line, forKey: .line)
            try c.encode(heading.level, forKey: .level)
            try c.encode(heading.text, forKey: .text)
        case .list(let list):
            try c.encode("list", forKey: .type)
            try c.encode(list.line, forKey: .line)
            try c.encode(list.ordered, forKey: .ordered)
            if list.ordered { try c.encode(list.start, forKey: .start) }
            try c.encode(list.items, forKey: .items)
        case .blockQuote(let blocks, let line):
            try c.encode("blockQuote", forKey: .type)
            try c.encode(line, forKey: .line)
            try c.encode(blocks, forKey: .blocks)
        case .admonition(let admonition):
            try c.encode("admonition", forKey: .type)
            try c.encode(admonition.line, forKey: .line)
            try c.encode(admonition.kind, forKey: .kind)
            try c.encodeIfPresent(admonition.title, forKey: .title)
            try c.encode(admonition.closed, forKey: .closed)
            try c.encode(admonition.blocks, forKey: .blocks)
        case .code(let index):
            try c.encode("code", forKey: .type)
            try c.encode(index, forKey: .codeBlock)
        case .html(let html, let line):
            try c.encode("html", forKey: .type)
            try c.encode(line, forKey: .line)
            try c.encode(html, forKey: .text)
        case .thematicBreak(let line):
            try c.encode("thematicBreak", forKey: .type)
            try c.encode(line, forKey: .line)
        }
    }
}

/// A heading; each one starts a ``Section``.
public struct Heading: Sendable, Equatable, Encodable {
    public var level: Int
    public var prose: Prose
    public var line: Int

    public var inlines: [Inline] { prose.inlines }
    public var text: String { prose.plainText }

    private enum Keys: String, CodingKey { case level, text, line }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(level, forKey: .level)
        try c.encode(text, forKey: .text)
        try c.encode(line, forKey: .line)
    }
}

/// A bullet or numbered list.
public struct ListBlock: Sendable, Equatable {
    public var ordered: Bool
    public var start: Int
    public var tight: Bool
    public var items: [[ContentBlock]]
    public var line: Int
}

/// A Docusaurus admonition: `:::caution Title` … `:::`.
public struct Admonition: Sendable, Equatable {
    /// `note`, `tip`, `info`, `caution`, `danger`, `warning` … as written.
    public var kind: String
    public var title: String?
    public var blocks: [ContentBlock]
    public var line: Int
    /// False when the closing `:::` is missing (everything to the end of its container is inside).
    public var closed: Bool
}

/// The content under one heading (the first section may have no heading).
public struct Section: Sendable, Equatable, Encodable {
    public var heading: Heading?
    public var blocks: [ContentBlock]
}
