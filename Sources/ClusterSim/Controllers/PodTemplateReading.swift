import JSON

/// What the workload controllers read from an object's pod template (labels, the first
/// container's name and image, summed requests, tolerations and node rules), and the object a
/// scenario-made workload would be when a write adopts it.
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
        return workload
    }

    /// A DaemonSet's or StatefulSet's controller: the workload brought to the object, or removed with it.
    static func reconcile(_ kind: Workload.Kind, _ object: StoredObject?, key: ObjectStore.Key, simulator: Simulator) {
        guard let object else {
            simulator.removeWorkload("\(key.namespace)/\(key.name)")
            return
        }
        var workload = workload(kind, key: key, object: object)
        // The template's hash marks which pods are current (their `controller-revision-hash`). A
        // scenario-made set written with its template unchanged keeps its pods current.
        let hash = DeploymentRevision.hash(of: object.body["spec"]?["template"] ?? .object([]))
        let existing = simulator.workload(key: workload.key)
        let unchangedScenarioTemplate = existing.map { $0.kind == kind && $0.templateHash == nil } == true
            && scenarioObject(kind, key, simulator: simulator).map { DeploymentRevision.hash(of: $0.body["spec"]?["template"] ?? .object([])) } == hash
        workload.templateHash = unchangedScenarioTemplate ? nil : hash
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

    static func scenarioObject(_ kind: Workload.Kind, _ key: ObjectStore.Key, simulator: Simulator) -> (metadata: JSONValue, body: JSONValue, created: SimTime)? {
        guard let workload = simulator.workload(key: "\(key.namespace)/\(key.name)"), workload.kind == kind else { return nil }
        let labels = JSONValue.object(workload.labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
        let container: JSONValue = .object([
            ("image", .string(workload.effectiveImage)), ("name", .string(workload.containerName ?? workload.name)),
            ("resources", .object([("requests", .object([("cpu", .string("\(workload.cpuMillis)m")), ("memory", .string("\(workload.memoryMi)Mi"))]))])),
        ])
        var podSpec: [(key: String, value: JSONValue)] = [("containers", .array([container]))]
        if workload.toleratesAllTaints { podSpec.append(("tolerations", .array([.object([("operator", .string("Exists"))])]))) }
        var spec: [(key: String, value: JSONValue)] = []
        if kind != .daemonSet { spec.append(("replicas", .int(workload.replicas))) }
        spec += [("selector", .object([("matchLabels", labels)])),
                 ("template", .object([("metadata", .object([("labels", labels)])), ("spec", .object(podSpec))]))]
        if kind == .statefulSet { spec.append(("serviceName", .string(workload.name))) }
        return (.object([("name", .string(key.name)), ("namespace", .string(key.namespace))]), .object([("spec", .object(spec))]), workload.created)
    }
}

/// apps/v1 DaemonSets: one pod on every node that runs (tolerating every taint, as the add-ons'
/// do); a drain leaves them, as real drains do with `--ignore-daemonsets`. Deleting it deletes its
/// pods. Partial: a changed template reaches pods made afterwards (no rolling replacement yet).
enum DaemonSetObjectController: ObjectController {
    static let kind = ResourceKinds.daemonSet

    static func reconcile(_ object: StoredObject?, key: ObjectStore.Key, simulator: Simulator) {
        PodTemplateReading.reconcile(.daemonSet, object, key: key, simulator: simulator)
    }

    static func scenarioObject(_ key: ObjectStore.Key, simulator: Simulator) -> (metadata: JSONValue, body: JSONValue, created: SimTime)? {
        PodTemplateReading.scenarioObject(.daemonSet, key, simulator: simulator)
    }
}

/// apps/v1 StatefulSets: pods `NAME-0 … NAME-(n-1)`, an ordinal made again only once its old pod is
/// gone; scaling down removes the highest ordinals. Partial: a changed template reaches pods made
/// afterwards (no ordered rolling replacement yet).
enum StatefulSetObjectController: ObjectController {
    static let kind = ResourceKinds.statefulSet

    static func reconcile(_ object: StoredObject?, key: ObjectStore.Key, simulator: Simulator) {
        PodTemplateReading.reconcile(.statefulSet, object, key: key, simulator: simulator)
    }

    static func scenarioObject(_ key: ObjectStore.Key, simulator: Simulator) -> (metadata: JSONValue, body: JSONValue, created: SimTime)? {
        PodTemplateReading.scenarioObject(.statefulSet, key, simulator: simulator)
    }
}
