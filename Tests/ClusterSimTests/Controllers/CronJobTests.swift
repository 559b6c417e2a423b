import JSON
import Testing
@testable import ClusterSim

/// The CronJob controller on the simulated clock: Jobs on schedule, its concurrency policies,
/// suspension, history limits and deletion.
@Suite struct CronJobTests {
    func cronJob(schedule: String = "*/5 * * * *", command: String = "sleep 20", extra: String = "") -> String {
        """
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: report}
        spec:
          schedule: "\(schedule)"
          \(extra)
          jobTemplate:
            metadata: {labels: {app: report}}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: report, image: busybox, command: [sh, -c, "\(command)"]}]
        """
    }

    func jobs(_ simulator: Simulator) -> [StoredObject] {
        simulator.storedObjects(ResourceKinds.job, namespace: "default").sorted { $0.name < $1.name }
    }

    /// The simulated clock at the next whole multiple of `minutes`, plus `seconds`.
    func advance(_ simulator: Simulator, toNext minutes: Int, plus seconds: Double = 0) {
        let epoch = simulator.calendar.epoch(simulator.now)
        let boundary = (Int(epoch) / (minutes * 60) + 1) * minutes * 60
        simulator.advance(by: .seconds(Double(boundary) - epoch + seconds))
    }

    @Test func aJobIsMadeOnEachScheduledMinuteNamedForIt() throws {
        let simulator = Simulator(scenario: .default)
        try simulator.create(manifest: cronJob())
        #expect(jobs(simulator).isEmpty, "nothing before its first time")
        advance(simulator, toNext: 5, plus: 1)
        let job = try #require(jobs(simulator).first)
        let scheduled = Int64(simulator.calendar.epoch(simulator.now)) / 60 * 60
        #expect(job.name == "report-\(scheduled / 60)", "the scheduled time in minutes since the epoch")
        #expect(job.labels["app"] == "report")
        #expect(job.annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"] == SimCalendar.iso8601(epoch: Double(scheduled), fractionDigits: 0))
        let cron = try #require(simulator.object(ObjectStore.Key(kind: ResourceKinds.cronJob, namespace: "default", name: "report")))
        #expect(job.ownerUIDs == [cron.uid])
        let status = simulator.cronJobStatus(namespace: "default", name: "report")
        #expect(status.active.map(\.name) == [job.name] && status.lastSchedule != nil && status.lastSuccess == nil)
        simulator.advance(by: .seconds(60))
        #expect(simulator.jobProgress("default/\(job.name)").outcome == "Complete")
        #expect(simulator.cronJobStatus(namespace: "default", name: "report").active.isEmpty)
        #expect(simulator.cronJobStatus(namespace: "default", name: "report").lastSuccess != nil)
        #expect(simulator.events.map(\.kind).contains(.cronJobSawFinishedJob(cronJob: "default/report", job: job.name, status: "Complete")))
    }

    @Test func historyLimitsKeepTheNewestFinishedJobs() throws {
        let simulator = Simulator(scenario: .default)
        try simulator.create(manifest: cronJob(schedule: "* * * * *"))
        simulator.advance(by: .minutes(10))
        let finished = jobs(simulator).filter { simulator.jobProgress("default/\($0.name)").outcome != nil }
        #expect(finished.count == 3, "successfulJobsHistoryLimit defaults to 3")
        #expect(simulator.events.filter { if case .cronJobDeletedJob = $0.kind { true } else { false } }.count >= 5)
        let failing = Simulator(scenario: .default)
        try failing.create(manifest: cronJob(schedule: "* * * * *", command: "exit 1", extra: "failedJobsHistoryLimit: 2"))
        failing.advance(by: .minutes(15))
        let failed = jobs(failing).filter { failing.jobProgress("default/\($0.name)").outcome == "Failed" }
        #expect(failed.count == 2)
    }

    @Test func forbidSkipsARunWhileTheLastJobRunsAndReplaceDeletesIt() throws {
        let forbid = Simulator(scenario: .default)
        try forbid.create(manifest: cronJob(schedule: "* * * * *", command: "sleep 150", extra: "concurrencyPolicy: Forbid"))
        forbid.advance(by: .minutes(3))
        #expect(forbid.cronJobStatus(namespace: "default", name: "report").active.count == 1)
        #expect(forbid.events.map(\.kind).contains(.cronJobSkippedRun(cronJob: "default/report")))
        let replace = Simulator(scenario: .default)
        try replace.create(manifest: cronJob(schedule: "* * * * *", command: "sleep 150", extra: "concurrencyPolicy: Replace"))
        advance(replace, toNext: 1, plus: 1)
        let first = try #require(jobs(replace).first?.name)
        replace.advance(by: .seconds(60))
        #expect(!jobs(replace).map(\.name).contains(first), "the running Job was replaced")
        #expect(replace.events.map(\.kind).contains(.cronJobDeletedJob(cronJob: "default/report", job: first)))
        let allow = Simulator(scenario: .default)
        try allow.create(manifest: cronJob(schedule: "* * * * *", command: "sleep 150"))
        allow.advance(by: .minutes(3))
        #expect(allow.cronJobStatus(namespace: "default", name: "report").active.count >= 2, "Allow lets runs overlap")
    }

    @Test func aSuspendedCronJobMakesNoJobsUntilResumed() throws {
        let simulator = Simulator(scenario: .default)
        try simulator.create(manifest: cronJob(schedule: "* * * * *", extra: "suspend: true"))
        simulator.advance(by: .minutes(5))
        #expect(jobs(simulator).isEmpty)
        let key = ObjectStore.Key(kind: ResourceKinds.cronJob, namespace: "default", name: "report")
        _ = try simulator.patchObject(key, with: .object([("spec", .object([("suspend", .bool(false))]))]), kind: .merge,
                                      manager: FieldManager("kubectl", apiVersion: "batch/v1"))
        simulator.advance(by: .minutes(2))
        #expect(!jobs(simulator).isEmpty)
    }

    @Test func deletingTheCronJobDeletesItsJobsAndStopsItsSchedule() throws {
        let simulator = Simulator(scenario: .default)
        try simulator.create(manifest: cronJob(schedule: "* * * * *"))
        simulator.advance(by: .minutes(3))
        #expect(!jobs(simulator).isEmpty)
        try simulator.deleteObject(ObjectStore.Key(kind: ResourceKinds.cronJob, namespace: "default", name: "report"))
        #expect(jobs(simulator).isEmpty, "its Jobs are its dependents")
        simulator.advance(by: .minutes(3))
        #expect(jobs(simulator).isEmpty)
        #expect(simulator.nextEventTime.map { $0 > simulator.now + .minutes(60) } ?? true, "no timer brings the clock back")
    }

    @Test func theClockNeverJumpsToAScheduleButRunsItWhenPassing() throws {
        let simulator = Simulator(scenario: .default)
        try simulator.create(manifest: cronJob(schedule: "@daily"))
        simulator.advance(by: .minutes(5))
        #expect(simulator.nextEventTime == nil, "a CronJob's next run is a timer, not a happening in progress")
        simulator.advance(by: .seconds(86_400))
        #expect(jobs(simulator).count == 1)
    }
}
