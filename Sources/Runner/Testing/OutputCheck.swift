import Foundation
import LessonKit
import Transcript

/// `--check-output`: the block's output against the sample output the lesson shows after each of
/// its commands, with values that differ per run (ids, names, ages, times) normalised on both sides.
/// A block runs as one script, so each sample line is looked for in the whole block's output.
enum OutputCheck {
    static func compare(_ steps: [Step], output: String) -> String? {
        let normalizer = OutputNormalizer()
        let actual = normalizer.normalize(output).text
        for step in steps where !step.sampleOutput.isEmpty {
            let expected = normalizer.normalize(step.sampleOutput.joined(separator: "\n")).text
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
