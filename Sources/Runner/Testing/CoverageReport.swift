import Actions
import ClusterSim
import LessonKit

/// `workshop test --coverage`: the share of a tree's `$ ` commands that run natively on the
/// simulated cluster, and what most often does not (so authors, and we, see what to add next).
public struct CoverageReport: Sendable {
    public var commands = 0
    public var native = 0
    /// `program subcommand` → how many commands needed it.
    public var missing: [String: Int] = [:]

    public init() {}

    /// Runs every command of every lesson in a fresh session per lesson, going on past failures.
    public static func measure(_ plan: [PlannedLesson], reading: Reading, scenario: Scenario, seed: UInt64) -> CoverageReport {
        var report = CoverageReport()
        for planned in plan where !planned.page.notest {
            guard let lesson = planned.page.lesson else { continue }
            let session = Session(simulator: Simulator(scenario: scenario, seed: seed))
            session.watchLimit = .seconds(1)
            for block in lesson.codeBlocks where block.reading(reading).runs {
                for step in block.reading(reading).steps {
                    report.commands += 1
                    let result = session.run(String(step.command))
                    let marker = "not available in the simulated cluster: "
                    if let line = result.stderr.split(separator: "\n").first(where: { $0.hasPrefix(marker) }) {
                        report.missing[String(line.dropFirst(marker.count)), default: 0] += 1
                    } else {
                        report.native += 1
                    }
                }
            }
        }
        return report
    }

    public var share: Double { commands == 0 ? 1 : Double(native) / Double(commands) }

    public func render(top: Int = 15) -> String {
        var lines = [String(format: "coverage: %d of %d commands run natively (%.1f %%)", native, commands, share * 100)]
        let ranked = missing.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        if !ranked.isEmpty {
            lines.append("not available in the simulated cluster, most common first:")
            for (name, count) in ranked.prefix(top) { lines.append("  \(String(count).leftPadded(5))  \(name)") }
            if ranked.count > top { lines.append("  … and \(ranked.count - top) more") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
