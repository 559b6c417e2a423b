/// A command whose last line ends in `\` with nothing after it: the block ended in the middle of
/// the command. Bash runs what is there (dropping the backslash, or keeping it as a literal
/// argument under `bash -c`), without the options that were meant to follow — almost always a mistake.
struct TrailingContinuation: LintRule {
    func check(_ lesson: Lesson, context: LintContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for index in lesson.codeBlocks.indices {
            let block = lesson.codeBlocks[index]
            guard block.isBash, !block.reader.annotations.raw else { continue }
            // Both readings, each command once: markdown-sh usually shares the reader's steps.
            var reported: Set<Int> = []
            for step in block.reader.steps + block.markdownSh.steps where !reported.contains(step.line) {
                guard step.command.endsInContinuation else { continue }
                reported.insert(step.line)
                let lines = step.command.split(separator: "\n", omittingEmptySubsequences: false)
                let lastLine = step.line + lines.count - 1
                // The first line follows its `$ ` prompt; later lines stand as written.
                let column = (lines.count == 1 ? 2 : 0) + lines[lines.count - 1].count
                findings.append(.warning(
                    "trailing-continuation",
                    "`\(step.command.commandSummary)` ends with a line continuation (\\) but the block ends there: the command is cut short; add the lines that should follow, or remove the \\",
                    in: lesson, line: lastLine, column: max(column, 1)))
            }
        }
        return findings
    }
}

extension StringProtocol {
    /// True when the text ends in an unescaped backslash (an odd number of them).
    var endsInContinuation: Bool {
        var count = 0
        for byte in utf8.reversed() {
            guard byte == UInt8(ascii: "\\") else { break }
            count += 1
        }
        return count % 2 == 1
    }
}
