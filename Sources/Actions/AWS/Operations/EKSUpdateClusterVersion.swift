import ClusterSim
import JSON

/// `aws eks update-cluster-version --name C --kubernetes-version V [--force | --no-force]`: moves
/// the control plane one minor version up (awscli renames the API's `version` to `--kubernetes-version`).
struct EKSUpdateClusterVersion: AWSOperation {
    static let service = "eks"
    static let name = "update-cluster-version"
    static let apiName = "UpdateClusterVersion"
    static let parameters = [
        AWSParameter(flag: "name", kind: .string, required: true, member: "name"),
        AWSParameter(flag: "kubernetes-version", kind: .string, required: true, member: "version"),
        AWSParameter(flag: "client-request-token", kind: .string, member: "clientRequestToken"),
        AWSParameter(flag: "force", kind: .boolean, member: "force"),
    ]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let cluster = arguments.string("name")!
        guard context.isHomeRegion else { throw .clusterNotFound(cluster) }
        let update = try context.simulator.updateClusterVersion(cluster: cluster, version: arguments.string("kubernetes-version")!,
                                                                force: arguments.bool("force") ?? false)
        return AWSShapes.object([("update", AWSShapes.update(update))])
    }
}
