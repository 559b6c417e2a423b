import ClusterSim

/// `eksctl` against the simulated cluster; the node group is one eksctl did not create (as in the
/// EKS Workshop), so upgrades go straight to UpdateNodegroupVersion.
public struct EksctlProgram: Program {
    public let name = "eksctl"

    public init() {}

    public func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let words = arguments.prefix { !$0.hasPrefix("-") }
        switch (words.first, words.dropFirst().first) {
        case ("upgrade", "nodegroup"?):
            return EksctlUpgradeNodegroup.run(Array(arguments.dropFirst(2)), context: context)
        case ("upgrade", "cluster"?):
            return EksctlUpgradeCluster.run(Array(arguments.dropFirst(2)), context: context)
        case ("update", "addon"?):
            return EksctlUpdateAddon.run(Array(arguments.dropFirst(2)), context: context)
        case ("utils", let verb?) where EksctlUtilsUpdateAddon.verbs[verb] != nil:
            return EksctlUtilsUpdateAddon.run(verb, Array(arguments.dropFirst(2)), context: context)
        case ("get", let resource?) where resource == "nodegroup" || resource == "nodegroups" || resource == "ng":
            return EksctlGetNodegroup.run(Array(arguments.dropFirst(2)), context: context)
        case ("get", let resource?) where resource == "cluster" || resource == "clusters":
            return EksctlGetCluster.run(Array(arguments.dropFirst(2)), context: context)
        default:
            context.err("not available in the simulated cluster: eksctl \(words.joined(separator: " "))\n")
            return Session.unavailableStatus
        }
    }

    /// `--flag value` / `--flag=value` / `-c value` pairs and booleans.
    static func flags(_ arguments: [String], booleans: Set<String>, aliases: [String: String]) -> (values: [String: String], positional: [String], error: String?) {
        var values: [String: String] = [:]
        var positional: [String] = []
        var index = 0
        while index < arguments.count {
            var argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-") else {
                positional.append(argument)
                continue
            }
            var inline: String?
            if let equals = argument.firstIndex(of: "=") {
                inline = String(argument[argument.index(after: equals)...])
                argument = String(argument[..<equals])
            }
            var name = String(argument.drop { $0 == "-" })
            name = aliases[name] ?? name
            if booleans.contains(name) {
                values[name] = inline ?? "true"
                continue
            }
            guard let value = inline ?? (index < arguments.count ? arguments[index] : nil) else {
                return (values, positional, "flag needs an argument: --\(name)")
            }
            if inline == nil { index += 1 }
            values[name] = value
        }
        return (values, positional, nil)
    }

    /// The flags of a command whose one positional argument is its `--name` (`eksctl upgrade cluster
    /// NAME`), or nil after printing eksctl's error for a bad flag or a name given twice.
    static func namedFlags(_ arguments: [String], booleans: Set<String>, aliases: [String: String], context: ProgramContext) -> [String: String]? {
        let parsed = flags(arguments, booleans: booleans, aliases: aliases)
        if let error = parsed.error {
            context.err("Error: \(error)\n")
            return nil
        }
        var values = parsed.values
        if let positional = parsed.positional.first {
            if let name = values["name"] {
                context.err("Error: --name=\(name) and argument \(positional) cannot be used at the same time\n")
                return nil
            }
            values["name"] = positional
        }
        return values
    }

    /// `2025-11-20 09:00:00 [ℹ]  message`: eksctl's log format (two spaces after the icon).
    static func log(_ context: ProgramContext, _ icon: String, _ message: String) {
        let epoch = context.simulator.calendar.epoch(context.simulator.now)
        context.err("\(SimCalendar.logTimestamp(epoch: epoch)) [\(icon)]  \(message)\n")
    }
}
