import ClusterSim
import JMESPath
import JSON

/// `aws eks describe-nodegroup --cluster-name C --nodegroup-name N`.
struct EKSDescribeNodegroup: AWSOperation {
    static let service = "eks"
    static let name = "describe-nodegroup"
    static let apiName = "DescribeNodegroup"
    static let parameters = [
        AWSParameter(flag: "cluster-name", kind: .string, required: true, member: "clusterName"),
        AWSParameter(flag: "nodegroup-name", kind: .string, required: true, member: "nodegroupName"),
    ]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let cluster = arguments.string("cluster-name")!
        guard context.isHomeRegion else { throw .clusterNotFound(cluster) }
        let group = try context.simulator.describeNodegroup(cluster: cluster, nodegroup: arguments.string("nodegroup-name")!)
        return AWSShapes.object([("nodegroup", AWSShapes.nodegroup(group))])
    }
}
