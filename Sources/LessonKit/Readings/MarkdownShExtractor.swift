/// Command extraction exactly as the EKS Workshop harness (`gatherer.ts` `extractCommand`) does it.
///
/// Quirks kept on purpose: an empty line ends the whole block; a line starting with `$` loses its
/// first two characters whatever they are; only a literal `<<EOF` opens a heredoc, and it ends at
/// the next line containing `EOF` anywhere.
struct MarkdownShExtractor {
    struct Result {
        var steps: [Step]
        var script: String
        /// Index (within the block's lines) of the empty line that stopped extraction, if any.
        var stoppedAtLine: Int?
    }

    static func extract(lines: [Substring], firstLine: Int) -> Result {
        var steps: [Step] = []
        var kept: [String] = []
        var inCommand = false
        var inHeredoc = false
        var stoppedAt: Int?
        for (offset, raw) in lines.enumerated() {
            if raw.isEmpty {
                stoppedAt = offset
                break
            }
            var line = String(raw)
            let startsWithDollar = line.hasPrefix("$")
            if startsWithDollar { line = String(line.dropFirst(2)) }
            if startsWithDollar || inCommand {
                if !inCommand {
                    steps.append(Step(number: steps.count + 1, line: firstLine + offset, command: line))
                } else {
                    steps[steps.count - 1].command += "\n" + line
                }
                kept.append(line)
                if inHeredoc {
                    if line.containsBytes("EOF") { inHeredoc = false }
                } else if line.containsBytes("<<EOF") {
                    inHeredoc = true
                }
                inCommand = line.hasSuffix("\\") || inHeredoc
            } else if !steps.isEmpty {
                steps[steps.count - 1].sampleOutput.append(line)
            }
        }
        return Result(steps: steps, script: kept.joined(separator: "\n"), stoppedAtLine: stoppedAt)
    }
}
