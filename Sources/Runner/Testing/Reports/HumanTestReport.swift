import ClusterSim

/// The terminal summary: per lesson, per block, then the totals.
public enum HumanTestReport: TestReportFormat {
    public static let name = "human"

    static let symbols: [TestOutcome: String] = [.passed: "✓", .failed: "✗", .skipped: "-", .timedOut: "⧗"]

    /// One lesson's lines (printed as each lesson finishes).
    public static func render(_ lesson: LessonResult) -> String {
        var lines = ["\(symbols[lesson.outcome]!) \(lesson.file) — \(lesson.title)  [\(lesson.outcome.rawValue); simulated \(SimTime.seconds(lesson.simulatedSeconds).durationText), wall \(lesson.wallSeconds.secondsText)s]"]
        if let error = lesson.error { lines.append("    error: \(error)") }
        for block in lesson.blocks {
            var line = "  \(symbols[block.outcome]!) block \(block.number) (line \(block.line)) \(block.outcome.rawValue)"
            if block.outcome != .skipped {
                line += "  simulated \(SimTime.seconds(block.simulatedSeconds).durationText), wall \(block.wallSeconds.secondsText)s"
            }
            line += "  $ \(block.command)"
            lines.append(line)
            if let message = block.message, block.outcome != .passed { lines.append("      \(message)") }
            if block.outcome == .failed || block.outcome == .timedOut {
                let output = (block.stdout + block.stderr).split(separator: "\n", omittingEmptySubsequences: false).suffix(8)
                if !output.joined().isEmpty { lines += output.map { "      │ " + $0 } }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func summary(_ report: TestReport) -> String {
        let counts = TestOutcome.allCases.map { "\(report.count($0)) \($0.rawValue)" }.joined(separator: ", ")
        let lessons = report.lessons.count
        return "\(lessons) lesson\(lessons == 1 ? "" : "s"), \(report.blocks.count) block\(report.blocks.count == 1 ? "" : "s"): \(counts) — \(report.wallSeconds.secondsText)s wall (backend \(report.backend), reading \(report.reading.rawValue))\n"
    }

    public static func render(_ report: TestReport) -> String {
        report.lessons.map(render).joined() + summary(report)
    }
}
