import ShellSyntax

/// Commands that are not valid bash (errors), or that Workshop cannot run natively (warnings).
struct ShellSyntaxProblems: LintRule {
    func check(_ lesson: Lesson, context: LintContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        // Fields are read where the block is stored: copying each reading out cost more than the checks.
        for index in lesson.codeBlocks.indices {
            guard lesson.codeBlocks[index].reader.runs && !lesson.codeBlocks[index].reader.annotations.raw else { continue }
            for step in lesson.codeBlocks[index].reader.steps {
                if let error = context.syntaxError(for: step) {
                    switch error.kind {
                    case .invalid:
                        findings.append(Diagnostic(.error, code: "shell-syntax", message: "this command is not valid bash: \(error.message)",
                                                   file: lesson.file, line: error.position.line, column: error.position.column))
                    case .unsupported:
                        findings.append(.warning("unsupported-shell-syntax",
                                                 "Workshop cannot run this command natively (\(error.message)); it runs with --backend shell only",
                                                 in: lesson, line: error.position.line, column: error.position.column))
                    }
                }
            }
        }
        return findings
    }
}
