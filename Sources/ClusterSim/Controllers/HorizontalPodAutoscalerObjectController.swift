import JSON

/// autoscaling/v2 HorizontalPodAutoscalers: the part of the controller that needs no metrics, run
/// on the controller's own loop (``Simulator/syncAutoscaler(_:)``: at once when written, then every
/// 15 seconds). Before it reads a metric, the real controller brings a target whose replicas are
/// outside `minReplicas`…`maxReplicas` back inside them and leaves a target scaled to zero alone;
/// with no metrics server (a new EKS cluster has none) that is all it ever does.
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
        simulator.autoscalerWritten(key, exists: object != nil)
    }
}
