import ClusterSim
import JMESPath
import JSON

/// `aws eks list-clusters`.
struct EKSListClusters: AWSOperation {
    static let service = "eks"
    static let name = "list-clusters"
    static let apiName = "ListClusters"
    static let parameters: [AWSParameter] = []

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        AWSShapes.object([("clusters", AWSShapes.strings(context.isHomeRegion ? context.simulator.listClusters() : []))])
    }
}
