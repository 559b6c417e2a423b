import ClusterSim
import JSON

/// `aws eks update-addon --cluster-name C --addon-name A [--addon-version V]
/// [--resolve-conflicts OVERWRITE|NONE|PRESERVE]`.
struct EKSUpdateAddon: AWSOperation {
    static let service = "eks"
    static let name = "update-addon"
    static let apiName = "UpdateAddon"
    static let parameters = [
        AWSParameter(flag: "cluster-name", kind: .string, required: true, member: "clusterName"),
        AWSParameter(flag: "addon-name", kind: .string, required: true, member: "addonName"),
        AWSParameter(flag: "addon-version", kind: .string, member: "addonVersion"),
        AWSParameter(flag: "service-account-role-arn", kind: .string, member: "serviceAccountRoleArn"),
        AWSParameter(flag: "resolve-conflicts", kind: .string, member: "resolveConflicts"),
        AWSParameter(flag: "client-request-token", kind: .string, member: "clientRequestToken"),
        AWSParameter(flag: "configuration-values", kind: .string, member: "configurationValues"),
    ]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let cluster = arguments.string("cluster-name")!
        guard context.isHomeRegion else { throw .clusterNotFound(cluster) }
        if arguments.string("service-account-role-arn") != nil || arguments.string("configuration-values") != nil {
            throw ServiceError(code: "InvalidRequestException",
                               message: "--service-account-role-arn and --configuration-values are not available in Workshop's simulated EKS yet",
                               httpStatus: 400)
        }
        let update = try context.simulator.updateAddon(cluster: cluster, addon: arguments.string("addon-name")!,
                                                       version: arguments.string("addon-version"),
                                                       resolveConflicts: arguments.string("resolve-conflicts"))
        return AWSShapes.object([("update", AWSShapes.update(update))])
    }
}
