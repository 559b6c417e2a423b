import ClusterSim
import JMESPath
import JSON

/// `aws eks describe-cluster --name NAME`.
struct EKSDescribeCluster: AWSOperation {
    static let service = "eks"
    static let name = "describe-cluster"
    static let apiName = "DescribeCluster"
    static let parameters = [AWSParameter(flag: "name", kind: .string, required: true, member: "name")]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let name = arguments.string("name")!
        guard context.isHomeRegion else { throw .clusterNotFound(name) }
        return AWSShapes.object([("cluster", AWSShapes.cluster(try context.simulator.describeCluster(name: name)))])
    }
}
