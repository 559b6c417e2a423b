import ClusterSim
import JSON

extension KubectlResource {
    /// Namespaces: NAME STATUS AGE. The four every cluster has, and those the workloads run in.
    static let namespaces = KubectlResource(
        names: ["namespaces", "namespace", "ns"], qualifiedPlural: "namespaces", nameKind: "namespace", namespaced: false,
        header: { _ in ["NAME", "STATUS", "AGE"] },
        watchChanges: .byVersion,
        objects: { _, simulator in
            KubectlNamespaces.list(simulator).map { name, created in
                let stored = simulator.object(ObjectStore.Key(kind: ResourceKinds.namespace, namespace: nil, name: name))
                let labels = (stored?.labels ?? [:]).merging(["kubernetes.io/metadata.name": name]) { _, fixed in fixed }
                return Object(namespace: nil, name: name, labels: labels,
                       json: {
                           KubernetesObjects.sorted(.object([
                               ("apiVersion", .string("v1")), ("kind", .string("Namespace")),
                               ("metadata", KubernetesObjects.metadata(namespace: nil, name: name, created: created, uidSeed: "namespace|\(name)",
                                                                       labels: labels, annotations: stored?.annotations ?? [:], simulator: simulator)),
                               ("spec", .object([("finalizers", .array([.string("kubernetes")]))])),
                               ("status", .object([("phase", .string("Active"))])),
                           ]))
                       },
                       row: { _, now in [name, "Active", HumanDuration.format(now - created)] }, version: { name })
            }
        })
}

enum KubectlNamespaces {
    /// Every namespace, sorted, with when it was made: the cluster's own at its birth (its oldest
    /// workload), each other with its first workload.
    static func list(_ simulator: Simulator) -> [(String, SimTime)] {
        simulator.namespaceList().map { ($0.name, $0.created) }
    }
}
