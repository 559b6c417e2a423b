import JSON

/// batch/v1 Jobs: pods that run to an end. The Job keeps `parallelism` pods running until
/// `completions` of them have succeeded (``Simulator/reconcileJob(_:)``); a failed pod is replaced
/// after a back-off until `backoffLimit` failures, when the Job fails. How long a pod runs, and
/// whether it fails, is read from its container's command (`sleep N`, `exit N`, `false`).
enum JobObjectController: ObjectController {
    static let kind = ResourceKinds.job

    static func reconcile(_ object: StoredObject?, key: ObjectStore.Key, simulator: Simulator) {
        guard let object else {
            simulator.removeWorkload("\(key.namespace)/\(key.name)")
            return
        }
        simulator.upsertWorkload(workload(key: key, object: object))
    }

    static func workload(key: ObjectStore.Key, object: StoredObject) -> Workload {
        var workload = PodTemplateReading.workload(.job, key: key, object: object)
        let spec = object.body["spec"]
        func int(_ field: String) -> Int? {
            if case .int(let n)? = spec?[field] { return n }
            return nil
        }
        // The labels the Job controller gives its pods (and selects them by).
        for (label, value) in labels(name: key.name, uid: object.uid) { workload.labels[label] = value }
        let (seconds, fails) = behaviour(spec?["template"]?["spec"]?["containers"])
        workload.job = JobSpec(completions: int("completions") ?? (int("parallelism").map { _ in nil } ?? 1),
                               parallelism: int("parallelism") ?? 1, backoffLimit: int("backoffLimit") ?? 6,
                               runSeconds: seconds, fails: fails)
        workload.replicas = workload.job!.parallelism
        return workload
    }

    /// `batch.kubernetes.io/job-name`, `controller-uid` and their legacy twins.
    static func labels(name: String, uid: String) -> [String: String] {
        ["batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": name, "controller-uid": uid, "job-name": name]
    }

    /// How long the first container runs and whether it fails, from its command and arguments:
    /// `sleep N` runs N seconds (10 otherwise); `exit N` with N ≠ 0, or `false`, fails.
    static func behaviour(_ containers: JSONValue?) -> (seconds: Int, fails: Bool) {
        guard case .array(let list)? = containers, let first = list.first else { return (10, false) }
        var words: [String] = []
        for field in ["command", "args"] {
            if case .array(let items)? = first[field] { words += items.compactMap(\.stringValue) }
        }
        let tokens = words.joined(separator: " ").split(whereSeparator: { " ;&|\n".contains($0) }).map(String.init)
        var seconds = 10
        var fails = false
        for (index, token) in tokens.enumerated() {
            let next = index + 1 < tokens.count ? tokens[index + 1] : ""
            if token == "sleep", let n = Double(next) { seconds = max(1, Int(n.rounded(.up))) }
            if token == "exit", let code = Int(next), code != 0 { fails = true }
            if token == "false" { fails = true }
        }
        return (seconds, fails)
    }

}
