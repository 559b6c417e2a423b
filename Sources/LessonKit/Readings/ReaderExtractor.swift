/// Command extraction as a reader sees a block: `$ ` lines are commands, `\` continues them,
/// heredocs of any form carry their bodies, blank lines are just part of the output.
struct ReaderExtractor {
    struct Result {
        /// How many steps were found (the first entries of the table handed in).
        var count = 0
        /// Heredocs whose delimiter line never comes (the body runs to the end of the block).
        var unterminatedHeredocs: [HeredocOpening] = []
        /// Lines starting with `$` but not `$ ` (a reader sees output; the harness runs them).
        var promptLikeLines: [Int] = []
    }

    /// Finds the block's steps into `found` (at most one per line).
    static func extract(_ lines: BlockLines, into found: UnsafeMutableBufferPointer<FoundStep>) -> Result {
        var result = Result()
        // Where the step being read ends and its output runs to, as line indexes.
        var commandEnd = 0
        var outputEnd = 0
        func finishStep() {
            guard result.count > 0 else { return }
            // Blank lines at the end of a step's output are not part of what a reader compares.
            while outputEnd > commandEnd + 1, lines.isBlankLine(outputEnd - 1) { outputEnd -= 1 }
            found[result.count - 1].output = lines.bytes(of: (commandEnd + 1)..<outputEnd)
        }
        var i = 0
        while i < lines.count {
            guard lines.isReaderPrompt(i) else {
                if lines.startsWithDollar(i) { result.promptLikeLines.append(lines.firstLine + i) }
                outputEnd = i + 1
                i += 1
                continue
            }
            finishStep()
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
                if !closed { result.unterminatedHeredocs.append(HeredocOpening(delimiter: heredoc.delimiter, line: lines.firstLine + start)) }
            }
            found[result.count] = FoundStep(line: start, command: lines.command(from: start, through: i), output: FoundStep.emptyRange)
            result.count += 1
            commandEnd = i
            outputEnd = i + 1
            i += 1
        }
        finishStep()
        return result
    }

    /// The here-documents a line opens from byte `start` on (most lines have no `<<`: no text is made for them).
    private static func delimiters(_ lines: BlockLines, line: Int, from start: Int) -> [HeredocScanner.Delimiter] {
        let range = start..<lines.end(line)
        guard lines.contains("<<", in: range) else { return [] }
        return HeredocScanner.delimiters(in: lines.text(range))
    }
}
