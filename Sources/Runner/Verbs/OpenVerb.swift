/// `:open NAME`: another lesson, on the same cluster.
struct OpenVerb: ShellVerb {
    let name = "open"
    let aliases = ["o"]
    let usage = ":open NAME"
    let summary = "switch to another lesson (same cluster)"
    func completions(_ context: ShellVerbs.Context) -> [String] { context.lessonNames }
    func run(_ arguments: [String], in guided: GuidedSession) -> Bool {
        guard arguments.count == 1, let lesson = guided.library.first(where: { GuidedSession.shortName($0) == arguments[0] })
                ?? guided.library.first(where: { GuidedSession.shortName($0).contains(arguments[0]) }) else {
            guided.write(guided.style.red("Usage: :open NAME, one of: \(guided.libraryNames.joined(separator: ", "))") + "\n")
            return true
        }
        guided.open(lesson)
        return true
    }
}
