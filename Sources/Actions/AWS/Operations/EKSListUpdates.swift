import ClusterSim
import JMESPath
import JSON

/// `aws eks list-updates --name C [--nodegroup-name N | --addon-name A]`.
struct EKSListUpdates: AWSOperation {
    static let service = "eks"
    static let name = "list-updates"
    static let apiName = "ListUpdates"
    static let parameters = [
        AWSParameter(flag: "name", kind: .string, required: true, member: "name"),
        AWSParameter(flag: "nodegroup-name", kind: .string, member: "nodegroupName"),
        AWSParameter(flag: "addon-name", kind: .string, member: "addonName"),
    ]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let cluster = arguments.string("name")!
        guard context.isHomeRegion else { throw .clusterNotFound(cluster) }
        let ids = try context.simulator.listUpdates(cluster: cluster, nodegroup: arguments.string("nodegroup-name"),
                                                    addon: arguments.string("addon-name"))
        return AWSShapes.object([("updateIds", AWSShapes.strings(ids))])
    }
}
