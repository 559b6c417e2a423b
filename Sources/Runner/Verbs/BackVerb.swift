/// `:back`: one block back.
struct BackVerb: ShellVerb {
    let name = "back"
    let aliases = ["b"]
    let summary = "go back one block"
    func run(_ arguments: [String], in guided: GuidedSession) -> Bool {
        if let previous = guided.blockChapters.last(where: { $0 < guided.cursor }) { guided.cursor = previous }
        guided.showCurrent()
        return true
    }
}
