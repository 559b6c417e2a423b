import ClusterSim
import JSON

/// `aws eks list-addons --cluster-name NAME`.
struct EKSListAddons: AWSOperation {
    static let service = "eks"
    static let name = "list-addons"
    static let apiName = "ListAddons"
    static let parameters = [AWSParameter(flag: "cluster-name", kind: .string, required: true, member: "clusterName")]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let cluster = arguments.string("cluster-name")!
        guard context.isHomeRegion else { throw .clusterNotFound(cluster) }
        return AWSShapes.object([("addons", AWSShapes.strings(try context.simulator.listAddons(cluster: cluster)))])
    }
}
