/// A kind of object the API server knows: how manifests name it (`apiVersion`, `kind`), how URLs
/// and kubectl name it (plural, short names), and whether it lives in a namespace.
public struct ResourceKind: Sendable, Hashable, CustomStringConvertible {
    /// Empty for the core group (`v1`).
    public let group: String
    public let version: String
    public let kind: String
    public let plural: String
    public let namespaced: Bool
    /// kubectl's other names for it (`deploy`, `pdb`, `ns`), singular included.
    public let shortNames: [String]

    public init(group: String, version: String, kind: String, plural: String, namespaced: Bool, shortNames: [String] = []) {
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.namespaced = namespaced
        self.shortNames = shortNames
    }

    /// `apps/v1`, or `v1` for the core group.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    /// How kubectl names objects of this kind in what it prints: `deployment.apps`, `namespace`.
    public var qualifiedName: String { group.isEmpty ? kind.lowercased() : "\(kind.lowercased()).\(group)" }
    /// How the API server names the resource in errors: `deployments.apps`, `namespaces`.
    public var qualifiedPlural: String { group.isEmpty ? plural : "\(plural).\(group)" }
    public var description: String { qualifiedName }

    /// Whether `word` (as typed after `kubectl get`) names this kind: plural, singular, short name,
    /// or any of them qualified by the group (`deployments.apps`).
    public func isNamed(_ word: String) -> Bool {
        let lowered = word.lowercased()
        let names = [plural, kind.lowercased()] + shortNames
        return names.contains(lowered) || (!group.isEmpty && names.contains { "\($0).\(group)" == lowered })
    }
}

/// The kinds the simulated API server serves, looked up by manifest or by kubectl's name for them.
public enum ResourceKinds {
    public static let namespace = ResourceKind(group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false, shortNames: ["ns"])
    /// A pod written by a client (`kind: Pod`, `kubectl run`): one pod no controller replaces.
    public static let pod = ResourceKind(group: "", version: "v1", kind: "Pod", plural: "pods", namespaced: true, shortNames: ["po"])
    public static let configMap = ResourceKind(group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true, shortNames: ["cm"])
    public static let secret = ResourceKind(group: "", version: "v1", kind: "Secret", plural: "secrets", namespaced: true)
    public static let service = ResourceKind(group: "", version: "v1", kind: "Service", plural: "services", namespaced: true, shortNames: ["svc"])
    public static let serviceAccount = ResourceKind(group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", namespaced: true, shortNames: ["sa"])
    public static let deployment = ResourceKind(group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true, shortNames: ["deploy"])
    public static let daemonSet = ResourceKind(group: "apps", version: "v1", kind: "DaemonSet", plural: "daemonsets", namespaced: true, shortNames: ["ds"])
    public static let statefulSet = ResourceKind(group: "apps", version: "v1", kind: "StatefulSet", plural: "statefulsets", namespaced: true, shortNames: ["sts"])
    public static let job = ResourceKind(group: "batch", version: "v1", kind: "Job", plural: "jobs", namespaced: true)
    public static let podDisruptionBudget = ResourceKind(group: "policy", version: "v1", kind: "PodDisruptionBudget", plural: "poddisruptionbudgets", namespaced: true, shortNames: ["pdb"])

    // Kinds held as written, with no controller in the simulated cluster: an Ingress gets no load
    // balancer, a NetworkPolicy and RBAC objects restrict nothing (the simulator has no traffic or users).
    public static let ingress = ResourceKind(group: "networking.k8s.io", version: "v1", kind: "Ingress", plural: "ingresses", namespaced: true, shortNames: ["ing"])
    public static let ingressClass = ResourceKind(group: "networking.k8s.io", version: "v1", kind: "IngressClass", plural: "ingressclasses", namespaced: false)
    public static let networkPolicy = ResourceKind(group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy", plural: "networkpolicies", namespaced: true, shortNames: ["netpol"])
    public static let role = ResourceKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", namespaced: true)
    public static let roleBinding = ResourceKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings", namespaced: true)
    public static let clusterRole = ResourceKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles", namespaced: false)
    public static let clusterRoleBinding = ResourceKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding", plural: "clusterrolebindings", namespaced: false)
    public static let storageClass = ResourceKind(group: "storage.k8s.io", version: "v1", kind: "StorageClass", plural: "storageclasses", namespaced: false, shortNames: ["sc"])
    public static let priorityClass = ResourceKind(group: "scheduling.k8s.io", version: "v1", kind: "PriorityClass", plural: "priorityclasses", namespaced: false, shortNames: ["pc"])

    // Kinds held as written, with the part of their controllers the simulated cluster has: a claim
    // binds to the volume it names (no CSI driver provisions new ones), a quota counts what its
    // namespace holds (it refuses nothing), an autoscaler keeps its target within its bounds (no
    // metrics server: it never scales on load), a CronJob is held but starts no Jobs.
    public static let persistentVolumeClaim = ResourceKind(group: "", version: "v1", kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims", namespaced: true, shortNames: ["pvc"])
    public static let persistentVolume = ResourceKind(group: "", version: "v1", kind: "PersistentVolume", plural: "persistentvolumes", namespaced: false, shortNames: ["pv"])
    public static let resourceQuota = ResourceKind(group: "", version: "v1", kind: "ResourceQuota", plural: "resourcequotas", namespaced: true, shortNames: ["quota"])
    public static let limitRange = ResourceKind(group: "", version: "v1", kind: "LimitRange", plural: "limitranges", namespaced: true, shortNames: ["limits"])
    public static let horizontalPodAutoscaler = ResourceKind(group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler", plural: "horizontalpodautoscalers", namespaced: true, shortNames: ["hpa"])
    public static let cronJob = ResourceKind(group: "batch", version: "v1", kind: "CronJob", plural: "cronjobs", namespaced: true, shortNames: ["cj"])

    /// Definitions of further kinds (`kubectl get crd`): each stored one serves its kind.
    public static let customResourceDefinition = ResourceKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition",
                                                              plural: "customresourcedefinitions", namespaced: false, shortNames: ["crd", "crds"])

    /// Every built-in kind a manifest may hold (CustomResourceDefinitions add more: ``ObjectStore/kind(apiVersion:kind:)``).
    public static let all: [ResourceKind] = [namespace, pod, configMap, secret, service, serviceAccount, deployment, daemonSet, statefulSet, job, podDisruptionBudget,
                                             ingress, ingressClass, networkPolicy, role, roleBinding, clusterRole, clusterRoleBinding, storageClass, priorityClass,
                                             persistentVolumeClaim, persistentVolume, resourceQuota, limitRange, horizontalPodAutoscaler, cronJob,
                                             customResourceDefinition]

    /// The kind a manifest's `apiVersion` and `kind` name, if the server knows it.
    public static func manifest(apiVersion: String, kind: String) -> ResourceKind? {
        all.first { $0.apiVersion == apiVersion && $0.kind == kind }
    }

    /// The kind kubectl's word names (`deploy`, `pdb`, `configmaps`).
    public static func named(_ word: String) -> ResourceKind? {
        all.first { $0.isNamed(word) }
    }
}
