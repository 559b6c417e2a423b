import LessonKit

/// Renders a lesson tree as `workshop lessons` lists it: run order, titles, counts, skips.
public struct LessonTreeRenderer: Sendable {
    public var style: TerminalStyle
    public var reading: Reading

    public init(style: TerminalStyle, reading: Reading = .reader) {
        self.style = style
        self.reading = reading
    }

    public func render(_ tree: LessonTree) -> String {
        var out: [String] = []
        render(tree.root, depth: 0, isRoot: true, into: &out)
        let pages = tree.pages
        let blocks = pages.compactMap(\.lesson).reduce(0) { $0 + $1.runnableBlocks(reading).count }
        let steps = pages.compactMap(\.lesson).reduce(0) { $0 + $1.stepCount(reading) }
        out.append(style.dim("\(pages.count) lesson\(pages.count == 1 ? "" : "s"), \(blocks) block\(blocks == 1 ? "" : "s"), \(steps) step\(steps == 1 ? "" : "s") (\(reading.rawValue) reading)"))
        return out.joined(separator: "\n") + "\n"
    }

    private func render(_ category: LessonTree.Category, depth: Int, isRoot: Bool, into out: inout [String]) {
        // A tree made of one file needs no directory header.
        let showHeader = !(isRoot && category.pages.count == 1 && category.children.isEmpty)
        if showHeader {
            var header = "\(String(repeating: "  ", count: depth))\(style.bold(category.title))/"
            if !category.path.isEmpty { header += " " + style.dim(category.path) }
            if category.notest { header += " " + style.yellow("[skipped: .notest]") }
            out.append(header)
        }
        let pageIndent = String(repeating: "  ", count: showHeader ? depth + 1 : depth)
        for page in category.pages {
            guard let lesson = page.lesson else {
                out.append("\(pageIndent)\(style.red("✖")) \(page.file) \(style.red("unreadable"))")
                continue
            }
            let blocks = lesson.runnableBlocks(reading)
            let steps = lesson.stepCount(reading)
            let skipped = lesson.codeBlocks.filter { $0.isBash && !$0.reader.annotations.test }.count
            var line = "\(pageIndent)\(lesson.title)  \(style.dim(page.file))  \(blocks.count) block\(blocks.count == 1 ? "" : "s"), \(steps) step\(steps == 1 ? "" : "s")"
            if skipped > 0 { line += style.yellow(", \(skipped) test=false") }
            if page.notest { line += style.yellow(" [skipped: .notest]") }
            out.append(line)
        }
        for child in category.children {
            render(child, depth: depth + 1, isRoot: false, into: &out)
        }
    }
}
