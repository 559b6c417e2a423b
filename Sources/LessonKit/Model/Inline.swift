/// Inline content of prose: what a terminal renderer needs to style text.
///
/// Not `indirect`: nesting goes through arrays, so no case needs a box of its own (boxing every
/// text run cost an allocation each). Text is a slice of the lesson file where it stands there as
/// written (see `SourceText`).
public enum Inline: Sendable, Equatable {
    case text(Substring)
    case code(Substring)
    case emphasis([Inline])
    case strong([Inline])
    case link([Inline], destination: String)
    case image(alt: [Inline], source: String)
    case softBreak
    case lineBreak
    case html(String)

    /// Text with markup removed (links keep their text, breaks become spaces or newlines).
    public var plainText: String {
        switch self {
        case .text(let s), .code(let s): return String(s)
        case .html(let s): return s
        case .emphasis(let c), .strong(let c), .link(let c, _), .image(let c, _): return c.plainText
        case .softBreak: return " "
        case .lineBreak: return "\n"
        }
    }
}

extension Collection where Element == Inline {
    public var plainText: String { map(\.plainText).joined() }
}
