import ClusterSim
import JMESPath
import JSON

/// `aws eks update-nodegroup-version --cluster-name C --nodegroup-name N [--kubernetes-version V]
/// [--release-version R] [--launch-template …] [--force]`.
struct EKSUpdateNodegroupVersion: AWSOperation {
    static let service = "eks"
    static let name = "update-nodegroup-version"
    static let apiName = "UpdateNodegroupVersion"
    static let parameters = [
        AWSParameter(flag: "cluster-name", kind: .string, required: true, member: "clusterName"),
        AWSParameter(flag: "nodegroup-name", kind: .string, required: true, member: "nodegroupName"),
        AWSParameter(flag: "kubernetes-version", kind: .string, member: "version"),
        AWSParameter(flag: "release-version", kind: .string, member: "releaseVersion"),
        AWSParameter(flag: "launch-template", kind: .structure, member: "launchTemplate"),
        AWSParameter(flag: "force", kind: .boolean, member: "force"),
        AWSParameter(flag: "client-request-token", kind: .string, member: "clientRequestToken"),
    ]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let cluster = arguments.string("cluster-name")!
        guard context.isHomeRegion else { throw .clusterNotFound(cluster) }
        let update = try context.simulator.updateNodegroupVersion(
            cluster: cluster, nodegroup: arguments.string("nodegroup-name")!, version: arguments.string("kubernetes-version"),
            releaseVersion: arguments.string("release-version"), launchTemplate: arguments.structure("launch-template").map { "\($0)" },
            force: arguments.bool("force") ?? false)
        return AWSShapes.object([("update", AWSShapes.update(update))])
    }
}
