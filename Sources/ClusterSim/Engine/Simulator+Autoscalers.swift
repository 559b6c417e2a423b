import JSON

/// The HorizontalPodAutoscaler controller's loop: every autoscaler is synced every 15 seconds
/// (kube-controller-manager's `--horizontal-pod-autoscaler-sync-period`), as a timer the clock
/// passes but never jumps to.
///
/// A sync brings a target whose replicas are outside `minReplicas`…`maxReplicas` back inside them
/// (`SuccessfulRescale`: "New size: 2; reason: Current number of replicas below Spec.MinReplicas")
/// and leaves a target scaled to zero alone. Within the bounds it would read its metrics; a new EKS
/// cluster has no metrics server, so each sync records that they could not be read
/// (`FailedGetResourceMetric`, `FailedComputeMetricsReplicas`) and changes nothing.
extension Simulator {
    static let autoscalerSyncPeriod = SimTime.seconds(15)

    /// Starts an autoscaler's loop when it is first written; stops it once it is gone. The
    /// controller's queue hands an autoscaler out at its fixed interval, its first time included:
    /// a new autoscaler acts 15 s after it is made, a change to one at its next sync.
    func autoscalerWritten(_ key: ObjectStore.Key, exists: Bool) {
        let name = "\(key.namespace)/\(key.name)"
        guard exists else {
            autoscalerSyncs[name] = nil
            return
        }
        guard autoscalerSyncs[name] == nil else { return }
        autoscalerSyncs[name] = now + Self.autoscalerSyncPeriod
        timers.schedule(.autoscalerSync(name), at: now + Self.autoscalerSyncPeriod)
    }

    func syncAutoscaler(_ name: String) {
        guard autoscalerSyncs[name] == now else { return }
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2,
              let autoscaler = object(ObjectStore.Key(kind: ResourceKinds.horizontalPodAutoscaler, namespace: parts[0], name: parts[1])) else {
            autoscalerSyncs[name] = nil
            return
        }
        autoscalerSyncs[name] = now + Self.autoscalerSyncPeriod
        timers.schedule(.autoscalerSync(name), at: now + Self.autoscalerSyncPeriod)
        let spec = autoscaler.body["spec"]
        let reference = spec?["scaleTargetRef"]
        guard let targetKind = HorizontalPodAutoscalerObjectController.targetKind(reference) else { return }
        let targetName = reference?["name"]?.stringValue ?? ""
        let targetKey = ObjectStore.Key(kind: targetKind, namespace: parts[0], name: targetName)
        guard let target = object(targetKey) else {
            emit(.autoscalerTargetMissing(autoscaler: name, message: "\(targetKind.plural)/scale.\(targetKind.group) \"\(targetName)\" not found"))
            return
        }
        var current = 1
        if case .int(let replicas)? = target.body["spec"]?["replicas"] { current = replicas }
        var minimum = 1, maximum = current
        if case .int(let n)? = spec?["minReplicas"] { minimum = n }
        if case .int(let n)? = spec?["maxReplicas"] { maximum = n }
        // Scaled to zero: autoscaling is off until someone scales it up.
        guard current != 0 else { return }
        let reason: String
        let desired: Int
        if current > maximum {
            (desired, reason) = (maximum, "Current number of replicas above Spec.MaxReplicas")
        } else if current < minimum {
            (desired, reason) = (minimum, "Current number of replicas below Spec.MinReplicas")
        } else {
            // Within bounds the metrics decide, and none can be read without a metrics server.
            let resources = Self.resourceMetrics(spec?["metrics"])
            if !resources.isEmpty { emit(.autoscalerMetricsUnavailable(autoscaler: name, resources: resources)) }
            return
        }
        let body = ObjectPatch.merge(target.body, .object([("spec", .object([("replicas", .int(desired))]))]))
        guard (try? updateObject(targetKey, metadata: target.metadata, body: body,
                                 manager: FieldManager("kube-controller-manager", apiVersion: targetKind.apiVersion, subresource: "scale"))) != nil else { return }
        emit(.autoscalerRescaled(autoscaler: name, size: desired, reason: reason))
    }

    /// The resources of an autoscaler's Resource metrics (`cpu` when it names none, as autoscaling/v2 defaults it).
    static func resourceMetrics(_ metrics: JSONValue?) -> [String] {
        guard let list = metrics?.elements, !list.isEmpty else { return ["cpu"] }
        return list.compactMap { $0["type"]?.stringValue == "Resource" ? $0["resource"]?["name"]?.stringValue : nil }
    }
}
