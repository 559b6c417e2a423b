import Narration

/// `:explain`: what the cluster is doing now, and what comes next.
struct ExplainVerb: ShellVerb {
    let name = "explain"
    let aliases = ["e"]
    let summary = "what the cluster is doing now, and what comes next"
    func run(_ arguments: [String], in guided: GuidedSession) -> Bool {
        guided.write(Narrator.explain(guided.session.simulator) + "\n")
        return true
    }
}
