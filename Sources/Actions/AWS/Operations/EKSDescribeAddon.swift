import ClusterSim
import JSON

/// `aws eks describe-addon --cluster-name C --addon-name A`.
struct EKSDescribeAddon: AWSOperation {
    static let service = "eks"
    static let name = "describe-addon"
    static let apiName = "DescribeAddon"
    static let parameters = [
        AWSParameter(flag: "cluster-name", kind: .string, required: true, member: "clusterName"),
        AWSParameter(flag: "addon-name", kind: .string, required: true, member: "addonName"),
    ]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let cluster = arguments.string("cluster-name")!
        guard context.isHomeRegion else { throw .clusterNotFound(cluster) }
        let addon = try context.simulator.describeAddon(cluster: cluster, addon: arguments.string("addon-name")!)
        return AWSShapes.object([("addon", AWSShapes.addon(addon))])
    }
}
