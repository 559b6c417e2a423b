import JSON

/// autoscaling/v2 HorizontalPodAutoscalers: the part of the controller that needs no metrics. Before
/// it reads a metric, the real controller brings a target whose replicas are outside
/// `minReplicas`…`maxReplicas` back inside them ("Current number of replicas below
/// Spec.MinReplicas") and leaves a target scaled to zero alone; with no metrics server (a new EKS
/// cluster has none) that is all it ever does. It acts when the autoscaler or its target is written.
public enum HorizontalPodAutoscalerObjectController: ObjectController {
    static let kind = ResourceKinds.horizontalPodAutoscaler

    /// Deployments and StatefulSets: the kinds with a scale subresource the simulated cluster serves.
    public static func targetKind(_ reference: JSONValue?) -> ResourceKind? {
        guard let reference else { return nil }
        let apiVersion = reference["apiVersion"]?.stringValue ?? ""
        return [ResourceKinds.deployment, ResourceKinds.statefulSet].first {
            $0.kind == reference["kind"]?.stringValue && (apiVersion.isEmpty || apiVersion == $0.apiVersion)
        }
    }

    static func reconcile(_ object: StoredObject?, key: ObjectStore.Key, simulator: Simulator) {
        guard let object, let spec = object.body["spec"], let targetKind = targetKind(spec["scaleTargetRef"]) else { return }
        let targetKey = ObjectStore.Key(kind: targetKind, namespace: key.namespace, name: spec["scaleTargetRef"]?["name"]?.stringValue ?? "")
        guard let target = simulator.object(targetKey) else { return }
        var current = 1
        if case .int(let replicas)? = target.body["spec"]?["replicas"] { current = replicas }
        var minimum = 1, maximum = current
        if case .int(let n)? = spec["minReplicas"] { minimum = n }
        if case .int(let n)? = spec["maxReplicas"] { maximum = n }
        // Scaled to zero: autoscaling is off until someone scales it up.
        guard current != 0 else { return }
        let desired = min(max(current, minimum), maximum)
        guard desired != current else { return }
        let body = ObjectPatch.merge(target.body, .object([("spec", .object([("replicas", .int(desired))]))]))
        _ = try? simulator.updateObject(targetKey, metadata: target.metadata, body: body,
                                        manager: FieldManager("kube-controller-manager", apiVersion: targetKind.apiVersion, subresource: "scale"))
    }

    /// A written Deployment or StatefulSet concerns the autoscalers in its namespace that target it.
    static func owners(of changed: StoredObject, simulator: Simulator) -> [ObjectStore.Key] {
        simulator.storedObjects(kind, namespace: changed.namespace).filter { autoscaler in
            let reference = autoscaler.body["spec"]?["scaleTargetRef"]
            return targetKind(reference) == changed.kind && reference?["name"]?.stringValue == changed.name
        }.map { ObjectStore.Key(kind: kind, namespace: $0.namespace, name: $0.name) }
    }
}
