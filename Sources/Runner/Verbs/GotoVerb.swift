/// `:goto N`: to block N.
struct GotoVerb: ShellVerb {
    let name = "goto"
    let aliases = ["g", "step"]
    let usage = ":goto N"
    let summary = "jump to block N"
    func completions(_ context: ShellVerbs.Context) -> [String] {
        context.blockCount > 0 ? (1...context.blockCount).map(String.init) : []
    }
    func run(_ arguments: [String], in guided: GuidedSession) -> Bool {
        let blocks = guided.blockChapters
        guard arguments.count == 1, let n = Int(arguments[0]), (1...max(1, blocks.count)).contains(n), !blocks.isEmpty else {
            guided.write(guided.style.red("Usage: :goto N, with N from 1 to \(blocks.count) (:blocks lists them)") + "\n")
            return true
        }
        guided.cursor = blocks[n - 1]
        guided.showCurrent()
        return true
    }
}
