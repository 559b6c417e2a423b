/// The cluster's PodDisruptionBudgets and the eviction API's rule over them: an eviction that
/// would leave a budget with fewer healthy pods than it requires is refused.
///
/// Which workloads' pods each budget selects is indexed (pods carry their workload's labels) and
/// rebuilt only when budgets or workloads' labels change: a large upgrade evicts thousands of pods.
struct DisruptionBudgets {
    /// A budget's view of its pods: healthy ones, how many it requires, how many it expects.
    struct Status: Equatable {
        var healthy: Int
        var required: Int
        var expected: Int
        /// `status.disruptionsAllowed`.
        var allowed: Int { Swift.max(0, healthy - required) }
    }

    /// In the order they were made.
    private(set) var all: [PodDisruptionBudget] = []
    /// Budget indices selecting each workload's pods; nil until needed after a change.
    private var byWorkload: [String: [Int]]?
    /// Workloads each budget selects, by budget index.
    private var selected: [[String]] = []

    /// Adds a budget, or replaces the one with its key.
    mutating func upsert(_ budget: PodDisruptionBudget) {
        all.removeAll { $0.key == budget.key }
        all.append(budget)
        byWorkload = nil
    }

    /// Removes a budget; false when there is none by that name.
    mutating func remove(namespace: String, name: String) -> Bool {
        guard all.contains(where: { $0.namespace == namespace && $0.name == name }) else { return false }
        all.removeAll { $0.namespace == namespace && $0.name == name }
        byWorkload = nil
        return true
    }

    /// Workloads came, went or changed labels: which budgets select them is worked out again.
    mutating func workloadsChanged() { byWorkload = nil }

    private mutating func ensureIndex(_ cluster: Simulator) {
        guard byWorkload == nil else { return }
        // Workloads by namespace and label pair, so a budget only compares against workloads
        // sharing its first selector pair.
        var byPair: [String: [String]] = [:]
        var byNamespace: [String: [String]] = [:]
        for key in cluster.workloadOrder {
            guard let workload = cluster.workloads[key] else { continue }
            byNamespace[workload.namespace, default: []].append(key)
            for (k, v) in workload.labels { byPair["\(workload.namespace)\u{0}\(k)=\(v)", default: []].append(key) }
        }
        var index: [String: [Int]] = [:]
        selected = all.map { _ in [] }
        for (b, budget) in all.enumerated() {
            let first = budget.selector.keys.sorted().first
            let pool = first.map { byPair["\(budget.namespace)\u{0}\($0)=\(budget.selector[$0]!)"] ?? [] } ?? (byNamespace[budget.namespace] ?? [])
            for key in pool {
                guard let workload = cluster.workloads[key], budget.selector.allSatisfy({ workload.labels[$0.key] == $0.value }) else { continue }
                index[key, default: []].append(b)
                selected[b].append(key)
            }
        }
        byWorkload = index
    }

    /// Indices (into ``all``) of the budgets that select a workload's pods.
    mutating func indices(forWorkload key: String, in cluster: Simulator) -> [Int] {
        ensureIndex(cluster)
        return byWorkload?[key] ?? []
    }

    /// The workloads a budget selects.
    mutating func workloads(ofBudget index: Int, in cluster: Simulator) -> [String] {
        ensureIndex(cluster)
        return selected[index]
    }

    /// What a budget sees now: ready, not terminating pods it selects against what it requires
    /// (`minAvailable`, or the expected count less `maxUnavailable`, percentages rounded up).
    mutating func status(ofBudget index: Int, in cluster: Simulator) -> Status {
        ensureIndex(cluster)
        let budget = all[index]
        var expected = 0
        var healthy = 0
        for key in selected[index] {
            guard let workload = cluster.workloads[key] else { continue }
            expected += workload.replicas
            for id in cluster.podsByWorkload[key] ?? [] where cluster.pods.ready(id) == true && cluster.pods.terminating(id) == false {
                healthy += 1
            }
        }
        let required: Int
        if let min = budget.minAvailable {
            required = min.resolve(total: expected)
        } else if let max = budget.maxUnavailable {
            required = Swift.max(0, expected - max.resolve(total: expected))
        } else {
            required = 0
        }
        return Status(healthy: healthy, required: required, expected: expected)
    }

    /// The eviction API's answer for a pod: the first budget it would break refuses it. A pod that
    /// is not ready may go while the budget is not already broken (it does not count as healthy).
    mutating func admitEviction(of pod: Pod, in cluster: Simulator) -> Simulator.EvictionOutcome {
        for index in indices(forWorkload: pod.workload, in: cluster) {
            let status = status(ofBudget: index, in: cluster)
            let margin = status.healthy - status.required
            if pod.ready ? margin < 1 : margin < 0 {
                return .refused(budget: all[index].key, healthy: status.healthy, required: status.required)
            }
        }
        return .evicted
    }
}
