/// The simulated cluster's kube-scheduler: it places each pending pod on a node, or says why none
/// fits in the scheduler's own words.
///
/// Filters run in kube-scheduler's default order, each node failing the first it does not pass:
/// NodeUnschedulable, TaintToleration, NodeAffinity, NodeResourcesFit, PodTopologySpread,
/// InterPodAffinity. Among the nodes that pass, the score prefers nodes that keep the pod's
/// preferred rules and soft spread constraints, then the zone and node with the fewest pods of the
/// same workload, then the least loaded node. Like kube-scheduler, large clusters score only a
/// rotating sample of feasible nodes (at least 100).
///
/// It keeps its view of schedulable nodes current as pods bind and leave and as nodes change state
/// (no rebuild per change: large clusters change constantly during updates); the cluster it reads
/// is the ``Simulator`` that owns it.
struct Scheduler {
    /// A schedulable node as the scheduler sees it.
    struct Candidate {
        var name: String
        var zone: Int
        var allocatable: Node.Resources
        var usage: Simulator.Usage
        var hardTainted: Bool
    }

    /// Ready, schedulable nodes with their usage.
    struct NodeView {
        var candidates: [Candidate] = []
        var position: [String: Int] = [:]
        var zones: [String: Int] = [:]
        var zoneCount: Int { zones.count }

        mutating func remove(_ name: String) {
            guard let index = position.removeValue(forKey: name) else { return }
            let last = candidates.count - 1
            if index != last {
                candidates[index] = candidates[last]
                position[candidates[index].name] = index
            }
            candidates.removeLast()
        }

        mutating func add(_ candidate: Candidate) {
            position[candidate.name] = candidates.count
            candidates.append(candidate)
        }
    }

    /// Built on the first scheduling pass, then kept current.
    private var view: NodeView?
    /// Where the next search starts (kube-scheduler rotates it to spread load).
    private var nextStartNodeIndex = 0
    /// Workloads whose pods carry required anti-affinity terms: every other pod must keep clear of them.
    private(set) var antiAffinityWorkloads: Set<String> = []

    /// Notes a workload's rules (its pods' anti-affinity binds every later pod).
    mutating func noteWorkload(_ workload: Workload) {
        if !workload.placement.podAntiAffinity.isEmpty { antiAffinityWorkloads.insert(workload.key) }
    }

    mutating func forgetWorkload(_ key: String) { antiAffinityWorkloads.remove(key) }

    /// Brings one node's entry up to date (it joined, left, or changed readiness, schedulability or taints).
    mutating func invalidate(node name: String, in cluster: Simulator) {
        guard view != nil else { return }
        view!.remove(name)
        if let candidate = Self.candidate(name, in: cluster, zones: &view!.zones) { view!.add(candidate) }
    }

    /// Keeps a node's usage in step with the cluster's.
    mutating func refresh(node name: String, usage: Simulator.Usage) {
        guard let index = view?.position[name] else { return }
        view!.candidates[index].usage = usage
    }

    private static func candidate(_ name: String, in cluster: Simulator, zones: inout [String: Int]) -> Candidate? {
        guard let node = cluster.nodes[name], node.readiness == .ready, !node.unschedulable,
              cluster.instances[node.instanceId]?.state == .running else { return nil }
        let zone = zones[node.availabilityZone] ?? { let z = zones.count; zones[node.availabilityZone] = z; return z }()
        return Candidate(name: name, zone: zone, allocatable: node.allocatable, usage: cluster.nodeUsage[name] ?? Simulator.Usage(),
                         hardTainted: node.taints.contains { $0.effect != "PREFER_NO_SCHEDULE" })
    }

    private mutating func ensureView(_ cluster: Simulator) {
        guard view == nil else { return }
        var built = NodeView()
        for name in cluster.sortedNodeNames {
            if let candidate = Self.candidate(name, in: cluster, zones: &built.zones) { built.add(candidate) }
        }
        view = built
    }

    /// kube-scheduler's `numFeasibleNodesToFind`: all nodes below 100, else an adaptive share (≥ 5 %, ≥ 100 nodes).
    static func feasibleNodesToFind(_ count: Int) -> Int {
        guard count >= 100 else { return count }
        let percentage = max(5, 50 - count / 125)
        return max(100, count * percentage / 100)
    }

    /// The node a pending pod goes to, or nil when none fits. `volumes` keeps it where its bound
    /// volumes can be attached; `only` considers that one node alone (where its new volumes were made).
    mutating func choose(_ pod: Pod, in cluster: Simulator, volumes: VolumeBinding? = nil, only: String? = nil) -> String? {
        ensureView(cluster)
        let view = self.view!
        let count = view.candidates.count
        guard count > 0 else { return nil }
        var zoneCounts = [Int](repeating: 0, count: max(1, view.zoneCount))
        // Siblings per candidate node: looked up once per candidate examined, not by scanning siblings.
        var siblingsOn = [Int](repeating: 0, count: count)
        var hasSiblings = false
        for other in cluster.podsByWorkload[pod.workload] ?? [] where other != pod.id {
            guard let n = cluster.pods.nodeName(other) ?? cluster.claimVolumes.assumed[other], cluster.pods.terminating(other) == false,
                  let index = view.position[n] else { continue }
            zoneCounts[view.candidates[index].zone] += 1
            siblingsOn[index] += 1
            hasSiblings = true
        }
        let rules = PodRuleState(pod, in: cluster, antiAffinityWorkloads: antiAffinityWorkloads)
        let volumeRules = volumes.map { !$0.volumeTerms.isEmpty } ?? false
        let nodeRules = !pod.placement.isUnconstrained || volumeRules
        let restricted = only.flatMap { view.position[$0] }
        if only != nil && restricted == nil { return nil }
        let span = restricted == nil ? count : 1
        let wanted = Self.feasibleNodesToFind(count)
        var found = 0
        var examined = 0
        var best: Int?
        var bestScore = (Int.max, Int.max, Int.max, Int.max)
        let start = nextStartNodeIndex % count
        while examined < span && found < wanted {
            let index = restricted ?? (start + examined) % count
            examined += 1
            let candidate = view.candidates[index]
            let usage = candidate.usage
            guard usage.pods < candidate.allocatable.pods,
                  usage.cpuMillis + pod.cpuMillis <= candidate.allocatable.cpuMillis,
                  usage.memoryMi + pod.memoryMi <= candidate.allocatable.memoryMi else { continue }
            var penalty = 0
            if nodeRules || rules != nil {
                // Node and pod rules read the node itself: only pods that have them pay for it.
                guard let node = cluster.nodes[candidate.name] else { continue }
                if nodeRules {
                    guard pod.placement.matchesNode(labels: node.labels),
                          pod.toleratesAllTaints || !node.taints.contains(where: pod.placement.repelled),
                          !volumeRules || volumes!.admits(node.labels) else { continue }
                } else if candidate.hardTainted && !pod.toleratesAllTaints {
                    continue
                }
                if let rules {
                    guard rules.failure(on: node) == nil else { continue }
                    penalty = rules.penalty(on: node)
                }
            } else if candidate.hardTainted && !pod.toleratesAllTaints {
                continue
            }
            found += 1
            let score = (penalty, zoneCounts[candidate.zone], hasSiblings ? siblingsOn[index] : 0,
                         usage.cpuMillis * 1000 / max(1, candidate.allocatable.cpuMillis))
            if score < bestScore || (score == bestScore && best.map { view.candidates[index].name < view.candidates[$0].name } ?? true) {
                best = index
                bestScore = score
            }
        }
        if restricted == nil { nextStartNodeIndex = (start + examined) % count }
        return best.map { view.candidates[$0].name }
    }

    /// Why no node takes the pod, in the words the narration and events use. A pod with node or
    /// pod rules or tolerations gets the scheduler's own account, node by node, after "no node fits: ".
    mutating func explain(_ pod: Pod, in cluster: Simulator, volumes: VolumeBinding? = nil) -> String {
        ensureView(cluster)
        let total = cluster.sortedNodeNames.count
        if let refusal = volumes?.refusal {
            // PreFilter turned the pod away before any node was looked at.
            return "no node fits: 0/\(total) nodes are available: \(refusal). preemption: 0/\(total) nodes are available: \(total) Preemption is not helpful for scheduling."
        }
        let rules = PodRuleState(pod, in: cluster, antiAffinityWorkloads: antiAffinityWorkloads)
        let volumeRules = volumes.map { !$0.volumeTerms.isEmpty } ?? false
        if pod.placement.isUnconstrained && rules == nil && !volumeRules {
            return view!.candidates.isEmpty ? "no schedulable node" : "insufficient resources on schedulable nodes"
        }
        // Unresolvable failures are ones preemption cannot help with; the others it could, were
        // there lower-priority pods to preempt (the simulator's pods share one priority).
        var unresolvable: [String: Int] = [:], helpable: [String: Int] = [:]
        for name in cluster.sortedNodeNames {
            guard let node = cluster.nodes[name] else { continue }
            if node.unschedulable {
                unresolvable["node(s) were unschedulable", default: 0] += 1
            } else if node.readiness != .ready {
                unresolvable["node(s) had untolerated taint {node.kubernetes.io/not-ready: }", default: 0] += 1
            } else if !pod.toleratesAllTaints, let taint = node.taints.first(where: pod.placement.repelled) {
                unresolvable["node(s) had untolerated taint {\(taint.key): \(taint.value ?? "")}", default: 0] += 1
            } else if !pod.placement.matchesNode(labels: node.labels) {
                unresolvable["node(s) didn't match Pod's node affinity/selector", default: 0] += 1
            } else if let reason = Self.resourceShortfall(pod, usage: cluster.nodeUsage[name] ?? Simulator.Usage(), allocatable: node.allocatable) {
                helpable[reason, default: 0] += 1
            } else if volumeRules, !volumes!.admits(node.labels) {
                unresolvable[VolumeBinding.nodeConflict, default: 0] += 1
            } else if let failure = rules?.failure(on: node) {
                if failure.resolvable { helpable[failure.reason, default: 0] += 1 } else { unresolvable[failure.reason, default: 0] += 1 }
            }
        }
        let reasons = (unresolvable.merging(helpable) { a, b in a + b }).map { "\($0.value) \($0.key)" }.sorted()
        let fitless = unresolvable.values.reduce(0, +), helpless = helpable.values.reduce(0, +)
        var preemption = [helpless > 0 ? "\(helpless) No preemption victims found for incoming pod" : nil,
                          fitless > 0 ? "\(fitless) Preemption is not helpful for scheduling" : nil].compactMap { $0 }
        if preemption.isEmpty { preemption = ["\(total) Preemption is not helpful for scheduling"] }
        return "no node fits: 0/\(total) nodes are available: \(reasons.joined(separator: ", ")). preemption: 0/\(total) nodes are available: \(preemption.joined(separator: ", "))."
    }

    /// NodeResourcesFit's reason, or nil when the pod fits.
    static func resourceShortfall(_ pod: Pod, usage: Simulator.Usage, allocatable: Node.Resources) -> String? {
        if usage.pods >= allocatable.pods { return "Too many pods" }
        if usage.cpuMillis + pod.cpuMillis > allocatable.cpuMillis { return "Insufficient cpu" }
        if usage.memoryMi + pod.memoryMi > allocatable.memoryMi { return "Insufficient memory" }
        return nil
    }
}
