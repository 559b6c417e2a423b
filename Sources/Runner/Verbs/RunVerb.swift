/// `:run` (or Enter): the next block.
struct RunVerb: ShellVerb {
    let name = "run"
    let aliases = ["r"]
    let summary = "run the next block"
    func run(_ arguments: [String], in guided: GuidedSession) -> Bool { guided.runBlock() }
}
