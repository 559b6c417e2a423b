/// Command extraction as a reader sees a block: `$ ` lines are commands, `\` continues them,
/// heredocs of any form carry their bodies, blank lines are just part of the output.
struct ReaderExtractor {
    struct Result {
        var steps: [Step]
        /// Heredocs whose delimiter line never comes (the body runs to the end of the block).
        var unterminatedHeredocs: [HeredocOpening]
        /// Lines starting with `$` but not `$ ` (a reader sees output; the harness runs them).
        var promptLikeLines: [Int]
    }

    static func extract(_ lines: BlockLines) -> Result {
        // Two passes: first where each step's command and output lines are, then the steps
        // themselves, so every array is allocated at its final size instead of grown line by line.
        var found: [(start: Int, end: Int, outputEnd: Int)] = []
        found.reserveCapacity(lines.count)
        var unterminated: [HeredocOpening] = []
        var promptLike: [Int] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            guard line.isReaderPrompt else {
                if line.startsWithDollar { promptLike.append(lines.firstLine + i) }
                if !found.isEmpty { found[found.count - 1].outputEnd = i + 1 }
                i += 1
                continue
            }
            let start = i
            var heredocs = HeredocScanner.delimiters(in: line.droppingPrompt())
            while lines[i].endsWithBackslash, i + 1 < lines.count {
                i += 1
                heredocs += HeredocScanner.delimiters(in: lines[i])
            }
            for heredoc in heredocs {
                var closed = false
                while i + 1 < lines.count {
                    i += 1
                    let candidate = heredoc.stripsTabs ? lines[i].drop { $0 == "\t" } : lines[i]
                    if candidate == heredoc.delimiter {
                        closed = true
                        break
                    }
                }
                if !closed { unterminated.append(HeredocOpening(delimiter: heredoc.delimiter, line: lines.firstLine + start)) }
            }
            found.append((start, i, i + 1))
            i += 1
        }
        var steps: [Step] = []
        steps.reserveCapacity(found.count)
        for step in found {
            // Blank lines at the end of a step's output are not part of what a reader compares.
            var outputEnd = step.outputEnd
            while outputEnd > step.end + 1, lines[outputEnd - 1].isBlankLine { outputEnd -= 1 }
            steps.append(Step(number: steps.count + 1, line: lines.firstLine + step.start,
                              command: String(lines.command(from: step.start, through: step.end)),
                              sampleOutput: lines.lines[(step.end + 1)..<outputEnd].map(String.init)))
        }
        return Result(steps: steps, unterminatedHeredocs: unterminated, promptLikeLines: promptLike)
    }
}
