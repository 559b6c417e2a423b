import JSON

/// What the workload controllers read from an object's pod template (labels, the first
/// container's name and image, summed requests, tolerations and node rules).
enum PodTemplateReading {
    static func workload(_ kind: Workload.Kind, key: ObjectStore.Key, object: StoredObject) -> Workload {
        let spec = object.body["spec"]
        let template = spec?["template"]
        var labels = StoredObject.strings(template?["metadata"]?["labels"])
        if labels.isEmpty { labels = StoredObject.strings(spec?["selector"]?["matchLabels"]) }
        var cpu = 0, memory = 0
        var containerName: String?, image: String?
        if case .array(let containers)? = template?["spec"]?["containers"] {
            for container in containers {
                if containerName == nil {
                    containerName = container["name"]?.stringValue
                    image = container["image"]?.stringValue
                }
                let requests = container["resources"]?["requests"]
                cpu += requests?["cpu"].flatMap(ResourceQuantity.milliCPU) ?? 0
                memory += requests?["memory"].flatMap(ResourceQuantity.mebibytes) ?? 0
            }
        }
        var toleratesAll = kind == .daemonSet
        if case .array(let tolerations)? = template?["spec"]?["tolerations"] {
            toleratesAll = toleratesAll || tolerations.contains {
                $0["operator"]?.stringValue == "Exists" && ($0["key"]?.stringValue ?? "").isEmpty && ($0["effect"]?.stringValue ?? "").isEmpty
            }
        }
        var replicas = 1
        if case .int(let n)? = spec?["replicas"] { replicas = n }
        var workload = Workload(kind: kind, namespace: key.namespace, name: key.name, replicas: replicas, cpuMillis: cpu,
                                memoryMi: memory, labels: labels, toleratesAllTaints: toleratesAll, created: object.created,
                                containerName: containerName, image: image)
        workload.placement = PodPlacement(podSpec: template?["spec"])
        workload.restartPolicy = template?["spec"]?["restartPolicy"]?.stringValue ?? (kind == .job ? "Never" : "Always")
        workload.claims = (template?["spec"]?["volumes"]?.elements ?? []).compactMap { $0["persistentVolumeClaim"]?["claimName"]?.stringValue }
        if kind == .statefulSet {
            workload.claimTemplates = (spec?["volumeClaimTemplates"]?.elements ?? []).compactMap { $0["metadata"]?["name"]?.stringValue }
        }
        return workload
    }

    /// A DaemonSet's or StatefulSet's controller: the workload brought to the object, or removed with it.
    static func reconcile(_ kind: Workload.Kind, _ object: StoredObject?, key: ObjectStore.Key, simulator: Simulator) {
        guard let object else {
            simulator.removeWorkload("\(key.namespace)/\(key.name)")
            return
        }
        var workload = workload(kind, key: key, object: object)
        // The current revision's hash marks which pods are current (their `controller-revision-hash`):
        // a new one only when the template changed, as the controller matches ControllerRevisions.
        workload.templateHash = simulator.recordRevision(of: workload.key, template: object.body["spec"]?["template"] ?? .object([]),
                                                         changeCause: nil, paused: false)
        workload.setUpdate = setUpdate(object.body["spec"]?["updateStrategy"])
        simulator.upsertWorkload(workload)
    }

    /// `spec.updateStrategy` of a DaemonSet or StatefulSet.
    static func setUpdate(_ value: JSONValue?) -> SetUpdateStrategy {
        if value?["type"]?.stringValue == "OnDelete" { return .onDelete }
        let rolling = value?["rollingUpdate"]
        var partition = 0
        if case .int(let n)? = rolling?["partition"] { partition = n }
        return .rollingUpdate(maxUnavailable: rolling?["maxUnavailable"].flatMap(IntOrPercent.init(json:)) ?? .count(1), partition: partition)
    }
}

/// apps/v1 DaemonSets: one pod on every node that runs (tolerating every taint, as the add-ons'
/// do); a drain leaves them, as real drains do with `--ignore-daemonsets`. Deleting it deletes its
/// pods; a changed template rolls its pods as its update strategy says (``SetRollout``).
enum DaemonSetObjectController: ObjectController {
    static let kind = ResourceKinds.daemonSet

    static func reconcile(_ object: StoredObject?, key: ObjectStore.Key, simulator: Simulator) {
        PodTemplateReading.reconcile(.daemonSet, object, key: key, simulator: simulator)
    }
}
