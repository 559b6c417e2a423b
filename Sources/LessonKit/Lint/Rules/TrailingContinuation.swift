/// A command whose last line ends in `\` with nothing after it: the block ended in the middle of
/// the command. Bash runs what is there (dropping the backslash, or keeping it as a literal
/// argument under `bash -c`), without the options that were meant to follow — almost always a mistake.
struct TrailingContinuation: LintRule {
    func check(_ lesson: Lesson, context: LintContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        func report(_ step: Step) {
            let lines = step.command.split(separator: "\n", omittingEmptySubsequences: false)
            // The first line follows its `$ ` prompt; later lines stand as written.
            let column = (lines.count == 1 ? 2 : 0) + lines[lines.count - 1].count
            findings.append(.warning(
                "trailing-continuation",
                "`\(step.command.commandSummary)` ends with a line continuation (\\) but the block ends there: the command is cut short; add the lines that should follow, or remove the \\",
                in: lesson, line: step.line + lines.count - 1, column: max(column, 1)))
        }
        // Blocks are read where they are stored, and most commands end in no backslash: nothing
        // is copied or allocated for them. Each command is reported once, whichever reading has it.
        for index in lesson.codeBlocks.indices {
            guard lesson.codeBlocks[index].isBash, !lesson.codeBlocks[index].reader.annotations.raw else { continue }
            var reported: [Int] = []
            for step in lesson.codeBlocks[index].reader.steps where step.command.endsInContinuation {
                reported.append(step.line)
                report(step)
            }
            for step in lesson.codeBlocks[index].markdownSh.steps where step.command.endsInContinuation && !reported.contains(step.line) {
                report(step)
            }
        }
        return findings
    }
}

extension Substring {
    /// True when the text ends in an unescaped backslash (an odd number of them).
    var endsInContinuation: Bool {
        // Nearly every command ends in something else: one byte tells.
        guard utf8.last == UInt8(ascii: "\\") else { return false }
        var count = 0
        var index = utf8.endIndex
        while index > utf8.startIndex {
            index = utf8.index(before: index)
            guard utf8[index] == UInt8(ascii: "\\") else { break }
            count += 1
        }
        return count % 2 == 1
    }
}
