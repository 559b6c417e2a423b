/// A bash fence inside a list item or block quote: readers run it, the harness never sees it.
struct NestedBashFence: LintRule {
    func check(_ lesson: Lesson, context: LintContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for index in lesson.codeBlocks.indices {
            // Fields are read where they are stored: copying every block out cost more than the check.
            guard !lesson.codeBlocks[index].container.isTopLevel, lesson.codeBlocks[index].isBash,
                  lesson.codeBlocks[index].reader.runs else { continue }
            let block = lesson.codeBlocks[index]
            findings.append(.warning("nested-bash-fence",
                                     "this bash block is inside a \(block.container == .list ? "list item" : "block quote"): markdown-sh never runs it; move it to the top level (unindented) to have it tested",
                                     in: lesson, line: block.line, column: block.column))
        }
        return findings
    }
}
