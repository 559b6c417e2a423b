/// A guided-shell verb (`:skip`, `:goto N` …). Each is a type of its own in this folder, listed in
/// ``ShellVerbs/all``: that one list drives dispatch, `:help` and Tab completion.
public protocol ShellVerb: Sendable {
    /// Typed after `:` (`goto`).
    var name: String { get }
    /// Shorter spellings (`g`).
    var aliases: [String] { get }
    /// As `:help` shows it (`:goto N`).
    var usage: String { get }
    var summary: String { get }
    /// Tab completion for its argument.
    func completions(_ context: ShellVerbs.Context) -> [String]
    /// Runs it with the words after the verb; false ends the session.
    func run(_ arguments: [String], in guided: GuidedSession) -> Bool
}

extension ShellVerb {
    public var aliases: [String] { [] }
    public var usage: String { ":" + name }
    public func completions(_ context: ShellVerbs.Context) -> [String] { [] }
}

/// The guided shell's verbs, in the order `:help` lists them.
public enum ShellVerbs {
    /// What completion may offer from the session.
    public struct Context: Sendable {
        public var lessonNames: [String]
        public var blockCount: Int
    }

    public static let all: [any ShellVerb] = [
        RunVerb(), SkipVerb(), BackVerb(), GotoVerb(), BlocksVerb(), LessonVerb(), OpenVerb(), ShowVerb(), ExplainVerb(), SpeedVerb(),
        NarrateVerb(), ResetVerb(), RecordVerb(), TimelineVerb(), HelpVerb(), QuitVerb(),
    ]

    /// The verb typed as `name` (or one of its aliases).
    public static func named(_ name: String) -> (any ShellVerb)? {
        all.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// `:help`'s text.
    public static var helpText: String {
        let rows = [("(Enter)", "run the next block")] + all.map { ($0.usage, $0.summary) }
        // As wide as the longest usage: a usage is never cut.
        let width = rows.map(\.0.count).max() ?? 13
        return "Verbs (they start with ':' so they never collide with commands):\n"
            + rows.map { "  \($0.0.padding(toLength: width, withPad: " ", startingAt: 0)) \($0.1)" }.joined(separator: "\n")
            + "\nAnything else runs in the session's bash, where aws, kubectl, eksctl and sleep reach the simulated cluster.\n"
    }
}
