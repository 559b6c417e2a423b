/// markdown-sh stops reading a block at its first empty line: later commands are silently not run.
struct BlankLineDropsCommands: LintRule {
    func check(_ lesson: Lesson, context: LintContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for index in lesson.codeBlocks.indices {
            // Most blocks have no empty line: look for one before copying the block out of the lesson.
            guard let blank = lesson.codeBlocks[index].literal.firstEmptyLineIndex() else { continue }
            let block = lesson.codeBlocks[index]
            guard block.markdownSh.runs || (block.isBash && block.isTopLevel && block.markdownSh.annotations.test),
                  !block.markdownSh.annotations.raw else { continue }
            let blankLine = block.firstContentLine + blank
            let dropped = block.reader.steps.filter { $0.line > blankLine }
            guard let first = dropped.first else { continue }
            findings.append(.warning("blank-line-drops-commands",
                                     "blank line ends markdown-sh's reading of this block: \(dropped.count) command(s) after it never run under the harness (line \(first.line): `\(first.command.commandSummary)`); remove the blank line or split the block",
                                     in: lesson, line: blankLine))
        }
        return findings
    }
}
