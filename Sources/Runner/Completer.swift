import Actions
import ClusterSim

/// Tab completion for the guided shell: verbs, programs and their subcommands and flags, and
/// live names from the cluster (node groups, nodes, clusters, SSM paths).
public struct Completer {
    public init() {}

    /// Programs offered first: the ones that reach the cluster, then bash's everyday ones.
    static let programs = CommandTables.programs + ["echo", "export", "jq", "grep", "cat", "cd"]

    /// Candidates for the last word of `line`: verbs from the verb registry, programs' words from
    /// the programs' own command tables (``CommandTables``), live names from the cluster.
    public func candidates(for line: String, simulator: Simulator?, lessonNames: [String] = [], blockCount: Int = 0) -> [String] {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let endsWithSpace = line.hasSuffix(" ") || line.isEmpty
        let current = endsWithSpace ? "" : (words.last ?? "")
        let previous = endsWithSpace ? words : Array(words.dropLast())
        var pool: [String]
        if previous.isEmpty {
            pool = current.hasPrefix(":") ? ShellVerbs.all.map { ":" + $0.name } : Self.programs
        } else {
            switch previous[0] {
            case "aws":
                if previous.count == 1 { pool = CommandTables.awsServices }
                else if previous.count == 2 { pool = CommandTables.awsOperations(previous[1]) }
                else if previous.count == 3 && previous[2] == "wait" { pool = CommandTables.awsWaiters }
                else {
                    // After a flag that takes a value, offer values; otherwise the operation's flags.
                    let values = liveNames(after: previous.last ?? "", simulator: simulator, current: current)
                    pool = values.isEmpty ? CommandTables.awsFlags(previous[1], previous[2]) : values
                }
            case "kubectl":
                if previous.count == 1 { pool = CommandTables.kubectlVerbs }
                else if previous.count == 2 { pool = CommandTables.kubectlSubcommands(previous[1]) ?? CommandTables.kubectlResources }
                else if previous.count == 3, CommandTables.kubectlSubcommands(previous[1]) != nil { pool = CommandTables.kubectlResources }
                else { pool = CommandTables.kubectlFlags + (simulator?.nodeList().map(\.name) ?? []) }
            case "eksctl":
                if previous.count == 1 { pool = Array(Set(CommandTables.eksctlCommands.map(\.[0]))) }
                else if previous.count == 2 { pool = CommandTables.eksctlCommands.filter { $0[0] == previous[1] }.map(\.[1]) }
                else { pool = CommandTables.eksctlFlags.map { $0 + "=" } + liveNames(after: previous.last ?? "", simulator: simulator, current: current) }
            default:
                if previous[0].hasPrefix(":"), let verb = ShellVerbs.named(String(previous[0].dropFirst())) {
                    pool = verb.completions(ShellVerbs.Context(lessonNames: lessonNames, blockCount: blockCount))
                } else {
                    pool = []
                }
            }
        }
        return pool.filter { $0.hasPrefix(current) && $0 != current }.sorted()
    }

    private func liveNames(after flag: String, simulator: Simulator?, current: String) -> [String] {
        guard let simulator else { return [] }
        switch flag {
        case "--cluster-name", "--cluster": return simulator.listClusters()
        case "--nodegroup-name": return simulator.scenario.nodegroups.map(\.name)
        case "--name":
            if current.hasPrefix("/") {
                // SSM paths: one level at a time.
                let folder = current.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
                let children = simulator.getParametersByPath(path: folder.isEmpty ? "/" : folder, recursive: true).map(\.name)
                let level = folder.split(separator: "/").count + 1
                return Array(Set(children.map { name -> String in
                    let parts = name.split(separator: "/")
                    let prefix = "/" + parts.prefix(level).joined(separator: "/")
                    return parts.count > level ? prefix + "/" : prefix
                }))
            }
            return simulator.listClusters() + simulator.scenario.nodegroups.map(\.name)
        default: return []
        }
    }
}
