/// Jobs: pods that run to an end, kept at the Job's parallelism until its completions are reached
/// or its failures pass the back-off limit.
extension Simulator {
    /// A Job's progress (zero while it has not started).
    public func jobProgress(_ key: String) -> JobProgress { jobs[key] ?? JobProgress() }

    /// How many of a Job's pods are running or about to (`status.active`).
    public func activePodCount(ofJob key: String) -> Int { activePods(ofJob: key).count }

    /// A Job's pods that are neither gone, going, nor finished.
    func activePods(ofJob key: String) -> [Int] {
        (podsByWorkload[key] ?? []).filter { id in
            pods.terminating(id) == false && (pods.phase(id) == .pending || pods.phase(id) == .running)
        }
    }

    /// Brings a Job's pods in line: done, failed, or as many running as it wants.
    func reconcileJob(_ workload: Workload, announce: Bool) {
        guard let spec = workload.job else { return }
        let key = workload.key
        var progress = jobs[key] ?? JobProgress()
        guard progress.outcome == nil else { return }
        let active = activePods(ofJob: key)
        let target = spec.completions ?? 1
        let done = spec.completions == nil ? progress.succeeded > 0 && active.isEmpty : progress.succeeded >= target
        if done || progress.failed > spec.backoffLimit {
            progress.outcome = done ? "Complete" : "Failed"
            progress.reason = done ? nil : "BackoffLimitExceeded"
            progress.finished = now
            jobs[key] = progress
            for id in active { terminatePod(id, forced: false, evicted: false) }
            emit(.jobFinished(job: key, complete: done, reason: progress.reason ?? ""))
            cronJobJobFinished(key, complete: done)
            writes += 1
            return
        }
        let wanted = spec.completions == nil ? (progress.succeeded > 0 ? 0 : spec.parallelism)
            : min(spec.parallelism, target - progress.succeeded)
        guard active.count < wanted else { return }
        if let until = progress.backoffUntil, until > now {
            schedule(.jobBackoff(key), after: until - now)
            return
        }
        if progress.started == nil {
            progress.started = now
            jobs[key] = progress
        }
        for _ in active.count..<wanted {
            guard createPod(for: workload, name: "\(workload.name)-\(randomSuffix(5))", announce: announce) != nil else { break }
        }
        // New pods wait for the scheduler's next pass.
        schedulingRequested = true
    }

    /// A Job's pod's container exited: the pod keeps its node but no longer uses it.
    func podFinished(_ id: Int) {
        guard let pod = pods[id], !pod.terminating, pod.phase == .running, let node = pod.nodeName,
              let workload = workloads[pod.workload], let spec = workload.job else { return }
        pods.update(id) { pod in
            pod.phase = spec.fails ? .failed : .succeeded
            pod.ready = false
            pod.finished = now
        }
        releaseUsage(of: pod, on: node)
        if !pod.claims.isEmpty { podReleasedClaims(pod) }
        var progress = jobs[workload.key] ?? JobProgress()
        if spec.fails {
            progress.failed += 1
            // The Job controller's back-off: 10 s, doubling with each failure, at most 6 minutes.
            progress.backoffUntil = now + .seconds(Double(min(360, 10 << min(6, progress.failed - 1))))
        } else {
            progress.succeeded += 1
        }
        jobs[workload.key] = progress
        emit(.podFinished(pod: pod.key, node: node, succeeded: !spec.fails))
        writes += 1
        // A pod that ended no longer counts against its namespace's quotas.
        retryRefusedControllers(in: pod.namespace)
        reconcile(workload: workload.key)
        schedulingRequested = true
    }
}
