import ShellSyntax

/// One check a lesson can fail. Each rule lives in its own file under `Lint/Rules`.
public protocol LintRule: Sendable {
    func check(_ lesson: Lesson, context: LintContext) -> [Diagnostic]
}

/// What rules share while one lesson is linted: each command is parsed once.
public final class LintContext {
    /// By the step's line: both readings usually extract the same command there, and comparing the
    /// text on a hit is cheaper than hashing every command.
    private var parsed: [Int: [(command: String, result: Result<Script, ShellSyntaxError>)]] = [:]

    public init() {}

    /// The parsed form of a step's command (positions relative to its lesson line).
    public func script(for step: Step) -> Result<Script, ShellSyntaxError> {
        if let cached = parsed[step.line]?.first(where: { $0.command == step.command }) { return cached.result }
        let result: Result<Script, ShellSyntaxError>
        do {
            result = .success(try ShellParser.parse(step.command, startingAt: SourcePosition(line: step.line, column: 3)))
        } catch let error as ShellSyntaxError {
            result = .failure(error)
        } catch {
            result = .failure(ShellSyntaxError("\(error)", at: SourcePosition(line: step.line, column: 3)))
        }
        parsed[step.line, default: []].append((step.command, result))
        return result
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

extension String {
    /// The first line of a command, shortened for messages.
    var commandSummary: String {
        let first = split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? self
        return first.count > 60 ? String(first.prefix(57)) + "..." : first
    }
}
