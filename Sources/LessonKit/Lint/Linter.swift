import ShellSyntax

/// One check a lesson can fail. Each rule lives in its own file under `Lint/Rules`.
public protocol LintRule: Sendable {
    func check(_ lesson: Lesson, context: LintContext) -> [Diagnostic]
}

/// What rules share while one lesson is linted: each command is read once.
///
/// Rules need to know whether a command is valid bash and which variables it reads and writes,
/// not its syntax tree, so commands are read with ``VariableUsageRecorder`` into one log per lesson.
public final class LintContext {
    private struct Entry {
        var command: Substring
        var outcome: Result<Range<Int>, ShellSyntaxError>
        /// The next entry for the same line (the other reading extracted a different command there).
        var nextOnSameLine: Int?
    }

    /// By the step's line: both readings usually extract the same command there (the same string,
    /// so comparing on a hit is cheap), and a flat list costs one allocation, not one per line.
    private var entries: [Entry] = []
    private var firstEntryByLine: [Int: Int] = [:]
    private let recorder = VariableUsageRecorder()

    public init() {}

    /// What a step's command reads and writes (positions in its lesson), or why it is not valid bash.
    public func variableUsage(for step: Step) -> Result<ArraySlice<VariableUsage.Event>, ShellSyntaxError> {
        outcome(for: step).map { recorder.events[$0] }
    }

    /// Why a step's command is not valid bash (or cannot run natively), if it is not.
    public func syntaxError(for step: Step) -> ShellSyntaxError? {
        if case .failure(let error) = outcome(for: step) { return error }
        return nil
    }

    private func outcome(for step: Step) -> Result<Range<Int>, ShellSyntaxError> {
        var candidate = firstEntryByLine[step.line]
        var last: Int?
        while let index = candidate {
            if entries[index].command == step.command { return entries[index].outcome }
            last = index
            candidate = entries[index].nextOnSameLine
        }
        let outcome = Result { () throws(ShellSyntaxError) in
            try recorder.record(step.command, startingAt: SourcePosition(line: step.line, column: 3))
        }
        entries.append(Entry(command: step.command, outcome: outcome))
        if let last {
            entries[last].nextOnSameLine = entries.count - 1
        } else {
            firstEntryByLine[step.line] = entries.count - 1
        }
        return outcome
    }
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
        let context = LintContext()
        let findings = lesson.diagnostics + rules.flatMap { $0.check(lesson, context: context) }
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

extension StringProtocol {
    /// The first line of a command, shortened for messages.
    var commandSummary: String {
        let first = String(prefix { $0 != "\n" })
        return first.count > 60 ? String(first.prefix(57)) + "..." : first
    }
}
