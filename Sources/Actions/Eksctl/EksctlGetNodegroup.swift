import ClusterSim

/// `eksctl get nodegroup --cluster C [--name N]`: the table eksctl prints.
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
        if let output = parsed.values["output"], output != "table" {
            context.err("not available in the simulated cluster: eksctl get nodegroup -o \(output)\n")
            return Session.unavailableStatus
        }
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
        var rows = [["CLUSTER", "NODEGROUP", "STATUS", "CREATED", "MIN SIZE", "MAX SIZE", "DESIRED CAPACITY", "INSTANCE TYPE", "IMAGE ID", "ASG NAME", "TYPE"]]
        for name in names where wanted == nil || wanted == name {
            guard let group = try? simulator.describeNodegroup(cluster: cluster, nodegroup: name) else { continue }
            rows.append([cluster, name, group.status.rawValue, SimCalendar.iso8601(epoch: group.createdEpoch, fractionDigits: 0),
                         String(group.scalingConfig.minSize), String(group.scalingConfig.maxSize), String(group.scalingConfig.desiredSize),
                         group.instanceTypes.joined(separator: ","), group.amiType.rawValue, group.autoScalingGroupName, "managed"])
        }
        // eksctl's table: tab-separated columns aligned with a padding of 1.
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        for row in rows {
            context.out(row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i] + 1, withPad: " ", startingAt: 0) }.joined() + "\n")
        }
        return 0
    }
}
