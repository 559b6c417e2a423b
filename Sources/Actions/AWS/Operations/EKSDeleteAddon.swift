import ClusterSim
import JSON

/// `aws eks delete-addon --cluster-name C --addon-name A [--preserve | --no-preserve]`.
struct EKSDeleteAddon: AWSOperation {
    static let service = "eks"
    static let name = "delete-addon"
    static let apiName = "DeleteAddon"
    static let parameters = [
        AWSParameter(flag: "cluster-name", kind: .string, required: true, member: "clusterName"),
        AWSParameter(flag: "addon-name", kind: .string, required: true, member: "addonName"),
        AWSParameter(flag: "preserve", kind: .boolean, member: "preserve"),
    ]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let cluster = arguments.string("cluster-name")!
        guard context.isHomeRegion else { throw .clusterNotFound(cluster) }
        let addon = try context.simulator.deleteAddon(cluster: cluster, addon: arguments.string("addon-name")!,
                                                      preserve: arguments.bool("preserve") ?? false)
        return AWSShapes.object([("addon", AWSShapes.addon(addon))])
    }
}
