/// Command extraction exactly as the EKS Workshop harness (`gatherer.ts` `extractCommand`) does it.
///
/// Quirks kept on purpose: an empty line ends the whole block; a line starting with `$` loses its
/// first two characters whatever they are; only a literal `<<EOF` opens a heredoc, and it ends at
/// the next line containing `EOF` anywhere.
struct MarkdownShExtractor {
    /// Finds the block's steps into `found` (at most one per line) and returns how many there are.
    static func extract(_ lines: BlockLines, into found: UnsafeMutableBufferPointer<FoundStep>) -> Int {
        var count = 0
        var inCommand = false
        var inHeredoc = false
        // The step being read, as line indexes: its command's lines, whether a `$`-line is among
        // them after the first (in a heredoc body), and where its output ends.
        var start = 0
        var end = 0
        var promptInside = false
        var outputEnd = 0
        func finishStep() {
            guard count > 0 else { return }
            found[count - 1] = FoundStep(line: start, command: promptInside ? FoundStep.emptyRange : lines.command(from: start, through: end),
                                         output: lines.bytes(of: (end + 1)..<outputEnd),
                                         joinedLines: promptInside ? start...end : nil)
        }
        for index in 0..<lines.count {
            if lines.isEmpty(index) { break }
            let startsWithDollar = lines.startsWithDollar(index)
            let line = (startsWithDollar ? lines.promptEnd(index) : lines.start(index))..<lines.end(index)
            if startsWithDollar || inCommand {
                if !inCommand {
                    finishStep()
                    count += 1
                    start = index
                    promptInside = false
                } else {
                    promptInside = promptInside || startsWithDollar
                }
                end = index
                outputEnd = index + 1
                if inHeredoc {
                    if lines.contains("EOF", in: line) { inHeredoc = false }
                } else if lines.contains("<<EOF", in: line) {
                    inHeredoc = true
                }
                inCommand = lines.endsWithBackslash(line) || inHeredoc
            } else if count > 0 {
                outputEnd = index + 1
            }
        }
        finishStep()
        return count
    }

    /// A command of several lines that each lose their prompt: the lines joined.
    static func joinedCommand(_ lines: BlockLines, _ range: ClosedRange<Int>) -> String {
        range.map { lines.startsWithDollar($0) ? lines.text(lines.promptEnd($0)..<lines.end($0)) : lines.line($0) }
            .joined(separator: "\n")
    }
}
