/// Places where markdown-sh would run a different command than the one a reader sees:
/// unrecognised heredocs, `$`-lines without the space, unterminated heredocs.
struct ReadingsDisagree: LintRule {
    func check(_ lesson: Lesson, context: LintContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        // Fields are read where the block is stored: copying every block out cost more than the checks.
        for index in lesson.codeBlocks.indices {
            guard lesson.codeBlocks[index].isBash, !lesson.codeBlocks[index].reader.annotations.raw else { continue }
            for opening in lesson.codeBlocks[index].unterminatedHeredocs {
                findings.append(.warning("unterminated-heredoc",
                                         "heredoc <<\(opening.delimiter) is never closed in this block; add a line with just \(opening.delimiter)",
                                         in: lesson, line: opening.line))
            }
            guard lesson.codeBlocks[index].markdownSh.runs else { continue }
            let harness = lesson.codeBlocks[index].markdownSh.steps
            var next = 0
            for line in lesson.codeBlocks[index].promptLikeLines {
                findings.append(.warning("prompt-without-space",
                                         "this line starts with `$` but not `$ `: a reader sees output, but markdown-sh runs it with its first two characters cut off; write `$ ` for a command",
                                         in: lesson, line: line))
            }
            for step in lesson.codeBlocks[index].reader.steps {
                // Both readings list steps in line order: walk them side by side.
                while next < harness.count, harness[next].line < step.line { next += 1 }
                guard next < harness.count, harness[next].line == step.line else { continue }
                let theirs = harness[next]
                guard theirs.command != step.command else { continue }
                let delimiters = HeredocScanner.delimiters(in: step.command.firstLine)
                if let heredoc = delimiters.first(where: { !($0.delimiter == "EOF" && !$0.quoted && !$0.stripsTabs) }) ?? delimiters.first {
                    findings.append(.warning("heredoc-not-recognised",
                                             "markdown-sh only recognises a literal <<EOF heredoc: for this <<\(heredoc.stripsTabs ? "-" : "")\(heredoc.quoted ? "'\(heredoc.delimiter)'" : heredoc.delimiter) it runs `\(theirs.command.commandSummary)` and treats the body as sample output; write <<EOF",
                                             in: lesson, line: step.line))
                } else {
                    findings.append(.warning("readings-disagree",
                                             "markdown-sh runs a different command here than a reader sees: `\(theirs.command.commandSummary)`",
                                             in: lesson, line: step.line))
                }
            }
        }
        return findings
    }
}
