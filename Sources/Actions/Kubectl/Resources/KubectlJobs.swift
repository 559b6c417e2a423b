import ClusterSim
import JSON

extension KubectlResource {
    /// Jobs: NAME STATUS COMPLETIONS DURATION AGE; wide adds CONTAINERS IMAGES SELECTOR.
    static let jobs = KubectlResource(
        names: ["jobs", "job"], qualifiedPlural: "jobs.batch", nameKind: "job.batch", namespaced: true,
        header: { wide in ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"] + (wide ? ["CONTAINERS", "IMAGES", "SELECTOR"] : []) },
        watchChanges: .byVersion,
        objects: { namespace, simulator in
            simulator.storedObjects(ResourceKinds.job, namespace: namespace).map { object in
                let key = "\(object.namespace ?? "")/\(object.name)"
                let progress = simulator.jobProgress(key)
                return Object(namespace: object.namespace, name: object.name, labels: object.labels,
                              json: { KubectlJobs.json(object, simulator: simulator) },
                              row: { wide, now in
                                  [object.name, KubectlJobs.status(progress), KubectlJobs.completions(object, progress),
                                   KubectlJobs.duration(progress, now: now), HumanDuration.format(now - object.created)]
                                      + (wide ? KubectlJobs.wideCells(object) : [])
                              },
                              version: { "\(progress.succeeded)|\(progress.failed)|\(progress.outcome ?? "")|\(KubectlJobs.active(key, simulator))" })
            }
        })
}

/// Jobs as the API server and kubectl show them.
enum KubectlJobs {
    /// The printer's STATUS: Complete, Failed, else Running.
    static func status(_ progress: JobProgress) -> String { progress.outcome ?? "Running" }

    /// `1/1`, `2/5`, or `0/1 of 3` for a work queue run with parallelism.
    static func completions(_ object: StoredObject, _ progress: JobProgress) -> String {
        let spec = object.body["spec"]
        if case .int(let completions)? = spec?["completions"] { return "\(progress.succeeded)/\(completions)" }
        if case .int(let parallelism)? = spec?["parallelism"], parallelism > 1 { return "\(progress.succeeded)/1 of \(parallelism)" }
        if spec?["parallelism"] == nil { return "\(progress.succeeded)/1" }
        return "\(progress.succeeded)/1"
    }

    /// From its start to its end (or to now while it runs); empty before it starts.
    static func duration(_ progress: JobProgress, now: SimTime) -> String {
        guard let started = progress.started else { return "" }
        return HumanDuration.format((progress.finished ?? now) - started)
    }

    static func wideCells(_ object: StoredObject) -> [String] {
        var names: [String] = [], images: [String] = []
        if case .array(let containers)? = object.body["spec"]?["template"]?["spec"]?["containers"] {
            for container in containers {
                names.append(container["name"]?.stringValue ?? "")
                images.append(container["image"]?.stringValue ?? "")
            }
        }
        return [names.joined(separator: ","), images.joined(separator: ","), "batch.kubernetes.io/controller-uid=\(object.uid)"]
    }

    /// Pods running for it now.
    static func active(_ key: String, _ simulator: Simulator) -> Int {
        simulator.activePodCount(ofJob: key)
    }

    /// The stored Job with the API server's defaults and the controller's status.
    static func json(_ object: StoredObject, simulator: Simulator) -> JSONValue {
        let key = "\(object.namespace ?? "")/\(object.name)"
        let progress = simulator.jobProgress(key)
        let generated = ["batch.kubernetes.io/controller-uid": object.uid, "batch.kubernetes.io/job-name": object.name,
                         "controller-uid": object.uid, "job-name": object.name]
        var base = KubectlStoredKinds.json(object, simulator: simulator)
        var metadata = base["metadata"] ?? .object([])
        if case .object(var fields) = metadata {
            var labels: [(key: String, value: JSONValue)] = []
            if case .object(let existing)? = metadata["labels"] { labels = existing }
            for (label, value) in generated.sorted(by: { $0.key < $1.key }) where label.hasSuffix("job-name") || label.hasSuffix("controller-uid") {
                if !labels.contains(where: { $0.key == label }) { labels.append((label, .string(value))) }
            }
            fields.removeAll { $0.key == "labels" || $0.key == "generation" }
            fields += [("labels", .object(labels)), ("generation", .int(1))]
            metadata = .object(fields)
        }
        var spec: [(key: String, value: JSONValue)] = []
        if case .object(let fields)? = object.body["spec"] { spec = fields }
        let defaults: [(String, JSONValue)] = [
            ("backoffLimit", .int(6)), ("completionMode", .string("NonIndexed")), ("manualSelector", .bool(false)),
            ("parallelism", .int(1)), ("podReplacementPolicy", .string("TerminatingOrFailed")), ("suspend", .bool(false)),
            ("selector", .object([("matchLabels", .object([("batch.kubernetes.io/controller-uid", .string(object.uid))]))])),
        ]
        if object.body["spec"]?["completions"] == nil && object.body["spec"]?["parallelism"] == nil { spec.append(("completions", .int(1))) }
        for (field, value) in defaults where !spec.contains(where: { $0.key == field }) { spec.append((field, value)) }
        // The template's pods carry the generated labels.
        if let index = spec.firstIndex(where: { $0.key == "template" }), case .object(var template) = spec[index].value {
            var templateMetadata: [(key: String, value: JSONValue)] = []
            if case .object(let fields)? = spec[index].value["metadata"] { templateMetadata = fields }
            var labels: [(key: String, value: JSONValue)] = []
            if case .object(let existing)? = spec[index].value["metadata"]?["labels"] { labels = existing }
            for (label, value) in generated where !labels.contains(where: { $0.key == label }) { labels.append((label, .string(value))) }
            templateMetadata.removeAll { $0.key == "labels" }
            templateMetadata.append(("labels", .object(labels)))
            template.removeAll { $0.key == "metadata" }
            template.append(("metadata", .object(templateMetadata)))
            spec[index] = ("template", .object(template))
        }
        var status: [(key: String, value: JSONValue)] = [("ready", .int(0)), ("terminating", .int(0)), ("uncountedTerminatedPods", .object([]))]
        let active = self.active(key, simulator)
        if active > 0 { status.append(("active", .int(active))) }
        if progress.succeeded > 0 { status.append(("succeeded", .int(progress.succeeded))) }
        if progress.failed > 0 { status.append(("failed", .int(progress.failed))) }
        if let started = progress.started { status.append(("startTime", KubernetesObjects.timestamp(simulator, started))) }
        if let outcome = progress.outcome, let finished = progress.finished {
            let at = KubernetesObjects.timestamp(simulator, finished)
            let (first, reason, message) = outcome == "Complete"
                ? ("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods")
                : ("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit")
            let condition = { (type: String) -> JSONValue in
                .object([("lastProbeTime", at), ("lastTransitionTime", at), ("message", .string(message)), ("reason", .string(reason)),
                         ("status", .string("True")), ("type", .string(type))])
            }
            status.append(("conditions", .array([condition(first), condition(outcome)])))
            if outcome == "Complete" { status.append(("completionTime", at)) }
        }
        base = .object((base.objectPairs ?? []).filter { $0.key != "metadata" && $0.key != "spec" && $0.key != "status" }
                       + [("metadata", metadata), ("spec", .object(spec)), ("status", .object(status))])
        return KubernetesObjects.sorted(base)
    }
}

private extension JSONValue {
    var objectPairs: [(key: String, value: JSONValue)]? {
        if case .object(let pairs) = self { return pairs }
        return nil
    }
}
