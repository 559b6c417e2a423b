import Narration

/// `:explain`: what the cluster is doing now, and what comes next.
struct ExplainVerb: ShellVerb {
    let name = "explain"
    let aliases = ["e"]
    let summary = "what the cluster is doing now, and what comes next"
    func run(_ arguments: [String], in guided: GuidedSession) -> Bool {
        if let poller = guided.poller {
            poller.lineEnded(waitUpTo: 15)
            guided.showPolled()
            guard let (snapshot, observer) = poller.last else {
                guided.write("Workshop has not been able to look at the cluster yet.\n")
                return true
            }
            guided.write(Narrator.explain(snapshot, observer: observer) + "\n")
            return true
        }
        guard let watcher = guided.watcher else {
            guided.write("Nothing to explain: Workshop is not watching a cluster in this session.\n")
            return true
        }
        watcher.poll()
        guard let snapshot = watcher.last else {
            guided.write(guided.style.red(watcher.lastError.map(String.init(describing:)) ?? "The cluster could not be seen.") + "\n")
            return true
        }
        guided.write(Narrator.explain(snapshot, observer: watcher.observer) + "\n")
        return true
    }
}
