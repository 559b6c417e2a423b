import ShellSyntax

/// Commands that are not valid bash. Constructs the lint parser does not model (loops, functions,
/// `case`) are bash all the same, which runs them, so they draw no finding.
struct ShellSyntaxProblems: LintRule {
    func check(_ lesson: Lesson, context: LintContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        // Fields are read where the block is stored: copying each reading out cost more than the checks.
        for index in lesson.codeBlocks.indices {
            guard lesson.codeBlocks[index].reader.runs && !lesson.codeBlocks[index].reader.annotations.raw else { continue }
            for step in lesson.codeBlocks[index].reader.steps {
                if let error = context.syntaxError(for: step), error.kind == .invalid {
                    findings.append(Diagnostic(.error, code: "shell-syntax", message: "this command is not valid bash: \(error.message)",
                                               file: lesson.file, line: error.position.line, column: error.position.column))
                }
            }
        }
        return findings
    }
}
