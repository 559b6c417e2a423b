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
        var steps: [Step] = []
        var unterminated: [HeredocOpening] = []
        var promptLike: [Int] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            guard line.isReaderPrompt else {
                if line.startsWithDollar { promptLike.append(lines.firstLine + i) }
                if !steps.isEmpty { steps[steps.count - 1].sampleOutput.append(String(line)) }
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
            steps.append(Step(number: steps.count + 1, line: lines.firstLine + start, command: String(lines.command(from: start, through: i))))
            i += 1
        }
        for index in steps.indices {
            while let last = steps[index].sampleOutput.last, last.isBlankLine {
                steps[index].sampleOutput.removeLast()
            }
        }
        return Result(steps: steps, unterminatedHeredocs: unterminated, promptLikeLines: promptLike)
    }
}
