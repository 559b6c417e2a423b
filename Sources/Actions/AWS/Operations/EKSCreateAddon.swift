import ClusterSim
import JSON

/// `aws eks create-addon --cluster-name C --addon-name A [--addon-version V]
/// [--service-account-role-arn ARN] [--resolve-conflicts OVERWRITE|NONE|PRESERVE] [--tags k=v,…]`.
struct EKSCreateAddon: AWSOperation {
    static let service = "eks"
    static let name = "create-addon"
    static let apiName = "CreateAddon"
    static let parameters = [
        AWSParameter(flag: "cluster-name", kind: .string, required: true, member: "clusterName"),
        AWSParameter(flag: "addon-name", kind: .string, required: true, member: "addonName"),
        AWSParameter(flag: "addon-version", kind: .string, member: "addonVersion"),
        AWSParameter(flag: "service-account-role-arn", kind: .string, member: "serviceAccountRoleArn"),
        AWSParameter(flag: "resolve-conflicts", kind: .string, member: "resolveConflicts"),
        AWSParameter(flag: "client-request-token", kind: .string, member: "clientRequestToken"),
        AWSParameter(flag: "tags", kind: .structure, member: "tags"),
        AWSParameter(flag: "configuration-values", kind: .string, member: "configurationValues"),
    ]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let cluster = arguments.string("cluster-name")!
        guard context.isHomeRegion else { throw .clusterNotFound(cluster) }
        if arguments.string("configuration-values") != nil {
            throw ServiceError(code: "InvalidRequestException",
                               message: "--configuration-values is not available in Workshop's simulated EKS yet", httpStatus: 400)
        }
        var tags: [String: String] = [:]
        if case .object(let pairs)? = arguments.structure("tags") {
            for (key, value) in pairs { tags[key] = value.stringValue ?? JSONSerializer.compact(value) }
        }
        let addon = try context.simulator.createAddon(cluster: cluster, addon: arguments.string("addon-name")!,
                                                      version: arguments.string("addon-version"),
                                                      serviceAccountRoleArn: arguments.string("service-account-role-arn"),
                                                      resolveConflicts: arguments.string("resolve-conflicts"), tags: tags)
        return AWSShapes.object([("addon", AWSShapes.addon(addon))])
    }
}
