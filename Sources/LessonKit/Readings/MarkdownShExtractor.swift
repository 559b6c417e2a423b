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

    /// `readerSteps` are the same block's steps under the reader: where the harness extracts the
    /// same text (nearly always), their strings are shared rather than copied again.
    static func extract(_ lines: BlockLines, readerSteps: [Step] = []) -> Result {
        var found: [Found] = []
        found.reserveCapacity(lines.count)
        var inCommand = false
        var inHeredoc = false
        for index in 0..<lines.count {
            let raw = lines[index]
            if raw.isEmpty { break }
            let startsWithDollar = raw.startsWithDollar
            let line = startsWithDollar ? raw.droppingPrompt() : raw
            if startsWithDollar || inCommand {
                if !inCommand {
                    found.append(Found(start: index, end: index, outputStart: index + 1, outputEnd: index + 1))
                } else {
                    found[found.count - 1].end = index
                    found[found.count - 1].promptInside = found[found.count - 1].promptInside || startsWithDollar
                    found[found.count - 1].outputStart = index + 1
                    found[found.count - 1].outputEnd = index + 1
                }
                if inHeredoc {
                    if line.containsBytes("EOF") { inHeredoc = false }
                } else if line.containsBytes("<<EOF") {
                    inHeredoc = true
                }
                inCommand = line.endsWithBackslash || inHeredoc
            } else if !found.isEmpty {
                found[found.count - 1].outputEnd = index + 1
            }
        }
        var steps: [Step] = []
        steps.reserveCapacity(found.count)
        var readerIndex = 0
        for step in found {
            let line = lines.firstLine + step.start
            while readerIndex < readerSteps.count, readerSteps[readerIndex].line < line { readerIndex += 1 }
            let twin = readerIndex < readerSteps.count && readerSteps[readerIndex].line == line ? readerSteps[readerIndex] : nil
            let command: String
            if step.promptInside {
                command = (step.start...step.end).map { lines[$0].startsWithDollar ? lines[$0].droppingPrompt() : lines[$0] }
                    .joined(separator: "\n")
            } else {
                let text = lines.command(from: step.start, through: step.end)
                if let twin, twin.command == text { command = twin.command } else { command = String(text) }
            }
            let output = lines.lines[step.outputStart..<step.outputEnd]
            let sampleOutput: [String]
            if let twin, twin.sampleOutput.count == output.count, zip(twin.sampleOutput, output).allSatisfy({ $0 == $1 }) {
                sampleOutput = twin.sampleOutput
            } else {
                sampleOutput = output.map(String.init)
            }
            steps.append(Step(number: steps.count + 1, line: line, command: command, sampleOutput: sampleOutput))
        }
        return Result(steps: steps)
    }
}
