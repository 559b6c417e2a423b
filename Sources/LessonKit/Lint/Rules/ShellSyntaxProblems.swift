import ShellSyntax

/// Commands that are not valid bash (errors), or that Workshop cannot run natively (warnings).
struct ShellSyntaxProblems: LintRule {
    func check(_ lesson: Lesson, context: LintContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for block in lesson.codeBlocks where block.reader.runs && !block.reader.annotations.raw {
            for step in block.reader.steps {
                if case .failure(let error) = context.script(for: step) {
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
