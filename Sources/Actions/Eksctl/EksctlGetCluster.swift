import ClusterSim

/// `eksctl get cluster [--name N] [--region R] [-o table|json|yaml]`: the clusters of the region (NAME
/// REGION EKSCTL CREATED), or one cluster's summary (NAME VERSION STATUS CREATED VPC SUBNETS
/// SECURITYGROUPS PROVIDER; a table only).
enum EksctlGetCluster {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = EksctlProgram.flags(arguments, booleans: ["all-regions", "A"], aliases: ["n": "name", "r": "region", "o": "output"])
        if let error = parsed.error {
            context.err("Error: \(error)\n")
            return 1
        }
        guard let format = EksctlOutput.format(parsed.values["output"], command: "get cluster", context: context) else { return 1 }
        let simulator = context.simulator
        let region = parsed.values["region"] ?? context.environment["AWS_REGION"] ?? simulator.environment.region
        guard let name = parsed.values["name"] ?? parsed.positional.first else {
            let clusters = region == simulator.environment.region ? simulator.listClusters() : []
            guard format == .table else {
                // eksctl's cluster.Description: Go field names, an empty list printed as [].
                EksctlOutput.print(format, .array(clusters.map { cluster in
                    .object([("Name", .string(cluster)), ("Region", .string(region)), ("Owned", .string("False"))])
                }), context: context)
                return 0
            }
            guard !clusters.isEmpty else {
                context.out("No clusters found\n")
                return 0
            }
            context.out(EksctlOutput.table(header: ["NAME", "REGION", "EKSCTL CREATED"], rows: clusters.map { [$0, region, "False"] }))
            return 0
        }
        guard format == .table else {
            // eksctl prints the SDK's whole Cluster structure here, nulls included; not simulated.
            context.err("not available in the simulated cluster: eksctl get cluster --name -o \(format.rawValue)\n")
            return Session.unavailableStatus
        }
        guard region == simulator.environment.region, let cluster = try? simulator.describeCluster(name: name) else {
            context.err("Error: unable to describe cluster control plane: operation error EKS: DescribeCluster, https response error StatusCode: 404, RequestID: \(KubernetesObjects.uid("describe-cluster|\(name)")), ResourceNotFoundException: No cluster found for name: \(name).\n")
            return 1
        }
        context.out(EksctlOutput.table(
            header: ["NAME", "VERSION", "STATUS", "CREATED", "VPC", "SUBNETS", "SECURITYGROUPS", "PROVIDER"],
            rows: [[cluster.name, cluster.version, cluster.status, SimCalendar.iso8601(epoch: cluster.createdEpoch, fractionDigits: 0), cluster.vpcId,
                    cluster.subnetIds.sorted().joined(separator: ","), cluster.securityGroupIds.sorted().joined(separator: ","), "EKS"]]))
        return 0
    }
}
