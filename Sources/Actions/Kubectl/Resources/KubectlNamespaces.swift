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
                let phase = stored?.isTerminating == true ? "Terminating" : "Active"
                var metadata = KubernetesObjects.metadata(namespace: nil, name: name, created: created, uidSeed: "namespace|\(name)",
                                                          labels: labels, annotations: stored?.annotations ?? [:], simulator: simulator)
                if let deletion = stored?.deletionStarted {
                    metadata = ObjectPatch.merge(metadata, .object([("deletionGracePeriodSeconds", .int(0)),
                                                                    ("deletionTimestamp", KubernetesObjects.timestamp(simulator, deletion))]))
                }
                if let finalizers = stored?.metadata["finalizers"] { metadata = ObjectPatch.merge(metadata, .object([("finalizers", finalizers)])) }
                return Object(namespace: nil, name: name, labels: labels,
                       json: {
                           KubernetesObjects.sorted(.object([
                               ("apiVersion", .string("v1")), ("kind", .string("Namespace")),
                               ("metadata", metadata),
                               ("spec", .object([("finalizers", .array([.string("kubernetes")]))])),
                               ("status", .object([("phase", .string(phase))])),
                           ]))
                       },
                       row: { _, now in [name, phase, HumanDuration.format(now - created)] }, version: { name })
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
