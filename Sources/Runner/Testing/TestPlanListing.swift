import LessonKit

/// `workshop test --list`: what would run, without running it.
public enum TestPlanListing {
    public static func render(_ plan: [PlannedLesson], reading: Reading, only: Set<Int>?) -> String {
        var lines: [String] = []
        for planned in plan {
            for hook in planned.suiteHooksBefore { lines.append("[suite hook] \(hook) before") }
            guard let lesson = planned.page.lesson else {
                lines.append("✗ \(planned.page.file): \(planned.page.error?.description ?? "cannot be read")")
                continue
            }
            lines.append("\(SessionRecorder.relativeToWorkingDirectory(planned.filePath)) — \(lesson.title)\(planned.page.notest ? "  (.notest: skipped)" : "")")
            for (index, block) in lesson.codeBlocks.filter({ LessonTestRunner.isTested($0, reading) }).enumerated() {
                let blockReading = block.reading(reading)
                let annotations = blockReading.annotations
                var notes: [String] = []
                if !annotations.test { notes.append("test=false: skipped") }
                if let only, !only.contains(index + 1) { notes.append("not in --only") }
                if annotations.timeout != Annotations.defaultTimeout { notes.append("timeout=\(annotations.timeout)") }
                if annotations.wait > 0 { notes.append("wait=\(annotations.wait)") }
                if let hook = annotations.hook { notes.append("hook=\(hook)") }
                if annotations.expectError { notes.append("expectError") }
                if annotations.raw { notes.append("raw") }
                let commands = annotations.raw ? [block.literal] : (blockReading.steps.isEmpty ? block.reader.steps : blockReading.steps).map(\.command)
                lines.append("  block \(index + 1) (line \(block.line))\(notes.isEmpty ? "" : "  [" + notes.joined(separator: ", ") + "]")")
                for command in commands { lines.append("    $ " + command.replacingOccurrences(of: "\n", with: "\n      ")) }
            }
            for hook in planned.suiteHooksAfter { lines.append("[suite hook] \(hook) after") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
