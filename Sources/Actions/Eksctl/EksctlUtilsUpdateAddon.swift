import ClusterSim

/// `eksctl utils update-kube-proxy | update-coredns | update-aws-node --cluster C [--approve]`:
/// eksctl's updates of the self-managed default add-ons. The simulated cluster's add-ons are EKS
/// managed add-ons, so eksctl refuses as it does on such a cluster and points at the command that
/// updates them (`aws eks update-addon` reaches the same add-on).
enum EksctlUtilsUpdateAddon {
    /// The utils verb and the managed add-on it concerns.
    static let verbs = ["update-kube-proxy": "kube-proxy", "update-coredns": "coredns", "update-aws-node": "vpc-cni"]

    static func run(_ verb: String, _ arguments: [String], context: ProgramContext) -> Int32 {
        let addonName = verbs[verb]!
        let parsed = EksctlProgram.flags(arguments, booleans: ["approve"], aliases: ["r": "region", "f": "config-file"])
        if let error = parsed.error {
            context.err("Error: \(error)\n")
            return 1
        }
        var values = parsed.values
        if values["cluster"] == nil, let positional = parsed.positional.first { values["cluster"] = positional }
        if values["cluster"] == nil, let name = values["name"] { values["cluster"] = name }
        guard let cluster = values["cluster"] else {
            context.err("Error: --cluster must be set\n")
            return 1
        }
        let simulator = context.simulator
        guard (try? simulator.describeCluster(name: cluster)) != nil else {
            context.err("Error: getting cluster \"\(cluster)\": ResourceNotFoundException: No cluster found for name: \(cluster).\n")
            return 1
        }
        guard (try? simulator.describeAddon(cluster: cluster, addon: addonName)) != nil else {
            context.err("Error: \(addonName) is not installed on the simulated cluster\n")
            return 1
        }
        context.err("Error: addon \(addonName) is installed as a managed EKS addon; to update it, use `eksctl update addon` instead\n")
        return 1
    }
}
