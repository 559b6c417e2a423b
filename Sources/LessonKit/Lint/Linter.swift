/// One check a lesson can fail. Each rule lives in its own file under `Lint/Rules`.
public protocol LintRule: Sendable {
    func check(_ lesson: Lesson) -> [Diagnostic]
}

/// Runs lint rules over lessons.
///
/// Most rules point at places where the EKS Workshop harness (markdown-sh) would run something
/// other than what a reader of the page sees.
public struct Linter: Sendable {
    public static let defaultRules: [any LintRule] = [
        MissingFrontMatter(),
        NestedBashFence(),
        ShellFenceNotRun(),
        BlockWithoutCommands(),
        BlankLineDropsCommands(),
        ReadingsDisagree(),
        AnnotationsReadDifferently(),
        NonExportedVariable(),
        ShellSyntaxProblems(),
    ]

    public var rules: [any LintRule]

    public init(rules: [any LintRule] = Linter.defaultRules) {
        self.rules = rules
    }

    /// Parse-time diagnostics plus every rule's findings, in file order.
    public func lint(_ lesson: Lesson) -> [Diagnostic] {
        let findings = lesson.diagnostics + rules.flatMap { $0.check(lesson) }
        return findings.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }
}

extension Diagnostic {
    static func warning(_ code: String, _ message: String, in lesson: Lesson, line: Int, column: Int = 1) -> Diagnostic {
        Diagnostic(.warning, code: code, message: message, file: lesson.file, line: line, column: column)
    }
}

extension String {
    /// The first line of a command, shortened for messages.
    var commandSummary: String {
        let first = split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? self
        return first.count > 60 ? String(first.prefix(57)) + "..." : first
    }
}
