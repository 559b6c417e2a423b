import JSON

/// The scenario's world as API objects: the namespaces, the sample application's Deployments,
/// DaemonSets and StatefulSets, and its PodDisruptionBudgets are stored at time zero like any
/// applied object, so reads, writes, deletes and watches treat them as the API server treats
/// objects someone applied before the lesson began.
enum ScenarioObjects {
    /// What the store holds for one scenario-made thing: its object, when it was made, and the uid
    /// the objects' pages have always shown for it.
    struct Entry {
        var kind: ResourceKind
        var metadata: JSONValue
        var body: JSONValue
        var created: SimTime
        var uidSeed: String
    }

    /// A namespace the cluster was made with (its label is the one the API server adds).
    static func namespace(_ name: String, created: SimTime) -> Entry {
        Entry(kind: ResourceKinds.namespace,
              metadata: .object([("labels", .object([("kubernetes.io/metadata.name", .string(name))])), ("name", .string(name))]),
              body: .object([]), created: created, uidSeed: "namespace|\(name)")
    }

    /// What EKS and the API server put in every cluster: the `gp2` StorageClass (not the default
    /// one since Kubernetes 1.30 on EKS) and the two system PriorityClasses.
    static func clusterOwn(created: SimTime) -> [Entry] {
        let gp2 = Entry(kind: ResourceKinds.storageClass, metadata: .object([("name", .string("gp2"))]),
                        body: .object([("parameters", .object([("fsType", .string("ext4")), ("type", .string("gp2"))])),
                                       ("provisioner", .string("kubernetes.io/aws-ebs")), ("reclaimPolicy", .string("Delete")),
                                       ("volumeBindingMode", .string("WaitForFirstConsumer"))]),
                        created: created, uidSeed: "storageclass|gp2")
        let priorities = [
            ("system-cluster-critical", 2_000_000_000, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
            ("system-node-critical", 2_000_001_000, "Used for system critical pods that must not be moved from their current node."),
        ].map { name, value, description in
            Entry(kind: ResourceKinds.priorityClass, metadata: .object([("name", .string(name))]),
                  body: .object([("description", .string(description)), ("preemptionPolicy", .string("PreemptLowerPriority")),
                                 ("value", .int(value))]),
                  created: created, uidSeed: "priorityclass|\(name)")
        }
        return [gp2] + priorities
    }

    /// A scenario workload as the manifest that would have made it: its labels on the object, the
    /// selector and the pod template, the one container with its image and requests.
    static func workload(_ workload: Workload) -> Entry {
        let labels = JSONValue.object(workload.labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
        let container: JSONValue = .object([
            ("image", .string(workload.effectiveImage)), ("name", .string(workload.containerName ?? workload.name)),
            ("resources", .object([("requests", .object([("cpu", .string("\(workload.cpuMillis)m")), ("memory", .string("\(workload.memoryMi)Mi"))]))])),
        ])
        var podSpec: [(key: String, value: JSONValue)] = [("containers", .array([container]))]
        if workload.toleratesAllTaints { podSpec.append(("tolerations", .array([.object([("operator", .string("Exists"))])]))) }
        var spec: [(key: String, value: JSONValue)] = []
        if workload.kind != .daemonSet { spec.append(("replicas", .int(workload.replicas))) }
        spec += [("selector", .object([("matchLabels", labels)])),
                 ("template", .object([("metadata", .object([("labels", labels)])), ("spec", .object(podSpec))]))]
        if workload.kind == .statefulSet { spec.append(("serviceName", .string(workload.name))) }
        return Entry(kind: workload.kind.resourceKind,
                     metadata: .object([("labels", labels), ("name", .string(workload.name)), ("namespace", .string(workload.namespace))]),
                     body: .object([("spec", .object(spec))]), created: workload.created,
                     uidSeed: "\(workload.kind.rawValue.lowercased())|\(workload.key)")
    }

    /// A scenario PodDisruptionBudget.
    static func budget(_ budget: PodDisruptionBudget) -> Entry {
        let spec = PodDisruptionBudget.spec(selector: budget.selector, minAvailable: budget.minAvailable, maxUnavailable: budget.maxUnavailable)
        return Entry(kind: ResourceKinds.podDisruptionBudget,
                     metadata: .object([("name", .string(budget.name)), ("namespace", .string(budget.namespace))]),
                     body: .object([("spec", spec)]), created: budget.created, uidSeed: "pdb|\(budget.key)")
    }
}
