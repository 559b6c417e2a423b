/// What each native program accepts, read from the tables the programs themselves dispatch on
/// (AWS operations and their parameters, kubectl's verbs and resource names, eksctl's commands), so
/// the guided shell's completion can never offer what the programs refuse, nor miss what they take.
public enum CommandTables {
    /// The programs a session answers for, as bash's clients reach them.
    public static let programs = ["aws", "kubectl", "eksctl", "sleep", "prepare-environment"]

    /// `aws` services the simulated cluster answers.
    public static var awsServices: [String] { AWSProgram.operations.keys.sorted() }

    /// A service's operations (`eks` also has `wait`).
    public static func awsOperations(_ service: String) -> [String] {
        let names = (AWSProgram.operations[service] ?? []).map { $0.name }
        return (service == "eks" ? names + ["wait"] : names).sorted()
    }

    /// `aws eks wait` waiters.
    public static var awsWaiters: [String] { AWSWaiter.definitions.map(\.name) }

    /// An operation's flags (`--cluster-name` …), then the global ones.
    public static func awsFlags(_ service: String, _ operation: String) -> [String] {
        let own = (AWSProgram.operations[service] ?? []).first { $0.name == operation }?.parameters.map { "--" + $0.flag } ?? []
        return own + ["--query", "--output", "--region", "--no-cli-pager", "--cli-input-json"]
    }

    /// kubectl's verbs.
    public static var kubectlVerbs: [String] { KubectlProgram.verbs.keys.sorted() }

    /// The subcommands of a kubectl verb that has them (`rollout status`, `set image`); nil when
    /// the verb takes a resource next.
    public static func kubectlSubcommands(_ verb: String) -> [String]? {
        switch verb {
        case "rollout": return KubectlRollout.subcommands.keys.sorted()
        case "set": return ["image"]
        default: return nil
        }
    }

    /// Resource names `kubectl get` takes (the plural of each).
    public static var kubectlResources: [String] { KubectlResource.all.map { String($0.qualifiedPlural.split(separator: ".").first ?? "") }.sorted() }

    public static let kubectlFlags = ["-o", "--output", "-l", "--selector", "-L", "--label-columns", "--show-labels", "--no-headers",
                                      "-A", "--all-namespaces", "-n", "--namespace", "-w", "--watch", "--watch-only"]

    /// eksctl's `VERB NOUN` commands.
    public static let eksctlCommands = [["upgrade", "nodegroup"], ["upgrade", "cluster"], ["update", "addon"], ["get", "nodegroup"], ["get", "cluster"]]
        + EksctlUtilsUpdateAddon.verbs.keys.sorted().map { ["utils", $0] }
    public static let eksctlFlags = ["--name", "--cluster", "--region", "--kubernetes-version", "--release-version", "--force-upgrade", "--wait",
                                     "--timeout", "--output", "--version", "--approve", "--force"]
}
