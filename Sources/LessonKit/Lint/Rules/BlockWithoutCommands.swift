/// A bash block with no `$ ` line runs nothing in either reading.
struct BlockWithoutCommands: LintRule {
    func check(_ lesson: Lesson, context: LintContext) -> [Diagnostic] {
        // Most blocks have steps: that is checked where the block is stored, before any copy of it.
        lesson.codeBlocks.indices.filter { lesson.codeBlocks[$0].reader.steps.isEmpty }.map { lesson.codeBlocks[$0] }.filter { block in
            block.isBash && !block.reader.annotations.raw
                && !block.literal.allSatisfy(\.isWhitespace)
                && !block.literal.split(separator: "\n").allSatisfy { $0.hasPrefix("#") }
        }.map { block in
            .warning("no-commands",
                     "this bash block has no `$ ` lines, so nothing in it runs; prefix commands with `$ `, or add raw=true to run the whole block",
                     in: lesson, line: block.line, column: block.column)
        }
    }
}
