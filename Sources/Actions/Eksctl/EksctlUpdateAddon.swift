import ClusterSim

/// `eksctl update addon --name A --cluster C [--version V|latest] [--force] [--timeout 25m]`:
/// updates an EKS managed add-on and waits until it is ACTIVE. eksctl waits whatever `--wait`
/// says (its flag is read and never used), so this does too.
enum EksctlUpdateAddon {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = EksctlProgram.flags(arguments, booleans: ["force", "wait"], aliases: ["c": "cluster", "r": "region", "f": "config-file"])
        if let error = parsed.error {
            context.err("Error: \(error)\n")
            return 1
        }
        let values = parsed.values
        if values["config-file"] != nil {
            context.err("Error: --config-file is not available in the simulated cluster; use --name, --cluster and --version\n")
            return Session.unavailableStatus
        }
        guard let cluster = values["cluster"] ?? parsed.positional.first else {
            context.err("Error: --cluster must be set\n")
            return 1
        }
        guard let name = values["name"] else {
            context.err("Error: --name is required\n")
            return 1
        }
        let simulator = context.simulator
        guard let described = try? simulator.describeCluster(name: cluster) else {
            context.err("Error: getting cluster \"\(cluster)\": ResourceNotFoundException: No cluster found for name: \(cluster).\n")
            return 1
        }
        EksctlProgram.log(context, "ℹ", "Kubernetes version \"\(described.version)\" in use by cluster \"\(cluster)\"")
        let current: Addon
        do {
            current = try simulator.describeAddon(cluster: cluster, addon: name)
        } catch {
            context.err("Error: failed to get addon \"\(name)\": \(sdkError("DescribeAddon", error, simulator))\n")
            return 1
        }
        let target: String
        if let wanted = values["version"], !wanted.isEmpty {
            guard let resolved = resolve(wanted, addon: name, kubernetesVersion: described.version) else {
                context.err("Error: failed to fetch addon version: no version(s) found matching \"\(wanted)\" for \"\(name)\"\n")
                return 1
            }
            if resolved != current.version { EksctlProgram.log(context, "ℹ", "new version provided \(resolved)") }
            target = resolved
        } else {
            EksctlProgram.log(context, "ℹ", "no new version provided, preserving existing version: \(current.version)")
            target = current.version
        }
        EksctlProgram.log(context, "ℹ", "updating addon")
        let update: EKSUpdate
        do {
            update = try simulator.updateAddon(cluster: cluster, addon: name, version: target,
                                               resolveConflicts: values["force"] == "true" ? "OVERWRITE" : nil)
        } catch {
            context.err("Error: failed to update addon \"\(name)\": \(sdkError("UpdateAddon", error, simulator))\n")
            return 1
        }
        // The SDK's AddonActive waiter: DescribeAddon until ACTIVE, up to --timeout (default 25 minutes).
        let timeout = EksctlUpgradeNodegroup.parseDuration(values["timeout"] ?? "25m") ?? .minutes(25)
        let deadline = simulator.now + timeout
        while true {
            let status = (try? simulator.describeAddon(cluster: cluster, addon: name))?.status
            if status == .active, (try? simulator.describeUpdate(cluster: cluster, updateId: update.id))?.status != .inProgress {
                EksctlProgram.log(context, "ℹ", "addon \"\(name)\" active")
                return 0
            }
            if status == .createFailed || status == .degraded || status == .updateFailed {
                context.err("Error: addon status transitioned to \"\(status!.rawValue)\"\n")
                return 1
            }
            guard simulator.now < deadline else {
                context.err("Error: timed out waiting for addon \"\(name)\" to become active, status: \"\(status?.rawValue ?? "")\"\n")
                return 1
            }
            guard context.sleep(min(.seconds(10), deadline - simulator.now)) else { return 130 }
        }
    }

    /// eksctl's choice among the versions made for the cluster: an exact match, else the newest
    /// containing the text (`latest`: the newest of all).
    static func resolve(_ wanted: String, addon: String, kubernetesVersion: String) -> String? {
        let versions = (AddonCatalog.info(addon)?.versions ?? []).filter { $0.compatible(with: kubernetesVersion) }.map(\.version)
        if versions.contains(wanted) { return wanted }
        // Newest first already (the catalog's order, as DescribeAddonVersions lists them).
        return versions.first { wanted == "latest" || $0.contains(wanted) }
    }

    /// An AWS error as the AWS SDK for Go words it inside eksctl's messages.
    static func sdkError(_ operation: String, _ error: ServiceError, _ simulator: Simulator) -> String {
        "operation error EKS: \(operation), https response error StatusCode: \(error.httpStatus), RequestID: \(EksctlUpgradeCluster.requestId(simulator)), \(error.code): \(error.message)"
    }
}
