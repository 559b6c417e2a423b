/// A heredoc opened on `line` whose delimiter never comes.
struct HeredocOpening: Sendable, Equatable {
    var delimiter: String
    var line: Int
}

/// A code block of a lesson, with both readings of what it runs.
public struct CodeBlock: Sendable, Equatable, Encodable {
    /// Where the block sits: markdown-sh only sees blocks whose container is the document itself.
    public enum Container: String, Sendable, Encodable {
        case document
        case admonition
        case list
        case blockQuote

        /// Directly under the document (admonitions are plain paragraphs to CommonMark).
        public var isTopLevel: Bool { self == .document || self == .admonition }
    }

    /// 0-based position among the lesson's code blocks.
    public var index: Int
    /// Line of the opening fence (or first line of an indented block).
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var fenced: Bool
    /// Whether a closing fence was found.
    public var closed: Bool
    /// The whole info string as written after the fence.
    public var info: Substring
    /// First word of the info string (`bash`).
    public var language: Substring { info.utf8Slice(languageBytes) }
    /// Whether the language word is exactly `bash`, the only fence either reading runs. Stored:
    /// every lint rule asks it of every block.
    public let isBash: Bool
    /// The info string after the language: where annotations live.
    public var meta: Substring { info.utf8Slice(metaBytes) }
    /// Where ``language`` and ``meta`` are in ``info``'s UTF-8: few readers of a lesson ask for
    /// them, and as slices of their own they were made, counted and dropped for every block.
    let languageBytes: Range<Int>
    let metaBytes: Range<Int>
    public var container: Container
    /// Text of the block (prefixes of lists and quotes removed).
    public var literal: Substring
    public var reader: BlockReading
    public var markdownSh: BlockReading
    /// Reader-reading details the linter reports: heredocs never closed, `$`-lines without a space.
    var unterminatedHeredocs: [HeredocOpening] = []
    var promptLikeLines: [Int] = []

    public func reading(_ reading: Reading) -> BlockReading {
        switch reading {
        case .reader: return reader
        case .markdownSh: return markdownSh
        }
    }

    /// A block directly under the document (admonitions are plain paragraphs to CommonMark).
    public var isTopLevel: Bool { container.isTopLevel }

    static func isBash(_ language: UnsafeBufferPointer<UInt8>) -> Bool {
        language.count == 4 && language[0] == UInt8(ascii: "b") && language[1] == UInt8(ascii: "a")
            && language[2] == UInt8(ascii: "s") && language[3] == UInt8(ascii: "h")
    }

    /// The line of the block's first content line.
    var firstContentLine: Int { fenced ? line + 1 : line }

    private enum Keys: String, CodingKey {
        case index, line, column, endLine, fenced, closed, info, language, container, reader, markdownSh = "markdown-sh"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(index, forKey: .index)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
        try c.encode(endLine, forKey: .endLine)
        try c.encode(fenced, forKey: .fenced)
        try c.encode(closed, forKey: .closed)
        try c.encode(String(info), forKey: .info)
        try c.encode(String(language), forKey: .language)
        try c.encode(container, forKey: .container)
        try c.encode(reader, forKey: .reader)
        try c.encode(markdownSh, forKey: .markdownSh)
    }
}
