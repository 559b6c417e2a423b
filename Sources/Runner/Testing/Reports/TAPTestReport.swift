/// TAP version 13: one test point per block, `# SKIP` for skipped blocks, a YAML
/// diagnostic block for failures.
public enum TAPTestReport: TestReportFormat {
    public static let name = "tap"

    public static func render(_ report: TestReport) -> String {
        var lines = ["TAP version 13", "1..\(report.blocks.count)"]
        var number = 0
        for lesson in report.lessons {
            lines.append("# \(lesson.file) — \(oneLine(lesson.title))")
            if let error = lesson.error { lines.append("# error: \(oneLine(error))") }
            for block in lesson.blocks {
                number += 1
                let description = "\(oneLine(lesson.file)):\(block.line) block \(block.number) \(oneLine(block.command))".replacingOccurrences(of: "#", with: "\\#")
                switch block.outcome {
                case .passed:
                    lines.append("ok \(number) - \(description)")
                case .skipped:
                    lines.append("ok \(number) - \(description) # SKIP \(oneLine(block.message ?? "skipped"))")
                case .failed, .timedOut:
                    lines.append("not ok \(number) - \(description)")
                    lines.append("  ---")
                    lines.append("  outcome: \(block.outcome.rawValue)")
                    lines.append("  message: \(yamlQuoted(block.message ?? ""))")
                    lines.append("  at: \(yamlQuoted("\(lesson.file):\(block.line)"))")
                    lines.append("  output: |-")
                    let output = (block.stdout + block.stderr).split(separator: "\n", omittingEmptySubsequences: false)
                    lines += (output.isEmpty ? [""] : output).map { "    " + $0 }
                    lines.append("  ...")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    static func yamlQuoted(_ text: String) -> String {
        "\"" + oneLine(text).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
