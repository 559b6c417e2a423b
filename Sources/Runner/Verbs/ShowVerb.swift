/// `:show`: the current prose and block again.
struct ShowVerb: ShellVerb {
    let name = "show"
    let summary = "show the current prose and block again"
    func run(_ arguments: [String], in guided: GuidedSession) -> Bool {
        guided.showCurrent()
        return true
    }
}
