import ClusterSim
import JSON

extension KubectlResource {
    /// DaemonSets: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE; wide adds
    /// CONTAINERS IMAGES SELECTOR. `kubectl drain` reads a DaemonSet pod's owner before it leaves the pod.
    static let daemonSets = KubectlResource(
        names: ["daemonsets", "daemonset", "ds"], qualifiedPlural: "daemonsets.apps", nameKind: "daemonset.apps", namespaced: true,
        header: { wide in
            ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"] + (wide ? ["CONTAINERS", "IMAGES", "SELECTOR"] : [])
        },
        watchChanges: .byVersion,
        objects: { namespace, simulator in
            KubectlWorkloadSets.list(.daemonSet, namespace, simulator).map { workload in
                let status = simulator.workloadStatus(workload.key)
                // One pod per node that runs it: the live pods `workloadStatus` has just counted.
                let desired = status.current
                return Object(namespace: workload.namespace, name: workload.name, labels: workload.labels,
                              json: { KubectlWorkloadSets.json(workload, kind: "DaemonSet", status: [
                                  ("currentNumberScheduled", desired), ("desiredNumberScheduled", desired), ("numberAvailable", status.ready),
                                  ("numberMisscheduled", 0), ("numberReady", status.ready), ("observedGeneration", 1), ("updatedNumberScheduled", status.updated),
                              ], simulator: simulator) },
                              row: { wide, now in
                                  [workload.name, String(desired), String(status.current), String(status.ready), String(status.updated),
                                   String(status.ready), workload.placement.nodeSelector.isEmpty ? "<none>" : KubectlDeployments.selectorText(workload.placement.nodeSelector),
                                   HumanDuration.format(now - workload.created)]
                                      + (wide ? KubectlWorkloadSets.wideCells(workload, selector: true) : [])
                              },
                              version: { "\(desired)|\(status.current)|\(status.ready)|\(status.updated)" })
            }
        })

    /// StatefulSets: NAME READY AGE; wide adds CONTAINERS IMAGES.
    static let statefulSets = KubectlResource(
        names: ["statefulsets", "statefulset", "sts"], qualifiedPlural: "statefulsets.apps", nameKind: "statefulset.apps", namespaced: true,
        header: { wide in ["NAME", "READY", "AGE"] + (wide ? ["CONTAINERS", "IMAGES"] : []) },
        watchChanges: .byVersion,
        objects: { namespace, simulator in
            KubectlWorkloadSets.list(.statefulSet, namespace, simulator).map { workload in
                let status = simulator.workloadStatus(workload.key)
                return Object(namespace: workload.namespace, name: workload.name, labels: workload.labels,
                              json: { KubectlWorkloadSets.json(workload, kind: "StatefulSet", status: [
                                  ("availableReplicas", status.ready), ("currentReplicas", status.current), ("observedGeneration", 1),
                                  ("readyReplicas", status.ready), ("replicas", status.current), ("updatedReplicas", status.updated),
                              ], simulator: simulator) },
                              row: { wide, now in
                                  ["\(workload.name)", "\(status.ready)/\(workload.replicas)", HumanDuration.format(now - workload.created)]
                                      + (wide ? KubectlWorkloadSets.wideCells(workload, selector: false) : [])
                              },
                              version: { "\(workload.replicas)|\(status.current)|\(status.ready)|\(status.updated)" })
            }
        })

    /// ReplicaSets: NAME DESIRED CURRENT READY AGE; wide adds CONTAINERS IMAGES SELECTOR. One per
    /// Deployment (the simulator's workloads keep one pod template).
    static let replicaSets = KubectlResource(
        names: ["replicasets", "replicaset", "rs"], qualifiedPlural: "replicasets.apps", nameKind: "replicaset.apps", namespaced: true,
        header: { wide in ["NAME", "DESIRED", "CURRENT", "READY", "AGE"] + (wide ? ["CONTAINERS", "IMAGES", "SELECTOR"] : []) },
        watchChanges: .byVersion,
        objects: { namespace, simulator in
            // One ReplicaSet per revision of each Deployment: the current one wants every replica,
            // an older one only the pods it still has.
            KubectlWorkloadSets.list(.deployment, namespace, simulator).flatMap { deployment in
                let counts = simulator.podsByRevision(ofDeployment: deployment.key)
                let stored = KubectlDeployments.stored(deployment, simulator) != nil
                let revisions = simulator.revisions(ofWorkload: deployment.key)
                let current = revisions.last?.hash
                return revisions.map { revision -> Object in
                    var workload = deployment
                    workload.image = revision.image ?? deployment.image
                    workload.containerName = revision.containerName ?? deployment.containerName
                    workload.templateHash = revision.hash
                    let live = counts[revision.hash]?.live ?? 0, ready = counts[revision.hash]?.ready ?? 0
                    let desired = revision.hash == current ? deployment.replicas : live
                    workload.replicas = desired
                    workload.created = revision.created
                    let name = simulator.replicaSetName(of: workload)
                    return Object(namespace: workload.namespace, name: name, labels: workload.labels,
                                  json: { KubectlWorkloadSets.json(workload, kind: "ReplicaSet", name: name, status: [
                                      ("availableReplicas", ready), ("fullyLabeledReplicas", live), ("observedGeneration", 1),
                                      ("readyReplicas", ready), ("replicas", live),
                                  ], annotations: KubectlWorkloadSets.replicaSetAnnotations(revision, deployment: deployment),
                                     revision: stored ? revision : nil, simulator: simulator) },
                                  row: { wide, now in
                                      [name, String(desired), String(live), String(ready), HumanDuration.format(now - workload.created)]
                                          + (wide ? KubectlWorkloadSets.wideCells(workload, selector: true) : [])
                                  },
                                  version: { "\(desired)|\(live)|\(ready)" })
                }.sorted { $0.name < $1.name }
            }
        })
}

/// The simulator's StatefulSets, DaemonSets and Deployments' ReplicaSets as `apps/v1` objects.
enum KubectlWorkloadSets {
    static func list(_ kind: Workload.Kind, _ namespace: String?, _ simulator: Simulator) -> [Workload] {
        simulator.workloadList().filter { $0.kind == kind && (namespace == nil || $0.namespace == namespace) }
            .sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
    }

    /// What the deployment controller writes on a ReplicaSet: its revision, the Deployment's size,
    /// and the change cause it was made with (`rollout history` reads these).
    static func replicaSetAnnotations(_ revision: DeploymentRevision, deployment: Workload) -> [String: String] {
        let replicas = deployment.replicas
        var annotations = ["deployment.kubernetes.io/revision": String(revision.revision),
                           "deployment.kubernetes.io/desired-replicas": String(replicas),
                           "deployment.kubernetes.io/max-replicas": String(replicas + deployment.strategy.limits(replicas: replicas).surge)]
        if let cause = revision.changeCause { annotations["kubernetes.io/change-cause"] = cause }
        return annotations
    }

    static func wideCells(_ workload: Workload, selector: Bool) -> [String] {
        [KubernetesObjects.containerName(workload), KubernetesObjects.image(workload)] + (selector ? [KubectlDeployments.selectorText(workload.labels)] : [])
    }

    /// The uid seed an object of `kind` has; pods name their controller by it.
    static func uidSeed(_ kind: String, _ namespace: String, _ name: String) -> String { "\(kind.lowercased())|\(namespace)/\(name)" }

    /// `revision`: a stored Deployment's ReplicaSet, whose template is that revision's (with its
    /// `pod-template-hash` label, which its labels and selector carry too).
    static func json(_ workload: Workload, kind: String, name: String? = nil, status: [(String, Int)], annotations: [String: String] = [:],
                     revision: DeploymentRevision? = nil, simulator: Simulator) -> JSONValue {
        let name = name ?? workload.name
        var ownLabels = workload.labels
        if let revision { ownLabels["pod-template-hash"] = revision.hash }
        let labels = JSONValue.object(ownLabels.map { ($0.key, .string($0.value)) })
        var spec: [(key: String, value: JSONValue)] = [
            ("selector", .object([("matchLabels", labels)])),
            ("template", revision.map { KubectlDeployments.storedTemplate($0.template, hash: $0.hash) }
                ?? .object([("metadata", .object([("creationTimestamp", .null), ("labels", labels)])),
                            ("spec", KubernetesObjects.podSpec(workload, nodeName: nil))])),
        ]
        if kind != "DaemonSet" { spec.append(("replicas", .int(workload.replicas))) }
        if kind == "DaemonSet" {
            // What the API server defaults; `kubectl rollout status` reads the strategy's type.
            spec += [("revisionHistoryLimit", .int(10)),
                     ("updateStrategy", .object([("rollingUpdate", .object([("maxSurge", .int(0)), ("maxUnavailable", .int(1))])),
                                                 ("type", .string("RollingUpdate"))]))]
        }
        if kind == "StatefulSet" {
            // What the API server defaults; `kubectl rollout status` reads the update strategy.
            let strategy: JSONValue
            switch workload.setUpdate {
            case .onDelete: strategy = .object([("type", .string("OnDelete"))])
            case .rollingUpdate(_, let partition):
                strategy = .object([("rollingUpdate", .object([("partition", .int(partition))])), ("type", .string("RollingUpdate"))])
            }
            spec += [("serviceName", .string(workload.name)), ("podManagementPolicy", .string("OrderedReady")), ("revisionHistoryLimit", .int(10)),
                     ("persistentVolumeClaimRetentionPolicy", .object([("whenDeleted", .string("Retain")), ("whenScaled", .string("Retain"))])),
                     ("updateStrategy", strategy)]
        }
        // A set written through the store shows what was written (defaulted), not the workload's summary.
        var storedMetadata: [String: String]?, storedAnnotations: [String: String] = annotations
        var storedSet: StoredObject?
        if kind == "DaemonSet" || kind == "StatefulSet",
           let stored = simulator.object(ObjectStore.Key(kind: workload.kind.resourceKind, namespace: workload.namespace, name: workload.name)) {
            if case .object(let written)? = stored.body["spec"] {
                for (field, value) in written {
                    spec.removeAll { $0.key == field }
                    spec.append((field, field == "template" ? KubectlDeployments.storedTemplate(value, hash: nil) : value))
                }
            }
            storedMetadata = stored.labels
            storedSet = stored
            storedAnnotations = StoredObject.strings(stored.metadata["annotations"])
        }
        var owner: [(key: String, value: JSONValue)] = []
        if kind == "ReplicaSet" { owner = [("ownerReferences", .array([KubernetesObjects.ownerReference("Deployment", workload.namespace, workload.name)]))] }
        var metadata = KubernetesObjects.metadata(namespace: workload.namespace, name: name, created: workload.created,
                                                  uidSeed: uidSeed(kind, workload.namespace, name), generation: 1, labels: storedMetadata ?? ownLabels,
                                                  annotations: storedAnnotations, simulator: simulator)
        if case .object(let fields) = metadata { metadata = .object(fields + owner) }
        metadata = KubernetesObjects.withManagedFields(metadata, storedSet, simulator: simulator)
        var statusFields: [(key: String, value: JSONValue)] = status.filter { $0.1 > 0 || $0.0 == "numberMisscheduled" || $0.0 == "replicas" }
            .map { ($0.0, .int($0.1)) }
        if kind == "StatefulSet" {
            // Revisions by template hash: the update revision is the current template's; the current
            // one stays the older template's until every pod has moved.
            let hash = simulator.templateHash(workload)
            let update = "\(workload.name)-\(hash)"
            let older = simulator.pods(ofWorkload: workload.key).first { $0.templateHash != hash }?.templateHash
            let current = older.map { "\(workload.name)-\($0)" } ?? update
            statusFields += [("collisionCount", .int(0)), ("currentRevision", .string(current)), ("updateRevision", .string(update))]
        }
        return KubernetesObjects.sorted(.object([
            ("apiVersion", .string("apps/v1")), ("kind", .string(kind)), ("metadata", metadata), ("spec", .object(spec)),
            ("status", .object(statusFields)),
        ]))
    }
}
