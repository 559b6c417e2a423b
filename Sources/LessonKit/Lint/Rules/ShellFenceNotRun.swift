/// A non-bash fence (`sh`, `shell`, `console`, unlabelled) with `$ ` prompts is never run by either reading.
struct ShellFenceNotRun: LintRule {
    func check(_ lesson: Lesson, context: LintContext) -> [Diagnostic] {
        // Most blocks are bash: that is checked where the block is stored, before any copy of it.
        lesson.codeBlocks.indices.filter { !lesson.codeBlocks[$0].isBash }.map { lesson.codeBlocks[$0] }.filter { block in
            block.fenced
                && block.literal.split(separator: "\n").contains { $0.hasPrefix("$ ") }
        }.map { block in
            let label = block.language.isEmpty ? "an unlabelled fence" : "a ```\(block.language) fence"
            return .warning("shell-fence-not-run",
                            "\(label) with $ commands is never run (only ```bash is); label it ```bash to run it, or drop the $ prompts",
                            in: lesson, line: block.line, column: block.column)
        }
    }
}
