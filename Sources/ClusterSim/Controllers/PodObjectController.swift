import JSON

/// v1 Pods a client wrote (`kind: Pod` in a manifest): one pod, named as the object, made when the
/// object is created (after admission: ``Simulator/admitWrittenPod(namespace:metadata:body:)``)
/// and never made again — evicted by a drain or a node-group update, or deleted, it is gone, and
/// its object with it, as on a real cluster where nothing owns it. Deleting the object deletes the
/// pod with its grace period. A change to its labels reaches the running pod. A pod whose
/// `restartPolicy` is Never or OnFailure and whose container runs a command ends when it does
/// (Completed, or Error when it fails), and stays until deleted.
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
            if workload.job != nil { simulator.jobs[workloadKey] = JobProgress() }
            simulator.createPod(for: workload, name: key.name, announce: true)
        } else {
            simulator.workloads[workloadKey] = workload
            simulator.relabelPods(of: workloadKey, labels: workload.labels)
        }
    }

    static func admit(namespace: String, metadata: JSONValue, body: JSONValue, simulator: Simulator) throws(StoreError) {
        try simulator.admitWrittenPod(namespace: namespace, metadata: metadata, body: body)
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
        // A container told to run a command and not to be restarted ends: it runs as a Job's pod does
        // (`sleep N` for N seconds, `exit 1` or `false` fails), once.
        let containers = object.body["spec"]?["containers"]
        let commanded = (containers?.elements ?? []).contains { $0["command"] != nil || $0["args"] != nil }
        if workload.restartPolicy != "Always", commanded {
            let (seconds, fails) = JobObjectController.behaviour(containers)
            workload.job = JobSpec(completions: 1, parallelism: 1, backoffLimit: 0, runSeconds: seconds, fails: fails)
        }
        return workload
    }
}
