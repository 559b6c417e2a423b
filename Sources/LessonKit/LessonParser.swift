/// Turns lesson text into a ``Lesson``: cmark for the markdown, then the lesson model on top.
public enum LessonParser {
    /// Reads and parses the lesson at `path`.
    public static func load(path: String, displayName: String? = nil) throws(LessonReadError) -> Lesson {
        try parse(LessonSource.read(path: path, displayName: displayName))
    }

    /// Reads and parses `entry` of an open directory (`path` names it in messages and fallbacks).
    static func load(path: String, displayName: String, in directory: (descriptor: Int32, entry: String)?) throws(LessonReadError) -> Lesson {
        try parse(LessonSource.read(path: path, displayName: displayName, in: directory))
    }

    /// Parses lesson text (front matter must be valid; everything else becomes diagnostics).
    public static func parse(_ source: LessonSource) throws(LessonReadError) -> Lesson {
        var contiguous = source.text
        contiguous.makeContiguousUTF8()
        let text = contiguous
        let (frontMatter, body) = try text.utf8.withContiguousStorageIfAvailable { bytes in
            Result { () throws(LessonReadError) in try FrontMatter.split(text, bytes: bytes, file: source.file) }
        }!.get()
        // One pass over the bytes in place: cmark reads the body from its offset, and code blocks
        // look at their fence lines, without copying the text or splitting it into lines. The
        // model's text values are slices of `text` (see `SourceText`).
        let document = CmarkDocument(text.utf8.span, from: body.offset, lineOffset: body.lineOffset)
        var builder = LessonBuilder(file: source.file, source: SourceText(string: text))
        let blocks = document.withRoot { root in root.map { builder.blocks(of: $0, container: .document) } ?? [] }
        builder.finishProse()
        let (sections, codeBlocks, diagnostics) = (LessonBuilder.sections(from: blocks), builder.codeBlocks, builder.diagnostics)
        let title = frontMatter.title
            ?? sections.lazy.compactMap(\.heading).first?.text
            ?? String(source.file.split(separator: "/").last ?? Substring(source.file))
        return Lesson(file: source.file, frontMatter: frontMatter, title: title, sections: sections,
                      codeBlocks: codeBlocks, diagnostics: diagnostics)
    }
}
