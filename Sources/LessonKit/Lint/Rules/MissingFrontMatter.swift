/// The harness refuses a page without front matter ("No Frontmatter found").
struct MissingFrontMatter: LintRule {
    func check(_ lesson: Lesson, context: LintContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        if !lesson.frontMatter.isPresent {
            findings.append(.warning("missing-front-matter",
                                     "no front matter: the EKS Workshop harness refuses this page; start it with ---, title: …, ---",
                                     in: lesson, line: 1))
        } else if lesson.frontMatter.title == nil {
            findings.append(.warning("missing-title", "front matter has no title; add title: … (it names the lesson and its test)",
                                     in: lesson, line: 1))
        }
        return findings
    }
}
