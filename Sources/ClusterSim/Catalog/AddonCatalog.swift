/// The EKS add-ons the simulated cluster offers and their versions, with the cluster versions each
/// version is made for and which one is the default there (DescribeAddonVersions).
///
/// The version numbers follow AWS's scheme (`v1.12.1-eksbuild.2`) and its rules — kube-proxy is
/// built per Kubernetes minor, CoreDNS spans a few, the VPC CNI and the Pod Identity Agent many —
/// but they are the simulator's, fixed so output stays stable, not a copy of today's AWS catalog.
public enum AddonCatalog {
    public struct Version: Sendable, Equatable {
        public let version: String
        /// The Kubernetes minor versions (`33` for 1.33) it runs on.
        public let minors: ClosedRange<Int>
        /// The minors on which it is the default version (what a new cluster gets).
        public let defaultFor: Set<Int>
        public let requiresIamPermissions: Bool

        public func compatible(with kubernetesVersion: String) -> Bool {
            minors.contains(Simulator.minor(kubernetesVersion))
        }
    }

    public struct Info: Sendable, Equatable {
        public let name: String
        /// `networking`, `security` … as AddonInfo's `type`.
        public let type: String
        /// The kube-system workload that runs it, whose pods roll when it is updated.
        public let workload: String?
        /// Newest first, as DescribeAddonVersions lists them.
        public let versions: [Version]
        /// Whether a new cluster has it (the networking and identity add-ons); the others are
        /// installed with CreateAddon.
        public var installedByDefault = true
    }

    /// The add-ons: a new cluster's default ones, and those a lesson installs (the EBS CSI driver),
    /// in the order ListAddons sorts them.
    public static let addons: [Info] = [
        Info(name: "aws-ebs-csi-driver", type: "storage", workload: "kube-system/ebs-csi-controller", versions: [
            Version(version: "v1.48.0-eksbuild.2", minors: 27...34, defaultFor: [], requiresIamPermissions: true),
            Version(version: "v1.46.0-eksbuild.1", minors: 25...34, defaultFor: Set(25...34), requiresIamPermissions: true),
        ], installedByDefault: false),
        Info(name: "coredns", type: "networking", workload: "kube-system/coredns", versions: [
            Version(version: "v1.12.1-eksbuild.2", minors: 32...34, defaultFor: [33, 34], requiresIamPermissions: false),
            Version(version: "v1.11.4-eksbuild.14", minors: 30...33, defaultFor: [], requiresIamPermissions: false),
            Version(version: "v1.11.3-eksbuild.2", minors: 29...32, defaultFor: [31, 32], requiresIamPermissions: false),
            Version(version: "v1.11.1-eksbuild.9", minors: 28...31, defaultFor: [29, 30], requiresIamPermissions: false),
            Version(version: "v1.10.1-eksbuild.18", minors: 23...29, defaultFor: Set(23...28), requiresIamPermissions: false),
        ]),
        Info(name: "eks-pod-identity-agent", type: "security", workload: "kube-system/eks-pod-identity-agent", versions: [
            Version(version: "v1.3.7-eksbuild.2", minors: 24...34, defaultFor: [], requiresIamPermissions: false),
            Version(version: "v1.3.4-eksbuild.1", minors: 24...34, defaultFor: Set(24...34), requiresIamPermissions: false),
        ]),
        Info(name: "kube-proxy", type: "networking", workload: "kube-system/kube-proxy", versions: (23...34).reversed().flatMap { minor in
            // Built for one minor each: a newer build, and the default one.
            [Version(version: "v1.\(minor).3-eksbuild.4", minors: minor...minor, defaultFor: [], requiresIamPermissions: false),
             Version(version: "v1.\(minor).0-eksbuild.2", minors: minor...minor, defaultFor: [minor], requiresIamPermissions: false)]
        }),
        Info(name: "vpc-cni", type: "networking", workload: "kube-system/aws-node", versions: [
            Version(version: "v1.20.1-eksbuild.1", minors: 27...34, defaultFor: [], requiresIamPermissions: true),
            Version(version: "v1.19.5-eksbuild.3", minors: 25...34, defaultFor: [32, 33, 34], requiresIamPermissions: true),
            Version(version: "v1.18.6-eksbuild.1", minors: 23...33, defaultFor: Set(23...31), requiresIamPermissions: true),
        ]),
    ]

    public static func info(_ name: String) -> Info? { addons.first { $0.name == name } }

    /// The default version of an add-on for a cluster version.
    public static func defaultVersion(_ name: String, kubernetesVersion: String) -> String? {
        info(name)?.versions.first { $0.defaultFor.contains(Simulator.minor(kubernetesVersion)) }?.version
    }

    /// The newest version of an add-on made for a cluster version.
    public static func latestVersion(_ name: String, kubernetesVersion: String) -> String? {
        info(name)?.versions.first { $0.compatible(with: kubernetesVersion) }?.version
    }
}
