import Foundation
import LessonKit
import Transcript

/// `--check-output`: each command's output against the sample output the lesson shows after it,
/// with values that differ per run (ids, names, ages, times) normalised on both sides.
enum OutputCheck {
    static func compare(_ steps: [Step], _ commands: [CommandRun]) -> String? {
        let normalizer = OutputNormalizer()
        for (step, command) in zip(steps, commands) where !step.sampleOutput.isEmpty {
            let expected = normalizer.normalize(step.sampleOutput.joined(separator: "\n")).text
            let actual = normalizer.normalize(command.stdout + command.stderr).text
            let expectedLines = expected.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let actualLines = Set(actual.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
            // Sample output is often abridged: every line it shows must appear, not every line printed.
            if let missing = expectedLines.first(where: { !actualLines.contains($0) }) {
                return "output of `\(step.command.split(separator: "\n").first ?? "")` (line \(step.line)) lacks the sample line: \(missing)"
            }
        }
        return nil
    }
}
