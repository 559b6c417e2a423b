/// `:skip`: past the next block without running it.
struct SkipVerb: ShellVerb {
    let name = "skip"
    let aliases = ["s"]
    let summary = "skip the next block"
    func run(_ arguments: [String], in guided: GuidedSession) -> Bool {
        guided.moveToNextBlock()
        guided.showCurrent()
        return true
    }
}
