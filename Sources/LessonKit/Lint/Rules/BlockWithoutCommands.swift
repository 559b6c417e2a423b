/// A bash block with no `$ ` line runs nothing in either reading.
struct BlockWithoutCommands: LintRule {
    func check(_ lesson: Lesson, context: LintContext) -> [Diagnostic] {
        lesson.codeBlocks.filter { block in
            block.language == "bash" && !block.reader.annotations.raw && block.reader.steps.isEmpty
                && !block.literal.allSatisfy(\.isWhitespace)
                && !block.literal.split(separator: "\n").allSatisfy { $0.hasPrefix("#") }
        }.map { block in
            .warning("no-commands",
                     "this bash block has no `$ ` lines, so nothing in it runs; prefix commands with `$ `, or add raw=true to run the whole block",
                     in: lesson, line: block.line, column: block.column)
        }
    }
}
