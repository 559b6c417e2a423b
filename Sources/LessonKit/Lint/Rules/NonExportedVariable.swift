import ShellSyntax

/// markdown-sh runs each block in a fresh bash and carries over only exported variables, so a
/// plain `X=…` in one block is empty in the next.
struct NonExportedVariable: LintRule {
    func check(_ lesson: Lesson, context: LintContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        var exported: Set<String> = []
        var plainlySet: [String: Int] = [:]  // name → line of the non-exported assignment
        // By index: copying each block out of the array costs more than the rest of this loop.
        for index in lesson.codeBlocks.indices where lesson.codeBlocks[index].markdownSh.runs {
            var local: Set<String> = []
            for step in lesson.codeBlocks[index].markdownSh.steps {
                guard case .success(let events) = context.variableUsage(for: step) else { continue }
                for event in events {
                    switch event {
                    case .write(let definition):
                        local.insert(definition.name)
                        if definition.exported {
                            exported.insert(definition.name)
                            plainlySet[definition.name] = nil
                        } else if !exported.contains(definition.name) {
                            plainlySet[definition.name] = definition.position.line
                        }
                    case .read(let reference):
                        guard !reference.hasFallback, !local.contains(reference.name), !exported.contains(reference.name),
                              let setAt = plainlySet[reference.name] else { continue }
                        findings.append(.warning("non-exported-variable",
                                                 "$\(reference.name) was set without export at line \(setAt); markdown-sh runs each block in a fresh bash, so it is empty here; write `export \(reference.name)=…`",
                                                 in: lesson, line: reference.position.line, column: reference.position.column))
                    }
                }
            }
        }
        return findings
    }
}
