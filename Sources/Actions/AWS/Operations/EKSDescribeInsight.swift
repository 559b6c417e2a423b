import ClusterSim
import JSON

/// `aws eks describe-insight --cluster-name C --id ID`: one upgrade readiness check in full, with
/// the resources it found and its recommendation.
struct EKSDescribeInsight: AWSOperation {
    static let service = "eks"
    static let name = "describe-insight"
    static let apiName = "DescribeInsight"
    static let parameters = [
        AWSParameter(flag: "cluster-name", kind: .string, required: true, member: "clusterName"),
        AWSParameter(flag: "id", kind: .string, required: true, member: "id"),
    ]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let cluster = arguments.string("cluster-name")!
        guard context.isHomeRegion else { throw .clusterNotFound(cluster) }
        let insight = try context.simulator.describeInsight(cluster: cluster, id: arguments.string("id")!)
        return AWSShapes.object([("insight", AWSShapes.insight(insight))])
    }
}
