/// An info string the harness reads differently from its plain meaning (tabs, `timeout=10s` …).
struct AnnotationsReadDifferently: LintRule {
    func check(_ lesson: Lesson, context: LintContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for index in lesson.codeBlocks.indices {
            // Both readings nearly always agree: compare where the block is stored, before any copy of it.
            guard lesson.codeBlocks[index].reader.annotations != lesson.codeBlocks[index].markdownSh.annotations else { continue }
            let block = lesson.codeBlocks[index]
            guard block.isBash else { continue }
            let ours = block.reader.annotations
            let theirs = block.markdownSh.annotations
            var differences: [String] = []
            if ours.test != theirs.test { differences.append("test=\(theirs.test)") }
            if ours.timeout != theirs.timeout { differences.append("timeout=\(theirs.timeout)") }
            if ours.wait != theirs.wait { differences.append("wait=\(theirs.wait)") }
            if ours.hook != theirs.hook { differences.append("hook=\(theirs.hook ?? "none")") }
            if ours.hookTimeout != theirs.hookTimeout { differences.append("hookTimeout=\(theirs.effectiveHookTimeout)") }
            if ours.expectError != theirs.expectError { differences.append("expectError=\(theirs.expectError)") }
            if ours.raw != theirs.raw { differences.append("raw=\(theirs.raw)") }
            guard !differences.isEmpty else { continue }
            findings.append(.warning("annotations-read-differently",
                                     "markdown-sh reads this info string as \(differences.joined(separator: " ")) (it splits on single spaces and reads numbers with parseInt); separate annotations with one space and write plain values",
                                     in: lesson, line: block.line, column: block.column))
        }
        return findings
    }
}
