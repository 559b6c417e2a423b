/// Places where markdown-sh would run a different command than the one a reader sees:
/// unrecognised heredocs, `$`-lines without the space, unterminated heredocs.
struct ReadingsDisagree: LintRule {
    func check(_ lesson: Lesson) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for block in lesson.codeBlocks where block.language == "bash" && !block.reader.annotations.raw {
            let lines = block.literal.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            let reader = ReaderExtractor.extract(lines: Array(lines), firstLine: block.firstContentLine)
            for (delimiter, line) in reader.unterminatedHeredocs {
                findings.append(.warning("unterminated-heredoc",
                                         "heredoc <<\(delimiter) is never closed in this block; add a line with just \(delimiter)",
                                         in: lesson, line: line))
            }
            guard block.markdownSh.runs else { continue }
            let harness = Dictionary(block.markdownSh.steps.map { ($0.line, $0) }, uniquingKeysWith: { a, _ in a })
            for line in reader.promptLikeLines {
                findings.append(.warning("prompt-without-space",
                                         "this line starts with `$` but not `$ `: a reader sees output, but markdown-sh runs it with its first two characters cut off; write `$ ` for a command",
                                         in: lesson, line: line))
            }
            for step in reader.steps {
                guard let theirs = harness[step.line], theirs.command != step.command else { continue }
                let delimiters = HeredocScanner.delimiters(in: step.command.split(separator: "\n").first.map(String.init) ?? "")
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
