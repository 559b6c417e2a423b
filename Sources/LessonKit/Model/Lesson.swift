/// A lesson page: front matter, prose in sections, and code blocks with their steps.
public struct Lesson: Sendable, Equatable, Encodable {
    /// The file as it was named when loaded.
    public var file: String
    public var frontMatter: FrontMatter
    /// Front matter `title`, else the first heading, else the file name.
    public var title: String
    public var sections: [Section]
    public var codeBlocks: [CodeBlock]
    /// Problems found while reading (annotation values, unclosed fences, admonitions).
    public var diagnostics: [Diagnostic]

    public static func == (lhs: Lesson, rhs: Lesson) -> Bool {
        lhs.file == rhs.file && lhs.frontMatter == rhs.frontMatter && lhs.sections == rhs.sections
            && lhs.codeBlocks == rhs.codeBlocks && lhs.diagnostics == rhs.diagnostics
    }

    /// Whether this is a directory's index page (`index.md`, `_index.md`, `index.en.md`).
    public var isIndexPage: Bool {
        let name = file.utf8.lastIndex(of: UInt8(ascii: "/")).map { file[file.utf8.index(after: $0)...] } ?? file[...]
        return Lesson.isIndexFileName(String(name))
    }

    public static func isIndexFileName(_ name: String) -> Bool {
        name == "index.md" || name == "_index.md" || name == "index.en.md"
    }

    /// The bash blocks a reading runs, in order.
    public func runnableBlocks(_ reading: Reading) -> [CodeBlock] {
        codeBlocks.filter { $0.reading(reading).runs }
    }

    public func stepCount(_ reading: Reading) -> Int {
        runnableBlocks(reading).reduce(0) { $0 + $1.reading(reading).steps.count }
    }

    private enum Keys: String, CodingKey { case file, title, frontMatter, sections, codeBlocks, diagnostics }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(file, forKey: .file)
        try c.encode(title, forKey: .title)
        try c.encode(frontMatter, forKey: .frontMatter)
        try c.encode(sections, forKey: .sections)
        try c.encode(codeBlocks, forKey: .codeBlocks)
        try c.encode(diagnostics, forKey: .diagnostics)
    }
}
