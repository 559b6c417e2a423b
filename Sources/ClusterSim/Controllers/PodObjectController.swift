import JSON

/// v1 Pods a client wrote (`kind: Pod` in a manifest): one pod, named as the object, made when the
/// object is created (after admission: ``Simulator/admitWrittenPod(namespace:metadata:body:)``)
/// and never made again — evicted by a drain or a node-group update, or deleted, it is gone, and
/// its object with it, as on a real cluster where nothing owns it. Deleting the object deletes the
/// pod with its grace period. A change to its labels reaches the running pod.
enum PodObjectController: ObjectController {
    static let kind = ResourceKinds.pod

    static func reconcile(_ object: StoredObject?, key: ObjectStore.Key, simulator: Simulator) {
        let workloadKey = "\(key.namespace)/\(key.name)"
        guard let object else {
            simulator.removeWorkload(workloadKey)
            return
        }
        let workload = workload(key: key, object: object)
        if simulator.workloads[workloadKey] == nil {
            simulator.upsertWorkload(workload)
            simulator.createPod(for: workload, name: key.name, announce: true)
        } else {
            simulator.workloads[workloadKey] = workload
            simulator.relabelPods(of: workloadKey, labels: workload.labels)
        }
    }

    /// The pod's spec read as a one-pod template: its labels, containers, rules and claims.
    static func workload(key: ObjectStore.Key, object: StoredObject) -> Workload {
        var asTemplate = object
        asTemplate.body = .object([("spec", .object([
            ("replicas", .int(1)),
            ("template", .object([("metadata", .object([("labels", object.metadata["labels"] ?? .object([]))])),
                                  ("spec", object.body["spec"] ?? .object([]))])),
        ]))])
        var workload = PodTemplateReading.workload(.pod, key: key, object: asTemplate)
        workload.labels = object.labels
        return workload
    }
}
