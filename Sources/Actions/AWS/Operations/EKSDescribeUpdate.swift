import ClusterSim
import JMESPath
import JSON

/// `aws eks describe-update --name C --update-id ID [--nodegroup-name N | --addon-name A]`.
struct EKSDescribeUpdate: AWSOperation {
    static let service = "eks"
    static let name = "describe-update"
    static let apiName = "DescribeUpdate"
    static let parameters = [
        AWSParameter(flag: "name", kind: .string, required: true, member: "name"),
        AWSParameter(flag: "update-id", kind: .string, required: true, member: "updateId"),
        AWSParameter(flag: "nodegroup-name", kind: .string, member: "nodegroupName"),
        AWSParameter(flag: "addon-name", kind: .string, member: "addonName"),
    ]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let cluster = arguments.string("name")!
        guard context.isHomeRegion else { throw .clusterNotFound(cluster) }
        let update = try context.simulator.describeUpdate(cluster: cluster, updateId: arguments.string("update-id")!,
                                                          nodegroup: arguments.string("nodegroup-name"), addon: arguments.string("addon-name"))
        return AWSShapes.object([("update", AWSShapes.update(update))])
    }
}
