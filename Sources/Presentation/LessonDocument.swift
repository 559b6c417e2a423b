import LessonKit

/// The JSON form of a lesson under one reading: what `show --format json` prints.
public struct LessonDocument: Encodable {
    public var lesson: Lesson
    public var reading: Reading

    public init(lesson: Lesson, reading: Reading) {
        self.lesson = lesson
        self.reading = reading
    }

    private enum Keys: String, CodingKey { case file, title, reading, frontMatter, sections, codeBlocks, diagnostics }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(lesson.file, forKey: .file)
        try c.encode(lesson.title, forKey: .title)
        try c.encode(reading, forKey: .reading)
        try c.encode(lesson.frontMatter, forKey: .frontMatter)
        try c.encode(lesson.sections, forKey: .sections)
        try c.encode(lesson.codeBlocks.map { BlockDocument(block: $0, reading: reading) }, forKey: .codeBlocks)
        try c.encode(lesson.diagnostics, forKey: .diagnostics)
    }
}

/// One code block under one reading.
struct BlockDocument: Encodable {
    var block: CodeBlock
    var reading: Reading

    private enum Keys: String, CodingKey {
        case index, line, column, endLine, fenced, closed, info, language, container, runs, skipReason, annotations, steps, script
    }

    func encode(to encoder: Encoder) throws {
        let view = block.reading(reading)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(block.index, forKey: .index)
        try c.encode(block.line, forKey: .line)
        try c.encode(block.column, forKey: .column)
        try c.encode(block.endLine, forKey: .endLine)
        try c.encode(block.fenced, forKey: .fenced)
        try c.encode(block.closed, forKey: .closed)
        try c.encode(String(block.info), forKey: .info)
        try c.encode(String(block.language), forKey: .language)
        try c.encode(block.container, forKey: .container)
        try c.encode(view.runs, forKey: .runs)
        try c.encodeIfPresent(view.skipReason, forKey: .skipReason)
        if block.isBash {
            try c.encode(view.annotations, forKey: .annotations)
            try c.encode(view.steps, forKey: .steps)
            try c.encode(view.script, forKey: .script)
        }
    }
}

/// The JSON form of a lesson tree: what `lessons --format json` prints.
public struct LessonTreeDocument: Encodable {
    public var tree: LessonTree
    public var reading: Reading

    public init(tree: LessonTree, reading: Reading) {
        self.tree = tree
        self.reading = reading
    }

    private enum Keys: String, CodingKey { case root, reading, categories, lessons }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(tree.rootPath, forKey: .root)
        try c.encode(reading, forKey: .reading)
        try c.encode(CategoryDocument(category: tree.root, reading: reading), forKey: .categories)
    }
}

struct CategoryDocument: Encodable {
    var category: LessonTree.Category
    var reading: Reading

    private enum Keys: String, CodingKey { case path, title, weight, notest, suiteHook, pages, children }
    private enum PageKeys: String, CodingKey { case file, title, weight, notest, blocks, steps, testFalse, error, lesson }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(category.path, forKey: .path)
        try c.encode(category.title, forKey: .title)
        try c.encode(category.weight, forKey: .weight)
        try c.encode(category.notest, forKey: .notest)
        try c.encodeIfPresent(category.suiteHook, forKey: .suiteHook)
        var pages = c.nestedUnkeyedContainer(forKey: .pages)
        for page in category.pages {
            var p = pages.nestedContainer(keyedBy: PageKeys.self)
            try p.encode(page.file, forKey: .file)
            try p.encode(page.title, forKey: .title)
            try p.encode(page.weight, forKey: .weight)
            try p.encode(page.notest, forKey: .notest)
            if let lesson = page.lesson {
                try p.encode(lesson.runnableBlocks(reading).count, forKey: .blocks)
                try p.encode(lesson.stepCount(reading), forKey: .steps)
                try p.encode(lesson.codeBlocks.filter { $0.isBash && !$0.reader.annotations.test }.count, forKey: .testFalse)
                try p.encode(LessonDocument(lesson: lesson, reading: reading), forKey: .lesson)
            }
            try p.encodeIfPresent(page.error?.description, forKey: .error)
        }
        try c.encode(category.children.map { CategoryDocument(category: $0, reading: reading) }, forKey: .children)
    }
}
