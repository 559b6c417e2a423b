import ShellSyntax

/// markdown-sh runs each block in a fresh bash and carries over only exported variables, so a
/// plain `X=…` in one block is empty in the next.
struct NonExportedVariable: LintRule {
    /// What is known of a variable so far in the lesson: one table, looked up once per event.
    private struct Known {
        var exported = false
        /// Line of the latest assignment without export, while the variable is not exported.
        var plainlySetAt: Int?
        /// The block that last set it (a read in that block sees it, exported or not).
        var setInBlock = -1
    }

    func check(_ lesson: Lesson, context: LintContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        var known: [String: Known] = [:]
        // By index: copying each block out of the array costs more than the rest of this loop.
        for index in lesson.codeBlocks.indices where lesson.codeBlocks[index].markdownSh.runs {
            for step in lesson.codeBlocks[index].markdownSh.steps {
                guard case .success(let events) = context.variableUsage(for: step) else { continue }
                for event in events {
                    switch event {
                    case .write(let definition):
                        Self.record(definition, inBlock: index, in: &known[definition.name, default: Known()])
                    case .read(let reference):
                        guard !reference.hasFallback, let variable = known[reference.name], variable.setInBlock != index,
                              !variable.exported, let setAt = variable.plainlySetAt else { continue }
                        findings.append(.warning("non-exported-variable",
                                                 "$\(reference.name) was set without export at line \(setAt); markdown-sh runs each block in a fresh bash, so it is empty here; write `export \(reference.name)=…`",
                                                 in: lesson, line: reference.position.line, column: reference.position.column))
                    }
                }
            }
        }
        return findings
    }

    private static func record(_ definition: VariableUsage.Definition, inBlock block: Int, in variable: inout Known) {
        variable.setInBlock = block
        if definition.exported {
            variable.exported = true
            variable.plainlySetAt = nil
        } else if !variable.exported {
            variable.plainlySetAt = definition.position.line
        }
    }
}
