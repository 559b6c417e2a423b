import ClusterSim
import JSON

/// `eksctl get nodegroup --cluster C [--name N] [-o table|json|yaml]`: eksctl's node group summary.
enum EksctlGetNodegroup {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = EksctlProgram.flags(arguments, booleans: [], aliases: ["c": "cluster", "r": "region", "n": "name", "o": "output"])
        if let error = parsed.error {
            context.err("Error: \(error)\n")
            return 1
        }
        guard let cluster = parsed.values["cluster"] else {
            context.err("Error: --cluster must be set\n")
            return 1
        }
        guard let format = EksctlOutput.format(parsed.values["output"], command: "get nodegroup", context: context) else { return 1 }
        let simulator = context.simulator
        guard let names = try? simulator.listNodegroups(cluster: cluster) else {
            context.err("Error: ResourceNotFoundException: No cluster found for name: \(cluster).\n")
            return 1
        }
        let wanted = parsed.values["name"] ?? parsed.positional.first
        if let wanted, !names.contains(wanted) {
            context.err("Error: nodegroup with name \(wanted) not found\n")
            return 1
        }
        let groups = names.filter { wanted == nil || wanted == $0 }.compactMap { try? simulator.describeNodegroup(cluster: cluster, nodegroup: $0) }
        if format != .table {
            EksctlOutput.print(format, .array(groups.map(summary)), context: context)
            return 0
        }
        let rows = groups.map { group in
            [cluster, group.name, group.status.rawValue, SimCalendar.iso8601(epoch: group.createdEpoch, fractionDigits: 0),
             String(group.scalingConfig.minSize), String(group.scalingConfig.maxSize), String(group.scalingConfig.desiredSize),
             group.instanceTypes.joined(separator: ","), group.amiType.rawValue, group.autoScalingGroupName, "managed"]
        }
        context.out(EksctlOutput.table(header: ["CLUSTER", "NODEGROUP", "STATUS", "CREATED", "MIN SIZE", "MAX SIZE", "DESIRED CAPACITY",
                                                "INSTANCE TYPE", "IMAGE ID", "ASG NAME", "TYPE"], rows: rows))
        return 0
    }

    /// eksctl's `nodegroup.Summary` for a managed node group (no CloudFormation stack: eksctl did not create it).
    static func summary(_ group: Nodegroup) -> JSONValue {
        .object([
            ("StackName", .string("")), ("Cluster", .string(group.clusterName)), ("Name", .string(group.name)),
            ("Status", .string(group.status.rawValue)), ("MaxSize", .int(group.scalingConfig.maxSize)),
            ("MinSize", .int(group.scalingConfig.minSize)), ("DesiredCapacity", .int(group.scalingConfig.desiredSize)),
            ("InstanceType", .string(group.instanceTypes.isEmpty ? "-" : group.instanceTypes.joined(separator: ","))),
            ("ImageID", .string(group.amiType.rawValue)), ("CreationTime", .string(EksctlOutput.goTime(group.createdEpoch))),
            ("NodeInstanceRoleARN", .string(group.nodeRole)), ("AutoScalingGroupName", .string(group.autoScalingGroupName)),
            ("Version", .string(group.version)), ("Type", .string("managed")),
        ])
    }
}
