/// Command extraction exactly as the EKS Workshop harness (`gatherer.ts` `extractCommand`) does it.
///
/// Quirks kept on purpose: an empty line ends the whole block; a line starting with `$` loses its
/// first two characters whatever they are; only a literal `<<EOF` opens a heredoc, and it ends at
/// the next line containing `EOF` anywhere.
struct MarkdownShExtractor {
    struct Result {
        var steps: [Step]
    }

    /// A step found, as line indexes: the command's lines (each `$`-line losing two characters)
    /// and the sample output after them.
    private struct Found {
        var start: Int
        var end: Int
        /// A `$`-line inside the command (in a heredoc body): the lines can't be one slice.
        var promptInside = false
        var outputStart: Int
        var outputEnd: Int
    }

    /// `readerSteps` are the same block's steps under the reader (slices of `lines.text`): when the
    /// harness finds the same steps at the same places (nearly always), their array is shared
    /// rather than built, compared and dropped.
    static func extract(_ lines: BlockLines, readerSteps: [Step] = []) -> Result {
        // Steps are found in a table on the stack (at most one per line), then made at their final count.
        withUnsafeTemporaryAllocation(of: Found.self, capacity: max(lines.count, 1)) { found in
            var count = 0
            var inCommand = false
            var inHeredoc = false
            for index in 0..<lines.count {
                if lines.isEmpty(index) { break }
                let startsWithDollar = lines.startsWithDollar(index)
                let line = (startsWithDollar ? lines.promptEnd(index) : lines.start(index))..<lines.end(index)
                if startsWithDollar || inCommand {
                    if !inCommand {
                        found.initializeElement(at: count, to: Found(start: index, end: index, outputStart: index + 1, outputEnd: index + 1))
                        count += 1
                    } else {
                        found[count - 1].end = index
                        found[count - 1].promptInside = found[count - 1].promptInside || startsWithDollar
                        found[count - 1].outputStart = index + 1
                        found[count - 1].outputEnd = index + 1
                    }
                    if inHeredoc {
                        if lines.contains("EOF", in: line) { inHeredoc = false }
                    } else if lines.contains("<<EOF", in: line) {
                        inHeredoc = true
                    }
                    inCommand = lines.endsWithBackslash(line) || inHeredoc
                } else if count > 0 {
                    found[count - 1].outputEnd = index + 1
                }
            }
            if count == readerSteps.count,
               zip(found[..<count], readerSteps).allSatisfy({ isSame($0, as: $1, in: lines) }) {
                return Result(steps: readerSteps)
            }
            var steps: [Step] = []
            steps.reserveCapacity(count)
            for step in found[..<count] {
                let command: Substring
                if step.promptInside {
                    command = Substring((step.start...step.end).map { lines.startsWithDollar($0) ? lines.droppingPrompt($0) : lines.line($0) }
                        .joined(separator: "\n"))
                } else {
                    command = lines.command(from: step.start, through: step.end)
                }
                steps.append(Step(number: steps.count + 1, line: lines.firstLine + step.start, command: command,
                                  sampleOutputText: lines.text(of: step.outputStart..<step.outputEnd)))
            }
            return Result(steps: steps)
        }
    }

    /// Whether a step found here is the reader's `step`: the same line, and the same bytes of the
    /// block for its command and its sample output (so the same text, without making it).
    private static func isSame(_ found: Found, as step: Step, in lines: BlockLines) -> Bool {
        guard !found.promptInside, step.line == lines.firstLine + found.start,
              lines.offsets(of: step.command) == lines.promptEnd(found.start)..<lines.end(found.end) else { return false }
        guard found.outputStart < found.outputEnd else { return step.sampleOutputText.isEmpty }
        return lines.offsets(of: step.sampleOutputText) == lines.start(found.outputStart)..<lines.end(found.outputEnd - 1)
    }
}
