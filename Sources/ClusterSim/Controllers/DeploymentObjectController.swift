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
        var workload = PodTemplateReading.workload(.deployment, key: key, object: object)
        workload.strategy = strategy(spec?["strategy"])
        workload.templateHash = hash
        simulator.upsertWorkload(workload)
    }

    static func strategy(_ value: JSONValue?) -> RolloutStrategy {
        if value?["type"]?.stringValue == "Recreate" { return .recreate }
        let rolling = value?["rollingUpdate"]
        return .rollingUpdate(maxSurge: rolling?["maxSurge"].flatMap(IntOrPercent.init(json:)) ?? .percent(25),
                              maxUnavailable: rolling?["maxUnavailable"].flatMap(IntOrPercent.init(json:)) ?? .percent(25))
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
