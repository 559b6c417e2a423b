import Actions
import ClusterSim

/// Tab completion for the guided shell: verbs, programs and their subcommands and flags, and
/// live names from the cluster (node groups, nodes, clusters, SSM paths).
public struct Completer {
    public init() {}

    static let programs = ["aws", "kubectl", "eksctl", "echo", "export", "sleep", "unset"]
    static let awsServices = ["eks", "ssm"]
    static let awsOperations: [String: [String]] = [
        "eks": ["describe-cluster", "describe-nodegroup", "describe-update", "list-clusters", "list-nodegroups", "list-updates",
                "update-nodegroup-config", "update-nodegroup-version", "wait"],
        "ssm": ["get-parameter", "get-parameters", "get-parameters-by-path"],
    ]
    static let awsFlags = ["--cluster-name", "--nodegroup-name", "--name", "--kubernetes-version", "--release-version", "--force",
                           "--scaling-config", "--update-config", "--update-id", "--path", "--recursive", "--names", "--query",
                           "--output", "--region", "--no-cli-pager"]
    static let kubectlVerbs = ["get", "version"]
    static let kubectlResources = ["nodes", "pods"]
    static let kubectlFlags = ["--watch", "-o", "wide", "-L", "--show-labels", "--no-headers", "-A", "--all-namespaces", "-n"]
    static let eksctlWords = ["upgrade", "get", "nodegroup"]
    static let eksctlFlags = ["--name", "--cluster", "--kubernetes-version", "--release-version", "--force-upgrade", "--wait", "--timeout"]

    /// Candidates for the last word of `line`.
    public func candidates(for line: String, simulator: Simulator, lessonNames: [String] = [], blockCount: Int = 0) -> [String] {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let endsWithSpace = line.hasSuffix(" ") || line.isEmpty
        let current = endsWithSpace ? "" : (words.last ?? "")
        let previous = endsWithSpace ? words : Array(words.dropLast())
        var pool: [String]
        if previous.isEmpty {
            pool = current.hasPrefix(":") ? GuidedSession.verbs.map(\.0).filter { $0.hasPrefix(":") }.map { String($0.split(separator: " ")[0]) } : Self.programs
        } else {
            switch previous[0] {
            case "aws":
                if previous.count == 1 { pool = Self.awsServices }
                else if previous.count == 2 { pool = Self.awsOperations[previous[1]] ?? [] }
                else if previous.count == 3 && previous[2] == "wait" { pool = ["nodegroup-active", "nodegroup-deleted", "cluster-active"] }
                else {
                    // After a flag that takes a value, offer values; otherwise flags.
                    let values = liveNames(after: previous.last ?? "", simulator: simulator, current: current)
                    pool = values.isEmpty ? Self.awsFlags : values
                }
            case "kubectl":
                if previous.count == 1 { pool = Self.kubectlVerbs }
                else if previous.count == 2 { pool = Self.kubectlResources }
                else { pool = Self.kubectlFlags + simulator.nodeList().map(\.name) }
            case "eksctl":
                pool = Self.eksctlWords + Self.eksctlFlags.map { $0 + "=" } + liveNames(after: previous.last ?? "", simulator: simulator, current: current)
            case ":goto":
                pool = blockCount > 0 ? (1...blockCount).map(String.init) : []
            case ":open":
                pool = lessonNames
            default:
                pool = []
            }
        }
        return pool.filter { $0.hasPrefix(current) && $0 != current }.sorted()
    }

    private func liveNames(after flag: String, simulator: Simulator, current: String) -> [String] {
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
