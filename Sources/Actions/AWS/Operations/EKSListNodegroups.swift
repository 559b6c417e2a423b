import ClusterSim
import JMESPath
import JSON

/// `aws eks list-nodegroups --cluster-name NAME`.
struct EKSListNodegroups: AWSOperation {
    static let service = "eks"
    static let name = "list-nodegroups"
    static let apiName = "ListNodegroups"
    static let parameters = [AWSParameter(flag: "cluster-name", kind: .string, required: true, member: "clusterName")]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let cluster = arguments.string("cluster-name")!
        guard context.isHomeRegion else { throw .clusterNotFound(cluster) }
        return AWSShapes.object([("nodegroups", AWSShapes.strings(try context.simulator.listNodegroups(cluster: cluster)))])
    }
}
