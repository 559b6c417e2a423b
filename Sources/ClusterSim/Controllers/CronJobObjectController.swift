/// batch/v1 CronJobs: on each time its `schedule` names (in its `timeZone`, UTC when none), the
/// CronJob makes a Job from its `jobTemplate` (``Simulator/cronJobDue(_:)``), unless it is
/// suspended, or its last Job still runs and its `concurrencyPolicy` is Forbid (Replace deletes that
/// Job first). It keeps `successfulJobsHistoryLimit` finished Jobs that succeeded and
/// `failedJobsHistoryLimit` that failed, deleting older ones as each Job ends.
enum CronJobObjectController: ObjectController {
    static let kind = ResourceKinds.cronJob

    static func reconcile(_ object: StoredObject?, key: ObjectStore.Key, simulator: Simulator) {
        simulator.scheduleNextRun(of: key, object: object)
    }
}
