import LessonKit

/// Renders a lesson for a terminal, the way a participant meets it: prose, then each block's
/// commands with their annotations and sample output.
public struct LessonRenderer: Sendable {
    public var style: TerminalStyle
    public var reading: Reading

    public init(style: TerminalStyle, reading: Reading = .reader) {
        self.style = style
        self.reading = reading
    }

    public func render(_ lesson: Lesson) -> String {
        var out: [String] = []
        out.append(style.bold(lesson.title))
        let blocks = lesson.runnableBlocks(reading)
        let steps = lesson.stepCount(reading)
        out.append(style.dim("\(lesson.file) · \(blocks.count) block\(blocks.count == 1 ? "" : "s") · \(steps) step\(steps == 1 ? "" : "s") (\(reading.rawValue) reading)"))
        if let description = lesson.frontMatter.description {
            out.append(contentsOf: TextWrapper.wrap(style.italic(description), width: style.width))
        }
        for section in lesson.sections {
            if let heading = section.heading {
                out.append("")
                let marks = String(repeating: "#", count: max(1, heading.level))
                out.append(style.bold(style.cyan("\(marks) \(heading.text)")))
            }
            for block in section.blocks {
                out.append("")
                out.append(contentsOf: render(block, in: lesson, indent: ""))
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A lesson cut at each runnable block: the prose a participant reads before it, then the block.
    public struct Chapter {
        public var prose: [String]
        public var block: CodeBlock?
    }

    /// The lesson as chapters (the guided shell shows one at a time). Prose after the last block
    /// forms a final chapter without a block.
    public func chapters(_ lesson: Lesson) -> [Chapter] {
        var chapters: [Chapter] = []
        var prose: [String] = []
        func visit(_ block: ContentBlock, indent: String) {
            if case .code(let index) = block, lesson.codeBlocks[index].reading(reading).runs {
                chapters.append(Chapter(prose: prose, block: lesson.codeBlocks[index]))
                prose = []
                return
            }
            if case .admonition(let admonition) = block, admonition.blocks.contains(where: {
                if case .code(let i) = $0 { return lesson.codeBlocks[i].reading(reading).runs } else { return false }
            }) {
                for child in admonition.blocks { visit(child, indent: indent) }
                return
            }
            if !prose.isEmpty { prose.append("") }
            prose.append(contentsOf: render(block, in: lesson, indent: indent))
        }
        for section in lesson.sections {
            if let heading = section.heading {
                if !prose.isEmpty { prose.append("") }
                prose.append(style.bold(style.cyan("\(String(repeating: "#", count: max(1, heading.level))) \(heading.text)")))
            }
            for block in section.blocks { visit(block, indent: "") }
        }
        if !prose.isEmpty { chapters.append(Chapter(prose: prose, block: nil)) }
        return chapters
    }

    /// Renders one code block (also used by the guided shell to show the next block).
    public func render(codeBlock block: CodeBlock, indent: String = "") -> [String] {
        var out: [String] = []
        let view = block.reading(reading)
        guard block.isBash else {
            let label = block.language.isEmpty ? "text" : block.language
            out.append(indent + style.dim("┌ \(label) · line \(block.line)"))
            for line in block.literal.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                out.append(indent + style.dim("│ ") + line)
            }
            return out
        }
        var header = "▶ block \(block.index + 1) · line \(block.line)"
        let badges = annotationBadges(view.annotations)
        if !badges.isEmpty { header += " · " + badges.joined(separator: " ") }
        if !view.runs, let reason = view.skipReason {
            header += " · " + (reading == .markdownSh ? "not run by markdown-sh: " : "not run: ") + reason
        }
        out.append(indent + style.bold(style.blue(header)))
        let steps = view.runs || !block.reader.steps.isEmpty ? (view.steps.isEmpty ? block.reader.steps : view.steps) : []
        for step in steps {
            let commandLines = step.command.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, line) in commandLines.enumerated() {
                out.append(indent + (i == 0 ? style.green("$ ") : "  ") + style.bold(String(line)))
            }
            for line in step.sampleOutput {
                out.append(indent + "  " + style.dim(String(line)))
            }
        }
        if steps.isEmpty {
            for line in block.literal.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                out.append(indent + "  " + style.dim(String(line)))
            }
        }
        return out
    }

    private func annotationBadges(_ a: Annotations) -> [String] {
        var badges: [String] = []
        if !a.test { badges.append("test=false") }
        if a.timeout != Annotations.defaultTimeout { badges.append("timeout=\(a.timeout)") }
        if a.wait != 0 { badges.append("wait=\(a.wait)") }
        if let hook = a.hook { badges.append("hook=\(hook)") }
        if let t = a.hookTimeout { badges.append("hookTimeout=\(t)") }
        if a.expectError { badges.append("expectError=true") }
        if a.raw { badges.append("raw=true") }
        return badges
    }

    private func render(_ block: ContentBlock, in lesson: Lesson, indent: String) -> [String] {
        switch block {
        case .paragraph(let prose, _):
            return TextWrapper.wrap(render(prose.inlines), width: style.width, indent: indent)
        case .heading(let heading):
            return [indent + style.bold(heading.text)]
        case .list(let list):
            var out: [String] = []
            for (i, item) in list.items.enumerated() {
                let marker = list.ordered ? "\(list.start + i). " : "• "
                let pad = String(repeating: " ", count: marker.count)
                var first = true
                for (j, child) in item.enumerated() {
                    if j > 0 && !list.tight { out.append("") }
                    var lines = render(child, in: lesson, indent: indent + pad)
                    if first, !lines.isEmpty {
                        lines[0] = indent + marker + lines[0].dropFirst(indent.count + pad.count)
                        first = false
                    }
                    out.append(contentsOf: lines)
                }
            }
            return out
        case .blockQuote(let blocks, _):
            return blocks.flatMap { render($0, in: lesson, indent: indent + "│ ") }
        case .admonition(let admonition):
            let (symbol, paint) = admonitionLook(admonition.kind)
            var out = [indent + paint("┃ \(symbol) \(admonition.kind.uppercased())" + (admonition.title.map { ": \($0)" } ?? ""))]
            for (i, child) in admonition.blocks.enumerated() {
                if i > 0 { out.append(indent + paint("┃")) }
                out.append(contentsOf: render(child, in: lesson, indent: indent + paint("┃") + " "))
            }
            return out
        case .code(let index):
            return render(codeBlock: lesson.codeBlocks[index], indent: indent)
        case .html(let html, _):
            return html.split(separator: "\n").map { indent + style.dim(String($0)) }
        case .thematicBreak:
            return [indent + style.dim(String(repeating: "─", count: min(40, style.width)))]
        }
    }

    private func admonitionLook(_ kind: String) -> (String, (String) -> String) {
        switch kind.lowercased() {
        case "caution", "warning": return ("⚠", style.yellow)
        case "danger": return ("✖", style.red)
        case "tip": return ("✱", style.green)
        default: return ("ℹ", style.cyan)
        }
    }

    private func render(_ inlines: [Inline]) -> String {
        inlines.map { inline -> String in
            switch inline {
            case .text(let s): return String(s)
            case .code(let s): return style.magenta(String(s))
            case .emphasis(let c): return style.italic(render(c))
            case .strong(let c): return style.bold(render(c))
            case .link(let c, let destination):
                let text = render(c)
                return text == destination ? style.underline(text) : "\(style.underline(text)) \(style.dim("(\(destination))"))"
            case .image(let alt, let source): return "[image: \(render(alt))] \(style.dim("(\(source))"))"
            case .softBreak: return " "
            case .lineBreak: return "\n"
            case .html(let s): return s
            }
        }.joined()
    }
}
