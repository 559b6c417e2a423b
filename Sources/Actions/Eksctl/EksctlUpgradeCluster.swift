import ClusterSim

/// `eksctl upgrade cluster [--name] C [--version V] [--approve] [--force] [--timeout 65m]`: plans,
/// or with `--approve` makes, the control plane's move to the next Kubernetes version, waiting
/// until the update ends. The cluster is one eksctl did not create (no CloudFormation stack to
/// rebuild), so eksctl's output is the version lines only.
enum EksctlUpgradeCluster {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        guard let values = EksctlProgram.namedFlags(arguments, booleans: ["approve", "force"], aliases: ["n": "name", "r": "region", "f": "config-file"],
                                                    context: context) else { return 1 }
        if values["config-file"] != nil {
            context.err("Error: --config-file is not available in the simulated cluster; use --name and --version\n")
            return Session.unavailableStatus
        }
        guard let name = values["name"] else {
            context.err("Error: --name must be set\n")
            return 1
        }
        let simulator = context.simulator
        guard let cluster = try? simulator.describeCluster(name: name) else {
            context.err("Error: getting cluster \"\(name)\": ResourceNotFoundException: No cluster found for name: \(name).\n")
            return 1
        }
        let target: String
        switch resolve(desired: values["version"], current: cluster.version) {
        case .failure(let message):
            context.err("Error: \(message)\n")
            return 1
        case .success(nil):
            EksctlProgram.log(context, "ℹ", "no cluster version update required")
            return 0
        case .success(let version?):
            target = version
        }
        let plan = values["approve"] != "true"
        EksctlProgram.log(context, "ℹ", "\(plan ? "(plan) would " : "will ")upgrade cluster \"\(name)\" control plane from current version \"\(cluster.version)\" to \"\(target)\"")
        if plan {
            EksctlProgram.log(context, "!", "no changes were applied, run again with '--approve' to apply the changes")
            return 0
        }
        let update: EKSUpdate
        do {
            update = try simulator.updateClusterVersion(cluster: name, version: target, force: values["force"] == "true")
        } catch {
            // The AWS SDK for Go's wording, as eksctl passes it on.
            context.err("Error: operation error EKS: UpdateClusterVersion, https response error StatusCode: \(error.httpStatus), RequestID: \(requestId(simulator)), \(error.code): \(error.message)\n")
            return 1
        }
        let timeout = EksctlUpgradeNodegroup.parseDuration(values["timeout"] ?? "65m") ?? .minutes(65)
        return EksctlUpdateWaiter.finish(update, timeout: timeout, context: context) {
            EksctlProgram.log(context, "✔", "cluster \"\(name)\" control plane has been upgraded to version \"\(target)\"")
            EksctlProgram.log(context, "ℹ", "you will need to follow the upgrade procedure for all of nodegroups and add-ons")
        }
    }

    /// eksctl's choice of target: the next supported version when none is asked for, nothing to do
    /// for the current one, and its own refusals for versions it does not know or that skip one.
    static func resolve(desired: String?, current: String) -> Result<String?, ResolveError> {
        let supported = AMICatalog.kubernetesVersions
        guard let index = supported.firstIndex(of: current) else {
            return .failure(ResolveError("control plane version \"\(current)\" is not supported"))
        }
        let next = index + 1 < supported.count ? supported[index + 1] : nil
        guard let desired, desired != "auto" else {
            return .success(next)
        }
        guard supported.contains(desired) else {
            return .failure(ResolveError("control plane version \"\(desired)\" is not supported"))
        }
        if desired == current { return .success(nil) }
        let newer = (Int(desired.split(separator: ".").last ?? "") ?? 0) > (Int(current.split(separator: ".").last ?? "") ?? 0)
        if newer {
            guard desired == next else {
                return .failure(ResolveError("upgrading more than one version at a time is not supported. Found upgrade from \"\(current)\" to \"\(desired)\". Please upgrade to \"\(next ?? desired)\" first"))
            }
            return .success(desired)
        }
        return .failure(ResolveError("rolling the control plane back to \"\(desired)\" is not available in the simulated cluster"))
    }

    struct ResolveError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// A request id that stays the same for the same moment of the same run.
    static func requestId(_ simulator: Simulator) -> String {
        let hex = Array(StableHash.hex("request|\(simulator.now.milliseconds)|\(simulator.events.count)", count: 32))
        return [hex[0..<8], hex[8..<12], hex[12..<16], hex[16..<20], hex[20..<32]].map { String($0) }.joined(separator: "-")
    }
}
