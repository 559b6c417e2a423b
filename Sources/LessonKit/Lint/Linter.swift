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
        var line: Int
        var command: Substring
        var outcome: Result<Range<Int>, ShellSyntaxError>
    }

    /// Sorted by the step's line, found by binary search: rules ask in about line order, so a new
    /// entry nearly always goes at the end, and no table of lines has to be hashed. Both readings
    /// usually extract the same command at a line (the same slice, so comparing on a hit is cheap).
    /// Never handed out, and no call is made while it is accessed: its run-time access checks
    /// (on every lookup) are left out.
    @exclusivity(unchecked) private var entries: [Entry] = []
    private let recorder = VariableUsageRecorder()

    public init() {
        // A lesson has a few dozen commands: grown from empty, the table was reallocated five times.
        entries.reserveCapacity(16)
    }

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
        // Searched through one borrow of the table (each access to a class's property is checked).
        let (index, found) = entries.withUnsafeBufferPointer { entries -> (Int, Result<Range<Int>, ShellSyntaxError>?) in
            var low = 0
            var high = entries.count
            while low < high {
                let middle = (low + high) / 2
                if entries[middle].line < step.line { low = middle + 1 } else { high = middle }
            }
            var index = low
            while index < entries.count, entries[index].line == step.line {
                if entries[index].command == step.command { return (index, entries[index].outcome) }
                index += 1
            }
            return (index, nil)
        }
        if let found { return found }
        let outcome = Result { () throws(ShellSyntaxError) in
            try recorder.record(step.command, startingAt: SourcePosition(line: step.line, column: 3))
        }
        let entry = Entry(line: step.line, command: step.command, outcome: outcome)
        if index == entries.count { entries.append(entry) } else { entries.insert(entry, at: index) }
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
        TrailingContinuation(),
    ]

    public var rules: [any LintRule]

    public init(rules: [any LintRule] = Linter.defaultRules) {
        self.rules = rules
    }

    /// Parse-time diagnostics plus every rule's findings, in file order.
    public func lint(_ lesson: Lesson) -> [Diagnostic] {
        let context = LintContext()
        var findings = lesson.diagnostics
        // Most rules find nothing: appending their empty results to an empty array would still
        // give it storage of its own, once per rule and lesson.
        for rule in rules {
            let found = rule.check(lesson, context: context)
            if !found.isEmpty { findings.append(contentsOf: found) }
        }
        guard findings.count > 1 else { return findings }
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
    /// The text up to its first newline.
    var firstLine: SubSequence { self[..<(utf8.firstIndex(of: 0x0A) ?? endIndex)] }

    /// The first line of a command, shortened for messages.
    var commandSummary: String {
        let first = String(firstLine)
        return first.count > 60 ? String(first.prefix(57)) + "..." : first
    }
}
