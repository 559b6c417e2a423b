import ClusterSim

/// `eksctl upgrade nodegroup --name N --cluster C [--kubernetes-version V] [--release-version R]
/// [--launch-template-version L] [--force-upgrade] [--wait] [--timeout 45m]`.
enum EksctlUpgradeNodegroup {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        guard let values = EksctlProgram.namedFlags(arguments, booleans: ["force-upgrade", "wait"], aliases: ["c": "cluster", "r": "region"],
                                                    context: context) else { return 1 }
        guard let cluster = values["cluster"] else {
            context.err("Error: --cluster must be set\n")
            return 1
        }
        guard let name = values["name"] else {
            context.err("Error: --name must be set\n")
            return 1
        }
        let simulator = context.simulator
        guard (try? simulator.describeCluster(name: cluster)) != nil else {
            context.err("Error: getting cluster \"\(cluster)\": ResourceNotFoundException: No cluster found for name: \(cluster).\n")
            return 1
        }
        guard let group = try? simulator.describeNodegroup(cluster: cluster, nodegroup: name) else {
            context.err("Error: upgrade is only supported for managed nodegroups; could not find one with name \"\(name)\"\n")
            return 1
        }
        switch group.status {
        case .active: break
        case .updating:
            context.err("Error: nodegroup is currently being updated, please retry the command after the existing update is complete\n")
            return 1
        default:
            context.err("Error: nodegroup must be in \"ACTIVE\" state when upgrading a nodegroup; got state \"\(group.status.rawValue)\"\n")
            return 1
        }
        if let version = values["kubernetes-version"], version.split(separator: ".").count < 2 || version.split(separator: ".").contains(where: { Int($0) == nil }) {
            context.err("Error: invalid Kubernetes version: \(version)\n")
            return 1
        }
        // Without --kubernetes-version eksctl sends the group's current major.minor.
        let version = values["kubernetes-version"].map { $0.split(separator: ".").prefix(2).joined(separator: ".") } ?? group.version
        let update: EKSUpdate
        do {
            update = try simulator.updateNodegroupVersion(cluster: cluster, nodegroup: name, version: version,
                                                          releaseVersion: values["release-version"],
                                                          launchTemplate: values["launch-template-version"],
                                                          force: values["force-upgrade"] == "true")
        } catch {
            context.err("Error: upgrading nodegroup version: \(error.code): \(error.message)\n")
            return 1
        }
        EksctlProgram.log(context, "ℹ", "upgrade of nodegroup \"\(name)\" in progress")
        if values["wait"] == "false" { return 0 }
        EksctlProgram.log(context, "ℹ", "waiting for upgrade of nodegroup \"\(name)\" to complete")
        let timeout = parseDuration(values["timeout"] ?? "45m") ?? .minutes(45)
        return EksctlUpdateWaiter.finish(update, timeout: timeout, context: context) {
            EksctlProgram.log(context, "ℹ", "nodegroup successfully upgraded")
        }
    }

    /// Go durations: `45m`, `1h30m`, `90s`.
    static func parseDuration(_ text: String) -> SimTime? {
        var total = 0.0
        var number = ""
        for character in text {
            if character.isNumber || character == "." {
                number.append(character)
            } else {
                guard let value = Double(number) else { return nil }
                switch character {
                case "h": total += value * 3600
                case "m": total += value * 60
                case "s": total += value
                default: return nil
                }
                number = ""
            }
        }
        return number.isEmpty && total > 0 ? .seconds(total) : nil
    }
}
