import ClusterSim
import JSON

/// CronJobs: the simulated cluster's CronJob controller starts their Jobs on schedule
/// (``CronJobObjectController``); ACTIVE counts the Jobs still running and LAST SCHEDULE is the age of
/// the last run.
extension KubectlResource {
    /// NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE; wide adds CONTAINERS IMAGES SELECTOR.
    static let cronJobs = stored(
        ResourceKinds.cronJob, nameKind: ResourceKinds.cronJob.qualifiedName,
        header: { wide in ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"] + (wide ? ["CONTAINERS", "IMAGES", "SELECTOR"] : []) },
        wideCells: { object in
            let jobSpec = object.body["spec"]?["jobTemplate"]?["spec"]
            let containers = jobSpec?["template"]?["spec"]?["containers"]?.items ?? []
            return [containers.map { $0.text("name") }.joined(separator: ","), containers.map { $0.text("image") }.joined(separator: ","),
                    DeploymentDescriber.selector(jobSpec?["selector"])]
        }) { object, simulator in
            let spec = object.body["spec"]
            let runs = simulator.cronJobStatus(namespace: object.namespace ?? "", name: object.name)
            return [spec?.text("schedule") ?? "", spec?["timeZone"]?.stringValue ?? "<none>",
                    spec?["suspend"] == .bool(true) ? "True" : "False", String(runs.active.count),
                    runs.lastSchedule.map { HumanDuration.format(simulator.now - $0) } ?? "<none>"]
        }
}

enum KubectlCronJobs {
    /// What the CronJob controller writes: its running Jobs (as object references), its last
    /// scheduled and last successful run.
    static func status(_ object: StoredObject, simulator: Simulator) -> JSONValue {
        let runs = simulator.cronJobStatus(namespace: object.namespace ?? "", name: object.name)
        var fields: [(key: String, value: JSONValue)] = []
        if !runs.active.isEmpty {
            fields.append(("active", .array(runs.active.map { job in
                .object([("apiVersion", .string("batch/v1")), ("kind", .string("Job")), ("name", .string(job.name)),
                         ("namespace", .string(job.namespace ?? "")), ("resourceVersion", .string(String(job.resourceVersion))),
                         ("uid", .string(job.uid))])
            })))
        }
        if let last = runs.lastSchedule { fields.append(("lastScheduleTime", KubernetesObjects.timestamp(simulator, last))) }
        if let success = runs.lastSuccess { fields.append(("lastSuccessfulTime", KubernetesObjects.timestamp(simulator, success))) }
        return .object(fields)
    }

    /// The API server's defaults: concurrency Allow, history limits 3 and 1, not suspended; the job
    /// template's pod template defaulted as every stored pod template is.
    static func defaulted(_ spec: JSONValue?) -> JSONValue {
        guard case .object(var fields)? = spec else { return spec ?? .object([]) }
        for (key, value) in [("concurrencyPolicy", JSONValue.string("Allow")), ("failedJobsHistoryLimit", .int(1)),
                             ("successfulJobsHistoryLimit", .int(3)), ("suspend", .bool(false))] where !fields.contains(where: { $0.key == key }) {
            fields.append((key, value))
        }
        if let index = fields.firstIndex(where: { $0.key == "jobTemplate" }), case .object(var jobTemplate) = fields[index].value {
            if !jobTemplate.contains(where: { $0.key == "metadata" }) { jobTemplate.append(("metadata", .object([("creationTimestamp", .null)]))) }
            if let specIndex = jobTemplate.firstIndex(where: { $0.key == "spec" }), case .object(var jobSpec) = jobTemplate[specIndex].value,
               let templateIndex = jobSpec.firstIndex(where: { $0.key == "template" }) {
                jobSpec[templateIndex].value = KubectlDeployments.storedTemplate(jobSpec[templateIndex].value, hash: nil)
                jobTemplate[specIndex].value = .object(jobSpec)
            }
            fields[index].value = .object(jobTemplate)
        }
        return .object(fields)
    }
}
