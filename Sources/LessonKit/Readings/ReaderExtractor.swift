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
        // Two passes: first where each step's command and output lines are (in a table on the
        // stack: a block has at most one step per line), then the steps themselves, so the
        // steps array is allocated once at its final size.
        withUnsafeTemporaryAllocation(of: (start: Int, end: Int, outputEnd: Int).self, capacity: max(lines.count, 1)) { found in
            var count = 0
            var unterminated: [HeredocOpening] = []
            var promptLike: [Int] = []
            var i = 0
            while i < lines.count {
                guard lines.isReaderPrompt(i) else {
                    if lines.startsWithDollar(i) { promptLike.append(lines.firstLine + i) }
                    if count > 0 { found[count - 1].outputEnd = i + 1 }
                    i += 1
                    continue
                }
                let start = i
                var heredocs = delimiters(lines, line: i, from: lines.promptEnd(i))
                while lines.endsWithBackslash(lines.start(i)..<lines.end(i)), i + 1 < lines.count {
                    i += 1
                    heredocs += delimiters(lines, line: i, from: lines.start(i))
                }
                for heredoc in heredocs {
                    var closed = false
                    while i + 1 < lines.count {
                        i += 1
                        if lines.closes(heredoc, line: i) {
                            closed = true
                            break
                        }
                    }
                    if !closed { unterminated.append(HeredocOpening(delimiter: heredoc.delimiter, line: lines.firstLine + start)) }
                }
                found.initializeElement(at: count, to: (start, i, i + 1))
                count += 1
                i += 1
            }
            var steps: [Step] = []
            steps.reserveCapacity(count)
            for step in found[..<count] {
                // Blank lines at the end of a step's output are not part of what a reader compares.
                var outputEnd = step.outputEnd
                while outputEnd > step.end + 1, lines.isBlankLine(outputEnd - 1) { outputEnd -= 1 }
                steps.append(Step(number: steps.count + 1, line: lines.firstLine + step.start,
                                  command: lines.command(from: step.start, through: step.end),
                                  sampleOutputText: lines.text(of: (step.end + 1)..<outputEnd)))
            }
            return Result(steps: steps, unterminatedHeredocs: unterminated, promptLikeLines: promptLike)
        }
    }

    /// The here-documents a line opens from byte `start` on (most lines have no `<<`: no text is made for them).
    private static func delimiters(_ lines: BlockLines, line: Int, from start: Int) -> [HeredocScanner.Delimiter] {
        let range = start..<lines.end(line)
        guard lines.contains("<<", in: range) else { return [] }
        return HeredocScanner.delimiters(in: lines.slice(range))
    }
}
