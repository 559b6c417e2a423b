import ClusterSim
import JSON

/// A resource type the simulated API server serves: where it lives (`apps/v1`, `deployments`), what
/// it is called, and which objects of the simulator it shows. Built on the same resource table as the
/// native `kubectl get`, so both ways in print the same objects.
public struct KubernetesResourceType: Sendable {
    public struct Subresource: Sendable {
        public let name: String
        public let group: String
        public let version: String
        public let kind: String
        public let verbs: [String]
    }

    public let group: String
    public let version: String
    public let plural: String
    public let singular: String
    public let kind: String
    public let namespaced: Bool
    public let shortNames: [String]
    public let verbs: [String]
    public let categories: [String]
    public let subresources: [Subresource]
    let resource: KubectlResource?
    /// The store's kind behind a type whose objects are written through the store (nil: found by
    /// group, version and plural among the built-in kinds, or not writable).
    public var storeKind: ResourceKind? = nil

    /// `v1` or `apps/v1`.
    public var groupVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    public var listKind: String { kind + "List" }
    /// `deployments.apps`, `pods`: how the API server names the type in messages.
    public var qualifiedPlural: String { group.isEmpty ? plural : "\(plural).\(group)" }
}

/// One object as the API server serves it.
public struct KubernetesAPIObject {
    public let namespace: String?
    public let name: String
    public let labels: [String: String]
    let makeJSON: () -> JSONValue
    let makeCells: (SimTime) -> [String]
    let makeVersion: () -> String

    /// Changes whenever the object does (empty: unknown, compare the JSON): what a watch compares.
    /// Worked out when asked (a node's is a hash of all it shows), so lists do not pay for it.
    public var version: String { makeVersion() }

    /// The object (`kubectl get -o json`'s item).
    public func json() -> JSONValue { makeJSON() }
    /// Set for objects a server may encode once and reuse (see `Template`).
    public var template: Template? = nil

    /// An object's JSON with placeholders where the present moment and the list's resourceVersion
    /// go, and what it is (equal identities: the same JSON). A server encodes it once per change of
    /// the object and fills in the two values on each list.
    public struct Template {
        public static let now = "\u{1}now\u{1}"
        public static let resourceVersion = "\u{1}resourceVersion\u{1}"
        public let identity: any Hashable & Sendable
        let makeJSON: () -> JSONValue
        public init(identity: any Hashable & Sendable, json: @escaping () -> JSONValue) {
            self.identity = identity
            self.makeJSON = json
        }
        public func json() -> JSONValue { makeJSON() }

        /// Whether `other` is the same object in the same state.
        public func same(as other: any Hashable & Sendable) -> Bool {
            func equal<T: Hashable>(_ mine: T) -> Bool { (other as? T) == mine }
            return equal(identity)
        }
    }
    /// The cells of its table row (every column, `-o wide`'s too), with ages at `now`.
    public func cells(at now: SimTime) -> [String] { makeCells(now) }
    public var key: String { namespace.map { "\($0)/\(name)" } ?? name }
}

/// The simulated cluster as the Kubernetes API shows it: resource types for discovery, objects, table
/// columns and the server's version. Mutations go to the simulator's own API (cordon, eviction, …).
public enum KubernetesAPI {
    static let readVerbs = ["get", "list", "watch"]

    static let writeVerbs = ["create", "delete", "get", "list", "patch", "update", "watch"]

    public static let resourceTypes: [KubernetesResourceType] = [
        type("", "nodes", "node", "Node", false, ["no"], readVerbs + ["patch", "update"], resource: .nodes),
        type("", "pods", "pod", "Pod", true, ["po"], readVerbs + ["create", "delete", "patch"], categories: ["all"], resource: .pods,
             subresources: [.init(name: "eviction", group: "policy", version: "v1", kind: "Eviction", verbs: ["create"]),
                            .init(name: "log", group: "", version: "v1", kind: "Pod", verbs: ["get"])]),
        type("", "events", "event", "Event", true, ["ev"], readVerbs, resource: .events),
        type("", "namespaces", "namespace", "Namespace", false, ["ns"], writeVerbs, resource: .namespaces),
        type("", "configmaps", "configmap", "ConfigMap", true, ["cm"], writeVerbs, resource: .configMaps),
        type("", "secrets", "secret", "Secret", true, [], writeVerbs, resource: .secrets),
        type("", "services", "service", "Service", true, ["svc"], writeVerbs, categories: ["all"], resource: .services),
        type("", "endpoints", "endpoints", "Endpoints", true, ["ep"], readVerbs, resource: .endpoints),
        held(ResourceKinds.resourceQuota, .resourceQuotas), held(ResourceKinds.limitRange, .limitRanges),
        held(ResourceKinds.persistentVolumeClaim, .persistentVolumeClaims), held(ResourceKinds.persistentVolume, .persistentVolumes),
        type("", "serviceaccounts", "serviceaccount", "ServiceAccount", true, ["sa"], writeVerbs, resource: .serviceAccounts),
        type("apps", "deployments", "deployment", "Deployment", true, ["deploy"], writeVerbs, categories: ["all"], resource: .deployments,
             subresources: [.init(name: "scale", group: "autoscaling", version: "v1", kind: "Scale", verbs: ["get", "patch", "update"])]),
        type("apps", "replicasets", "replicaset", "ReplicaSet", true, ["rs"], readVerbs, categories: ["all"], resource: .replicaSets),
        type("apps", "statefulsets", "statefulset", "StatefulSet", true, ["sts"], writeVerbs, categories: ["all"], resource: .statefulSets,
             subresources: [.init(name: "scale", group: "autoscaling", version: "v1", kind: "Scale", verbs: ["get", "patch", "update"])]),
        type("apps", "daemonsets", "daemonset", "DaemonSet", true, ["ds"], writeVerbs, categories: ["all"], resource: .daemonSets),
        type("discovery.k8s.io", "endpointslices", "endpointslice", "EndpointSlice", true, [], readVerbs, resource: .endpointSlices),
        type("batch", "jobs", "job", "Job", true, [], writeVerbs, categories: ["all"], resource: .jobs),
        held(ResourceKinds.cronJob, .cronJobs, categories: ["all"]),
        held(ResourceKinds.horizontalPodAutoscaler, .horizontalPodAutoscalers, categories: ["all"]),
        type("policy", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, ["pdb"], writeVerbs, resource: .podDisruptionBudgets),
        type("coordination.k8s.io", "leases", "lease", "Lease", true, [], readVerbs, resource: nil),
        held(ResourceKinds.ingress, .ingresses), held(ResourceKinds.ingressClass, .ingressClasses),
        held(ResourceKinds.networkPolicy, .networkPolicies), held(ResourceKinds.role, .roles), held(ResourceKinds.roleBinding, .roleBindings),
        held(ResourceKinds.clusterRole, .clusterRoles), held(ResourceKinds.clusterRoleBinding, .clusterRoleBindings),
        held(ResourceKinds.storageClass, .storageClasses), held(ResourceKinds.priorityClass, .priorityClasses),
        held(ResourceKinds.customResourceDefinition, .customResourceDefinitions),
    ]

    /// Every type the server serves now: the built-in ones, then each served version of each kind a
    /// stored CustomResourceDefinition adds (discovery follows the store).
    public static func resourceTypes(_ simulator: Simulator) -> [KubernetesResourceType] {
        resourceTypes + simulator.customResourceDefinitions.flatMap { definition in
            definition.versions.filter(\.served).map { version in
                let kind = definition.kind(version: version)
                var type = KubernetesResourceType(
                    group: kind.group, version: kind.version, plural: kind.plural, singular: definition.singular, kind: kind.kind,
                    namespaced: kind.namespaced, shortNames: definition.shortNames, verbs: writeVerbs, categories: definition.categories,
                    subresources: version.statusSubresource
                        ? [.init(name: "status", group: kind.group, version: kind.version, kind: kind.kind, verbs: ["get", "patch", "update"])] : [],
                    resource: .custom(definition))
                type.storeKind = definition.kind
                return type
            }
        }
    }

    /// A kind held as written: its names from the store's kind, every write verb.
    static func held(_ kind: ResourceKind, _ resource: KubectlResource, categories: [String] = []) -> KubernetesResourceType {
        KubernetesResourceType(group: kind.group, version: kind.version, plural: kind.plural, singular: kind.kind.lowercased(), kind: kind.kind,
                               namespaced: kind.namespaced, shortNames: kind.shortNames, verbs: writeVerbs, categories: categories, subresources: [],
                               resource: resource)
    }

    static func type(_ group: String, _ plural: String, _ singular: String, _ kind: String, _ namespaced: Bool, _ shortNames: [String],
                     _ verbs: [String], categories: [String] = [], resource: KubectlResource?,
                     subresources: [KubernetesResourceType.Subresource] = []) -> KubernetesResourceType {
        KubernetesResourceType(group: group, version: "v1", plural: plural, singular: singular, kind: kind, namespaced: namespaced,
                               shortNames: shortNames, verbs: verbs, categories: categories, subresources: subresources, resource: resource)
    }

    /// The built-in type at `/api/v1/<plural>` (group "") or `/apis/<group>/<version>/<plural>`.
    public static func resourceType(group: String, version: String, plural: String) -> KubernetesResourceType? {
        resourceTypes.first { $0.group == group && $0.version == version && $0.plural == plural }
    }

    /// The type at that path now, custom kinds included.
    public static func resourceType(group: String, version: String, plural: String, simulator: Simulator) -> KubernetesResourceType? {
        resourceTypes(simulator).first { $0.group == group && $0.version == version && $0.plural == plural }
    }

    /// The groups of `types`, in discovery order.
    public static func groups(_ types: [KubernetesResourceType]) -> [String] {
        var seen: [String] = []
        for type in types where !type.group.isEmpty && !seen.contains(type.group) { seen.append(type.group) }
        return seen
    }

    /// The built-in groups, in discovery order.
    public static var groups: [String] { groups(resourceTypes) }

    /// Objects of a type, in one namespace or all (nil), in the API server's order (namespace, name).
    public static func objects(_ type: KubernetesResourceType, namespace: String?, simulator: Simulator) -> [KubernetesAPIObject] {
        guard let resource = type.resource else {
            // Leases: each node's heartbeat in kube-node-lease.
            guard namespace == nil || namespace == "kube-node-lease" else { return [] }
            return simulator.nodeList().map { node in
                KubernetesAPIObject(namespace: "kube-node-lease", name: node.name, labels: [:],
                                    makeJSON: { KubernetesObjects.lease(node, simulator: simulator) },
                                    makeCells: { now in [node.name, node.name, HumanDuration.format(now - node.created)] },
                                    makeVersion: { node.name })
            }
        }
        return resource.objects(type.namespaced ? namespace : nil, simulator).map { object in
            var apiObject = KubernetesAPIObject(namespace: object.namespace, name: object.name, labels: object.labels, makeJSON: object.json,
                                                makeCells: { now in object.row(true, now) }, makeVersion: object.version)
            apiObject.template = object.template
            return apiObject
        }
    }

    /// A table column as the API server defines it: kubectl prints `name` upper-cased and shows
    /// priority-1 columns only with `-o wide`.
    public struct Column: Sendable {
        public let name: String
        public let priority: Int
    }

    public static func columns(_ type: KubernetesResourceType) -> [Column] {
        guard let resource = type.resource else {
            return [Column(name: "Name", priority: 0), Column(name: "Holder", priority: 0), Column(name: "Age", priority: 0)]
        }
        let narrow = Set(resource.header(false))
        let wide = resource.header(true)
        let names = resource.serverColumns ?? wide.map(serverColumnName)
        return zip(wide, names).map { header, name in Column(name: name, priority: narrow.contains(header) ? 0 : 1) }
    }

    /// `NOMINATED NODE` → `Nominated Node`, `INTERNAL-IP` → `Internal-IP`: the server's spelling.
    static func serverColumnName(_ header: String) -> String {
        // Headings the printers spell in camel case, which kubectl shows upper-cased.
        let camel = ["PREEMPTIONPOLICY": "PreemptionPolicy", "RECLAIMPOLICY": "ReclaimPolicy", "VOLUMEBINDINGMODE": "VolumeBindingMode",
                     "ALLOWVOLUMEEXPANSION": "AllowVolumeExpansion", "SERVICEACCOUNTS": "ServiceAccounts"]
        if let spelled = camel[header] { return spelled }
        let keepUpper: Set<String> = ["IP", "OS", "UP"]
        var result = ""
        var word = ""
        func flush() {
            result += keepUpper.contains(word) && word != "UP" ? word : word.prefix(1) + word.dropFirst().lowercased()
            word = ""
        }
        for character in header {
            if character == " " || character == "-" {
                flush()
                result.append(character)
            } else {
                word.append(character)
            }
        }
        flush()
        return result
    }

    /// The API server's version, as `/version` reports it.
    public static func serverVersion(_ simulator: Simulator) -> (major: String, minor: String, gitVersion: String) {
        let version = simulator.cluster.serverVersion
        let minor = version.split(separator: ".").dropFirst().first.map(String.init) ?? "0"
        return ("1", minor, "v\(version).5-eks-3cfe0ce")
    }

    /// A parsed `labelSelector` (`app=ui,tier in (web)`), or a message saying what is wrong with it.
    public struct LabelMatcher: Sendable {
        let selector: LabelSelector
        public func matches(_ labels: [String: String]) -> Bool { selector.matches(labels) }
    }

    public static func labelSelector(_ text: String) -> Result<LabelMatcher, KubernetesSelectorError> {
        do {
            return .success(LabelMatcher(selector: try LabelSelector(text)))
        } catch {
            return .failure(KubernetesSelectorError(message: error.message))
        }
    }

    /// A pod's log as `GET …/pods/NAME/log` returns it (the native `kubectl logs`'s lines), or the
    /// API server's refusal: 404 for a missing pod, 400 for a container not started or not there.
    public static func podLog(namespace: String, name: String, container: String?, tailLines: Int?, timestamps: Bool,
                              simulator: Simulator) -> Result<String, KubernetesLogError> {
        guard let pod = simulator.pod(namespace: namespace, name: name) else {
            return .failure(KubernetesLogError(code: 404, reason: "NotFound", message: "pods \"\(name)\" not found"))
        }
        let own = simulator.workload(of: pod).map(KubernetesObjects.containerName) ?? pod.name
        if let container, container != own {
            return .failure(KubernetesLogError(code: 400, reason: "BadRequest",
                                               message: "container \(container) is not valid for pod \(name)"))
        }
        if let waiting = KubectlLogs.waiting(pod, simulator: simulator) {
            return .failure(KubernetesLogError(code: 400, reason: "BadRequest", message: waiting))
        }
        var lines = KubectlLogs.lines(pod, simulator: simulator)
        if let tailLines, tailLines >= 0 { lines = Array(lines.suffix(tailLines)) }
        return .success(KubectlLogs.render(lines, timestamps: timestamps, simulator: simulator))
    }

    /// `NoSchedule` → the simulator's `NO_SCHEDULE`, for taints written through the API.
    public static func taint(key: String, value: String?, effect: String) -> Taint? {
        let effects = ["NoSchedule": "NO_SCHEDULE", "NoExecute": "NO_EXECUTE", "PreferNoSchedule": "PREFER_NO_SCHEDULE"]
        guard let mapped = effects[effect] else { return nil }
        return Taint(key: key, value: value, effect: mapped)
    }
}

public struct KubernetesLogError: Error, Sendable {
    public let code: Int
    public let reason: String
    public let message: String
}

public struct KubernetesSelectorError: Error, Sendable {
    public let message: String
}
