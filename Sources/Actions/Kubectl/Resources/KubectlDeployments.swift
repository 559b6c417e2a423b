import ClusterSim
import JSON

extension KubectlResource {
    /// Deployments: NAME READY UP-TO-DATE AVAILABLE AGE; wide adds CONTAINERS IMAGES SELECTOR. The
    /// deployment controller writes the object when its status counts change; a watch prints those.
    static let deployments = KubectlResource(
        names: ["deployments", "deployment", "deploy"], qualifiedPlural: "deployments.apps", nameKind: "deployment.apps", namespaced: true,
        header: { wide in ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"] + (wide ? ["CONTAINERS", "IMAGES", "SELECTOR"] : []) },
        watchChanges: .byVersion,
        objects: { namespace, simulator in
            KubectlDeployments.list(namespace, simulator).map { workload in
                let status = simulator.workloadStatus(workload.key)
                let stored = KubectlDeployments.stored(workload, simulator)
                return Object(namespace: workload.namespace, name: workload.name, labels: stored.map { StoredObject.strings($0.metadata["labels"]) } ?? workload.labels,
                              json: { KubectlDeployments.json(workload, status: status, simulator: simulator) },
                              row: { wide, now in
                                  var cells = [workload.name, "\(status.ready)/\(workload.replicas)", String(status.updated), String(status.ready),
                                               HumanDuration.format(now - workload.created)]
                                  if wide {
                                      cells += [KubernetesObjects.containerName(workload), KubernetesObjects.image(workload),
                                                KubectlDeployments.selectorText(workload.labels)]
                                  }
                                  return cells
                              },
                              version: { "\(workload.replicas)|\(status.current)|\(status.ready)|\(status.updated)" })
            }
        })
}

/// Deployments: the simulator's Deployment workloads as `apps/v1` objects.
enum KubectlDeployments {
    static func list(_ namespace: String?, _ simulator: Simulator) -> [Workload] {
        simulator.workloadList().filter { $0.kind == .deployment && (namespace == nil || $0.namespace == namespace) }
            .sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
    }

    /// A stored pod template as a GET shows it: defaulted by the server, with a null creation time
    /// (and a ReplicaSet's `pod-template-hash` label).
    static func storedTemplate(_ template: JSONValue, hash: String?) -> JSONValue {
        guard case .object(var fields) = PodTemplateDefaults.defaulted(template) else { return template }
        var metadata: [(key: String, value: JSONValue)] = []
        if let index = fields.firstIndex(where: { $0.key == "metadata" }), case .object(let existing) = fields[index].value {
            metadata = existing
            fields.remove(at: index)
        }
        if !metadata.contains(where: { $0.key == "creationTimestamp" }) { metadata.append(("creationTimestamp", .null)) }
        if let hash {
            var labels: [(key: String, value: JSONValue)] = []
            if let index = metadata.firstIndex(where: { $0.key == "labels" }), case .object(let existing) = metadata[index].value {
                labels = existing
                metadata.remove(at: index)
            }
            labels.append(("pod-template-hash", .string(hash)))
            metadata.append(("labels", .object(labels)))
        }
        return .object([("metadata", .object(metadata))] + fields)
    }

    /// The Deployment as written through the store (its own labels and annotations), if it was.
    static func stored(_ workload: Workload, _ simulator: Simulator) -> StoredObject? {
        simulator.object(ObjectStore.Key(kind: ResourceKinds.deployment, namespace: workload.namespace, name: workload.name))
    }

    static func selectorText(_ labels: [String: String]) -> String {
        labels.keys.sorted().map { "\($0)=\(labels[$0]!)" }.joined(separator: ",")
    }

    static func strategy(_ strategy: RolloutStrategy) -> JSONValue {
        guard case .rollingUpdate(let surge, let unavailable) = strategy else { return .object([("type", .string("Recreate"))]) }
        return .object([("rollingUpdate", .object([("maxSurge", surge.json), ("maxUnavailable", unavailable.json)])),
                        ("type", .string("RollingUpdate"))])
    }

    /// `status` is the one its table row shows (worked out once per listing).
    static func json(_ workload: Workload, status: (ready: Int, current: Int, updated: Int), simulator: Simulator) -> JSONValue {
        let labels = workload.labels.map { ($0.key, JSONValue.string($0.value)) }
        let stored = stored(workload, simulator)
        var annotations = StoredObject.strings(stored?.metadata["annotations"])
        annotations["deployment.kubernetes.io/revision"] = String(simulator.currentRevisionNumber(ofDeployment: workload.key))
        let minimumAvailable = workload.replicas - workload.replicas / 4  // maxUnavailable 25 %, rounded down
        let available = status.ready >= minimumAvailable
        let condition = { (type: String, ok: Bool, reason: String, message: String) -> JSONValue in
            .object([("lastTransitionTime", KubernetesObjects.timestamp(simulator, workload.created)),
                     ("lastUpdateTime", KubernetesObjects.timestamp(simulator, workload.created)), ("message", .string(message)),
                     ("reason", .string(reason)), ("status", .string(ok ? "True" : "False")), ("type", .string(type))])
        }
        var statusFields: [(key: String, value: JSONValue)] = [
            ("conditions", .array([
                available ? condition("Available", true, "MinimumReplicasAvailable", "Deployment has minimum availability.")
                          : condition("Available", false, "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
                condition("Progressing", true, "NewReplicaSetAvailable",
                          "ReplicaSet \"\(KubernetesObjects.replicaSetName(workload, simulator: simulator))\" has successfully progressed."),
            ])),
            ("observedGeneration", .int(stored?.generation ?? 1)),
        ]
        // Go's omitempty drops zero counts.
        for (key, value) in [("availableReplicas", status.ready), ("readyReplicas", status.ready), ("replicas", status.current),
                             ("updatedReplicas", status.updated)] where value > 0 {
            statusFields.append((key, .int(value)))
        }
        if status.current > status.ready { statusFields.append(("unavailableReplicas", .int(status.current - status.ready))) }
        return KubernetesObjects.sorted(.object([
            ("apiVersion", .string("apps/v1")), ("kind", .string("Deployment")),
            ("metadata", KubernetesObjects.withManagedFields(
                KubernetesObjects.metadata(namespace: workload.namespace, name: workload.name, created: workload.created,
                                           uidSeed: "deployment|\(workload.key)", generation: stored?.generation ?? 1,
                                           labels: stored.map { StoredObject.strings($0.metadata["labels"]) } ?? workload.labels,
                                           annotations: annotations, simulator: simulator), stored, simulator: simulator)),
            ("spec", .object((stored?.body["spec"]?["paused"] == .bool(true) ? [("paused", JSONValue.bool(true))] : []) + [
                ("progressDeadlineSeconds", .int(600)), ("replicas", .int(workload.replicas)), ("revisionHistoryLimit", .int(10)),
                ("selector", stored?.body["spec"]?["selector"] ?? .object([("matchLabels", .object(labels))])),
                ("strategy", strategy(workload.strategy)),
                ("template", stored?.body["spec"]?["template"].map { KubectlDeployments.storedTemplate($0, hash: nil) } ?? .object([
                    ("metadata", .object([("creationTimestamp", .null), ("labels", .object(labels))])),
                    ("spec", KubernetesObjects.podSpec(workload, nodeName: nil)),
                ])),
            ])),
            ("status", .object(statusFields)),
        ]))
    }
}
