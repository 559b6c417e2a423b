import Foundation
import JSON

/// A CronJob's runs: when it is next due, and when it last ran and last succeeded (its status's
/// `lastScheduleTime` and `lastSuccessfulTime`, kept when history limits delete the Jobs).
struct CronJobRuns {
    var due: SimTime?
    var lastSchedule: SimTime?
    var lastSuccess: SimTime?
}

/// What the CronJob controller does on the simulated clock.
extension Simulator {
    static let cronJobScheduledAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp"
    static let cronJobManager = FieldManager("kube-controller-manager", apiVersion: "batch/v1")

    /// A CronJob's last and last successful run, and its Jobs that still run (its status).
    public func cronJobStatus(namespace: String, name: String) -> (lastSchedule: SimTime?, lastSuccess: SimTime?, active: [StoredObject]) {
        let key = "\(namespace)/\(name)"
        let runs = cronJobRuns[key] ?? CronJobRuns()
        return (runs.lastSchedule, runs.lastSuccess, ownedJobs(of: key).filter { jobProgress("\(namespace)/\($0.name)").outcome == nil })
    }

    /// The schedule's time zone: nil (UTC) when none is set; nil too when unknown (then it never runs).
    static func cronTimeZone(_ spec: JSONValue?) -> (known: Bool, zone: TimeZone?) {
        guard let name = spec?["timeZone"]?.stringValue else { return (true, nil) }
        guard let zone = TimeZone(identifier: name) else { return (false, nil) }
        return (true, zone)
    }

    /// Sets a CronJob's next run after its object changed (nothing once it is gone or cannot run).
    func scheduleNextRun(of key: ObjectStore.Key, object: StoredObject?) {
        let name = "\(key.namespace)/\(key.name)"
        guard let object else {
            cronJobRuns[name] = nil
            return
        }
        var runs = cronJobRuns[name] ?? CronJobRuns()
        let spec = object.body["spec"]
        let zone = Self.cronTimeZone(spec)
        guard zone.known, let schedule = CronSchedule(spec?["schedule"]?.stringValue ?? "") else {
            runs.due = nil
            cronJobRuns[name] = runs
            return
        }
        // From its last run, or from now (a CronJob never runs for times before it was made).
        let from = max(now, runs.lastSchedule ?? object.created)
        let fromEpoch = Int64(calendar.epoch(from).rounded(.down))
        guard let nextEpoch = schedule.next(after: fromEpoch, timeZone: zone.zone) else {
            runs.due = nil
            cronJobRuns[name] = runs
            return
        }
        let due = SimTime.seconds(Double(nextEpoch) - calendar.startEpoch)
        guard runs.due != due else { return }
        runs.due = due
        cronJobRuns[name] = runs
        timers.schedule(.cronJobDue(name), at: due)
    }

    /// A CronJob's time came: a Job for it, as its policies allow; then its next time.
    func cronJobDue(_ name: String) {
        guard var runs = cronJobRuns[name], runs.due == now else { return }
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        let key = ObjectStore.Key(kind: ResourceKinds.cronJob, namespace: parts[0], name: parts[1])
        guard let cronJob = object(key) else { return }
        runs.due = nil
        cronJobRuns[name] = runs
        defer { scheduleNextRun(of: key, object: object(key)) }
        let spec = cronJob.body["spec"]
        guard spec?["suspend"] != .bool(true) else { return }
        let active = cronJobStatus(namespace: parts[0], name: parts[1]).active
        switch spec?["concurrencyPolicy"]?.stringValue ?? "Allow" {
        case "Forbid" where !active.isEmpty:
            emit(.cronJobSkippedRun(cronJob: name))
            return
        case "Replace":
            for job in active {
                _ = try? deleteObject(ObjectStore.Key(kind: ResourceKinds.job, namespace: parts[0], name: job.name))
                emit(.cronJobDeletedJob(cronJob: name, job: job.name))
            }
        default:
            break
        }
        let epoch = Int64(calendar.epoch(now).rounded(.down))
        let jobName = "\(parts[1])-\(epoch / 60)"
        let template = spec?["jobTemplate"]
        var annotations: [(key: String, value: JSONValue)] = []
        if case .object(let written)? = template?["metadata"]?["annotations"] { annotations = written }
        let zone = Self.cronTimeZone(spec).zone
        annotations.append((Self.cronJobScheduledAnnotation, .string(Self.rfc3339(epoch: epoch, zone: zone))))
        var metadata: [(key: String, value: JSONValue)] = [("annotations", .object(annotations)), ("name", .string(jobName))]
        if case .object(let labels)? = template?["metadata"]?["labels"], !labels.isEmpty { metadata.append(("labels", .object(labels))) }
        metadata.append(("ownerReferences", .array([.object([
            ("apiVersion", .string("batch/v1")), ("blockOwnerDeletion", .bool(true)), ("controller", .bool(true)),
            ("kind", .string("CronJob")), ("name", .string(cronJob.name)), ("uid", .string(cronJob.uid)),
        ])])))
        guard (try? createObject(kind: ResourceKinds.job, namespace: parts[0], metadata: .object(metadata),
                                 body: .object([("spec", template?["spec"] ?? .object([]))]), manager: Self.cronJobManager)) != nil else { return }
        runs.lastSchedule = now
        cronJobRuns[name] = runs
        emit(.cronJobStartedJob(cronJob: name, job: jobName))
    }

    /// One of a CronJob's Jobs ended: it notes a success, and trims its history once the Job's own
    /// controller is done with it.
    func cronJobJobFinished(_ jobKey: String, complete: Bool) {
        let parts = jobKey.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let job = object(ObjectStore.Key(kind: ResourceKinds.job, namespace: parts[0], name: parts[1])),
              let owner = cronJobOwner(of: job) else { return }
        let name = "\(parts[0])/\(owner)"
        if complete { cronJobRuns[name, default: CronJobRuns()].lastSuccess = now }
        emit(.cronJobSawFinishedJob(cronJob: name, job: parts[1], status: complete ? "Complete" : "Failed"))
        schedule(.cronJobHistory(name), after: .zero)
    }

    /// Deletes the oldest finished Jobs beyond the history limits (3 successful, 1 failed by default).
    func trimCronJobHistory(_ name: String) {
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        guard let cronJob = object(ObjectStore.Key(kind: ResourceKinds.cronJob, namespace: parts[0], name: parts[1])) else { return }
        func limit(_ field: String, _ fallback: Int) -> Int {
            if case .int(let n)? = cronJob.body["spec"]?[field] { return n }
            return fallback
        }
        let finished = ownedJobs(of: name).compactMap { job -> (job: StoredObject, outcome: String)? in
            jobProgress("\(parts[0])/\(job.name)").outcome.map { (job, $0) }
        }
        for (outcome, keep) in [("Complete", limit("successfulJobsHistoryLimit", 3)), ("Failed", limit("failedJobsHistoryLimit", 1))] {
            let jobs = finished.filter { $0.outcome == outcome }.map(\.job).sorted { ($0.created, $0.name) < ($1.created, $1.name) }
            for job in jobs.dropLast(max(0, keep)) {
                guard (try? deleteObject(ObjectStore.Key(kind: ResourceKinds.job, namespace: parts[0], name: job.name))) != nil else { continue }
                emit(.cronJobDeletedJob(cronJob: name, job: job.name))
            }
        }
    }

    /// The Jobs a CronJob made (its uid in their `ownerReferences`), oldest first.
    func ownedJobs(of name: String) -> [StoredObject] {
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let cronJob = object(ObjectStore.Key(kind: ResourceKinds.cronJob, namespace: parts[0], name: parts[1])) else { return [] }
        return storedObjects(ResourceKinds.job, namespace: parts[0]).filter { $0.ownerUIDs.contains(cronJob.uid) }
            .sorted { ($0.created, $0.name) < ($1.created, $1.name) }
    }

    /// The name of the CronJob that made a Job, if one did.
    func cronJobOwner(of job: StoredObject) -> String? {
        guard case .array(let references)? = job.metadata["ownerReferences"] else { return nil }
        return references.first { $0["kind"]?.stringValue == "CronJob" }?["name"]?.stringValue
    }

    /// RFC 3339 in a time zone (`2025-11-20T10:00:00+01:00`; `Z` in UTC), as Go's time.RFC3339 writes it.
    static func rfc3339(epoch: Int64, zone: TimeZone?) -> String {
        let offset = zone?.secondsFromGMT(for: Date(timeIntervalSince1970: Double(epoch))) ?? 0
        let utc = SimCalendar.iso8601(epoch: Double(epoch + Int64(offset)), fractionDigits: 0)
        guard offset != 0 else { return utc }
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return String(utc.dropLast()) + "\(sign)\(two(minutes / 60)):\(two(minutes % 60))"
    }
}
