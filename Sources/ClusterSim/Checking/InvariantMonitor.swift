/// The properties every node group update must keep, checked after every event and at its end.
/// The invariant tests run it over a thousand small random scenarios; `make soak` over ten thousand
/// up to 450 nodes. A violation is a sentence saying what broke, when.
public final class InvariantMonitor {
    /// The failure codes an update may end with (what EKS documents for these faults).
    public static let documentedFailureCodes: Set<String> = ["PodEvictionFailure", "NodeCreationFailure"]

    public private(set) var violations: [String] = []
    private var parallelism = 1

    public init() {}

    /// Checks what must hold after `event`: budgets respected, parallelism bounded, no pod lost.
    public func observe(_ event: SimEvent, _ sim: Simulator) {
        if case .updateStarted(_, _, _, _, _, let p, _) = event.kind { parallelism = p }
        // 1. An eviction never leaves a budget below what it requires.
        if case .podEvicted(let key, _, _) = event.kind, let id = sim.podIdByKey[key], let pod = sim.pods[id] {
            for budget in sim.budgets(for: pod) {
                let status = sim.budgetStatus(budget)
                if status.healthy < status.required {
                    violations.append("\(event.time): evicting \(key) left \(budget.key) at \(status.healthy) < \(status.required)")
                }
            }
        }
        // 2. Old nodes being upgraded at once never exceed maxUnavailable.
        var upgrading = 0
        for retirement in sim.retirements where retirement.reason == .upgrade { upgrading += 1 }
        if upgrading > parallelism { violations.append("\(event.time): \(upgrading) nodes upgrading > \(parallelism)") }
        // 3. No pod is lost: every workload has its replicas, live or being replaced.
        guard event.detail == .pods else { return }
        // Runs after every pod event: walk the workloads in place rather than building the list.
        for key in sim.workloadOrder {
            guard let workload = sim.workloads[key], workload.kind != .daemonSet else { continue }
            let count = (sim.podsByWorkload[workload.key] ?? []).count
            if count < workload.replicas { violations.append("\(event.time): \(workload.key) has \(count) pods < \(workload.replicas)") }
        }
    }

    /// Checks the end: the update ended Successful or Failed with a documented code within a bound;
    /// after success the group is back at its sizes; a fault-free update with permissive budgets
    /// succeeded; ten minutes later every workload has its replicas (or says why a pod is pending).
    public func finish(_ simulator: Simulator, update: EKSUpdate, scenario: Scenario) {
        if update.status != .successful && update.status != .failed { violations.append("update ended \(update.status)") }
        // Twelve hours for a small group; a large one gets twenty minutes per batch of nodes it replaces.
        let batches = (scenario.nodegroups[0].desiredSize + parallelism - 1) / max(1, parallelism)
        let bound = SimTime.minutes(Double(max(12 * 60, batches * 20)))
        if simulator.now >= bound { violations.append("update took \(simulator.now.durationText) (bound \(bound.durationText))") }
        if update.status == .failed {
            if update.errors.count != 1 || !Self.documentedFailureCodes.contains(update.errors[0].errorCode) {
                violations.append("failed with \(update.errors.map(\.errorCode))")
            }
        } else if let group = try? simulator.describeNodegroup(cluster: simulator.cluster.name, nodegroup: scenario.nodegroups[0].name),
                  let asg = simulator.describeAutoScalingGroups().first {
            let expected = type(of: asg).Sizes(min: group.scalingConfig.minSize, max: group.scalingConfig.maxSize,
                                                 desired: group.scalingConfig.desiredSize)
            if asg.sizes != expected { violations.append("after success the Auto Scaling group is \(asg.sizes), not \(expected)") }
        }
        if scenario.faults.isEmpty && scenario.nodegroups[0].updateConfig.strategy == .default
            && scenario.workloads.allSatisfy({ $0.budget == nil || $0.budget?.maxUnavailable != nil }) && update.status != .successful {
            violations.append("a fault-free update with permissive budgets failed")
        }
        simulator.advance(by: .minutes(10))
        var podsByNamespace: [String: [Pod]] = [:]
        for workload in simulator.workloadList() where workload.kind != .daemonSet {
            if podsByNamespace[workload.namespace] == nil { podsByNamespace[workload.namespace] = simulator.podList(namespace: workload.namespace) }
            let live = podsByNamespace[workload.namespace]!.filter { $0.workload == workload.key && !$0.terminating }
            if live.count != workload.replicas { violations.append("\(workload.key): \(live.count) live pods of \(workload.replicas)") }
            for pod in live where pod.nodeName == nil {
                let explained = simulator.events.contains {
                    if case .podPending(let pending, let reason) = $0.kind { return pending == pod.key && !reason.isEmpty }
                    return false
                }
                if !explained { violations.append("\(pod.key) is pending with no reason given") }
            }
        }
    }
}
