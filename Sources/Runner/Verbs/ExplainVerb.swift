import Narration

/// `:explain`: what the cluster is doing now, and what comes next.
struct ExplainVerb: ShellVerb {
    let name = "explain"
    let aliases = ["e"]
    let summary = "what the cluster is doing now, and what comes next"
    func run(_ arguments: [String], in guided: GuidedSession) -> Bool {
        guard let simulator = guided.simulator else {
            guided.write("On a real cluster Workshop does not explain what EKS is doing yet: aws eks describe-update and kubectl get nodes show it.\n")
            return true
        }
        guided.write(Narrator.explain(simulator) + "\n")
        return true
    }
}
