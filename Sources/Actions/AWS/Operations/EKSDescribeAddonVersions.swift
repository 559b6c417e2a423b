import ClusterSim
import JSON

/// `aws eks describe-addon-versions [--kubernetes-version V] [--addon-name A] [--types …]
/// [--publishers …] [--owners …]`: the add-ons' versions, newest first, with the cluster versions
/// each is made for and where it is the default.
struct EKSDescribeAddonVersions: AWSOperation {
    static let service = "eks"
    static let name = "describe-addon-versions"
    static let apiName = "DescribeAddonVersions"
    static let parameters = [
        AWSParameter(flag: "kubernetes-version", kind: .string, member: "kubernetesVersion"),
        AWSParameter(flag: "addon-name", kind: .string, member: "addonName"),
        AWSParameter(flag: "types", kind: .list, member: "types"),
        AWSParameter(flag: "publishers", kind: .list, member: "publishers"),
        AWSParameter(flag: "owners", kind: .list, member: "owners"),
    ]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let kubernetesVersion = arguments.string("kubernetes-version")
        let name = arguments.string("addon-name")
        let types = arguments.list("types")
        let publishers = arguments.list("publishers")
        let owners = arguments.list("owners")
        var infos: [JSONValue] = []
        for info in AddonCatalog.addons where name == nil || info.name == name {
            guard types.map({ $0.contains(info.type) }) ?? true, publishers.map({ $0.contains("eks") }) ?? true,
                  owners.map({ $0.contains("aws") }) ?? true else { continue }
            let versions = info.versions.filter { version in kubernetesVersion.map { version.compatible(with: $0) } ?? true }
            guard !versions.isEmpty else { continue }
            infos.append(AWSShapes.object([
                ("addonName", .string(info.name)), ("type", .string(info.type)),
                ("addonVersions", .array(versions.map { version in
                    let minors = version.minors.reversed().filter { minor in kubernetesVersion.map { Simulator.minor($0) == minor } ?? true }
                    return AWSShapes.object([
                        ("addonVersion", .string(version.version)), ("architecture", AWSShapes.strings(["amd64", "arm64"])),
                        ("compatibilities", .array(minors.map { minor in
                            AWSShapes.object([("clusterVersion", .string("1.\(minor)")), ("platformVersions", AWSShapes.strings(["*"])),
                                              ("defaultVersion", .bool(version.defaultFor.contains(minor)))])
                        })),
                        ("requiresConfiguration", .bool(false)), ("requiresIamPermissions", .bool(version.requiresIamPermissions)),
                    ])
                })),
                ("publisher", .string("eks")), ("owner", .string("aws")),
            ]))
        }
        return AWSShapes.object([("addons", .array(infos))])
    }
}
