import JSON

/// apps/v1 Deployments: an applied Deployment runs as a workload of the simulator — its replicas,
/// pod labels, container image and requests, and whether it tolerates every taint. Scaling adds
/// pods or deletes the newest; deleting it deletes its pods.
///
/// A change to the pod template makes a new revision (a ReplicaSet with its own
/// `pod-template-hash`) and the pods roll over to it as the strategy allows (``RollingUpdate``);
/// going back to an earlier template revives that revision under a new number, as `rollout undo` does.
enum DeploymentObjectController: ObjectController {
    static let kind = ResourceKinds.deployment

    static func reconcile(_ object: StoredObject?, key: ObjectStore.Key, simulator: Simulator) {
        let workloadKey = "\(key.namespace)/\(key.name)"
        guard let object else {
            simulator.removeWorkload(workloadKey)
            return
        }
        let spec = object.body["spec"]
        let template = spec?["template"]
        let hash = simulator.recordRevision(of: workloadKey, template: template ?? .object([]),
                                            changeCause: object.metadata["annotations"]?["kubernetes.io/change-cause"]?.stringValue,
                                            paused: spec?["paused"] == .bool(true))
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
        var toleratesAll = false
        if case .array(let tolerations)? = template?["spec"]?["tolerations"] {
            toleratesAll = tolerations.contains {
                $0["operator"]?.stringValue == "Exists" && ($0["key"]?.stringValue ?? "").isEmpty && ($0["effect"]?.stringValue ?? "").isEmpty
            }
        }
        var replicas = 1
        if case .int(let n)? = spec?["replicas"] { replicas = n }
        var workload = Workload(kind: .deployment, namespace: key.namespace, name: key.name, replicas: replicas, cpuMillis: cpu,
                                memoryMi: memory, labels: labels, toleratesAllTaints: toleratesAll, created: object.created,
                                containerName: containerName, image: image)
        workload.strategy = strategy(spec?["strategy"])
        workload.placement = PodPlacement(podSpec: template?["spec"])
        workload.templateHash = hash
        simulator.upsertWorkload(workload)
    }

    static func strategy(_ value: JSONValue?) -> RolloutStrategy {
        if value?["type"]?.stringValue == "Recreate" { return .recreate }
        let rolling = value?["rollingUpdate"]
        return .rollingUpdate(maxSurge: rolling?["maxSurge"].flatMap(IntOrPercent.init(json:)) ?? .percent(25),
                              maxUnavailable: rolling?["maxUnavailable"].flatMap(IntOrPercent.init(json:)) ?? .percent(25))
    }

    static func scenarioObject(_ key: ObjectStore.Key, simulator: Simulator) -> (metadata: JSONValue, body: JSONValue, created: SimTime)? {
        guard let workload = simulator.workload(key: "\(key.namespace)/\(key.name)"), workload.kind == .deployment else { return nil }
        let labels = JSONValue.object(workload.labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
        let container: JSONValue = .object([
            ("image", .string(workload.effectiveImage)), ("name", .string(workload.containerName ?? workload.name)),
            ("resources", .object([("requests", .object([("cpu", .string("\(workload.cpuMillis)m")), ("memory", .string("\(workload.memoryMi)Mi"))]))])),
        ])
        var podSpec: [(key: String, value: JSONValue)] = [("containers", .array([container]))]
        if workload.toleratesAllTaints { podSpec.append(("tolerations", .array([.object([("operator", .string("Exists"))])]))) }
        let body: JSONValue = .object([("spec", .object([
            ("replicas", .int(workload.replicas)), ("selector", .object([("matchLabels", labels)])),
            ("template", .object([("metadata", .object([("labels", labels)])), ("spec", .object(podSpec))])),
        ]))])
        return (.object([("name", .string(key.name)), ("namespace", .string(key.namespace))]), body, workload.created)
    }
}

/// Kubernetes resource quantities as the simulator counts them: CPU in millicores, memory in MiB.
public enum ResourceQuantity {
    public static func milliCPU(_ value: JSONValue) -> Int? {
        if case .int(let cores) = value { return cores * 1000 }
        if case .double(let cores) = value { return Int((cores * 1000).rounded(.up)) }
        guard let text = value.stringValue else { return nil }
        if text.hasSuffix("m") { return Int(text.dropLast()) }
        return Double(text).map { Int(($0 * 1000).rounded(.up)) }
    }

    public static func mebibytes(_ value: JSONValue) -> Int? {
        if case .int(let bytes) = value { return (bytes + 1_048_575) / 1_048_576 }
        guard let text = value.stringValue else { return nil }
        let units: [(String, Double)] = [("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776),
                                         ("k", 1000), ("M", 1_000_000), ("G", 1_000_000_000), ("T", 1_000_000_000_000)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let number = Double(text.dropLast(suffix.count)) else { return nil }
            return Int((number * factor / 1_048_576).rounded(.up))
        }
        return Double(text).map { Int(($0 / 1_048_576).rounded(.up)) }
    }
}
