/// What a pod's rules about other pods make of the cluster, computed once per scheduling attempt
/// (kube-scheduler's PreFilter state for PodTopologySpread and InterPodAffinity): which topology
/// domains hold pods its (anti-)affinity terms pick, which domains other pods' anti-affinity keeps
/// it out of, and how many matching pods each spread constraint's domains have.
struct PodRuleState {
    struct Failure: Equatable {
        var reason: String
        /// Whether preempting pods could help (kube-scheduler's Unschedulable, not …AndUnresolvable).
        var resolvable: Bool
    }

    private struct Spread {
        var constraint: TopologySpreadConstraint
        var counts: [String: Int]
        var minimum: Int
        var selfMatch: Int
    }

    private let pod: Pod
    /// Per required affinity term, the domains with a pod it picks.
    private var affinityDomains: [Set<String>] = []
    /// No pod anywhere matches the affinity terms and the pod matches them itself: the first of a
    /// group may go anywhere (kube-scheduler's special case).
    private var firstOfGroup = false
    private var antiAffinityDomains: [Set<String>] = []
    /// `topologyKey \0 value` pairs where an existing pod's anti-affinity picks this pod.
    private var blockedByExisting: Set<String> = []
    private var spreads: [Spread] = []
    private var preferred: [(term: PodAffinityTerm, sign: Int, counts: [String: Int])] = []

    /// nil when the pod has no rules about other pods and no placed pod's anti-affinity picks it.
    init?(_ pod: Pod, in cluster: Simulator, antiAffinityWorkloads: Set<String>) {
        // The scheduler asks for every pod: one with no pod rules, while no placed pod has
        // anti-affinity, has nothing to work out.
        guard pod.placement.hasPodRules || !antiAffinityWorkloads.isEmpty else { return nil }
        self.pod = pod
        let placement = pod.placement
        // Other pods' required anti-affinity that picks this pod (the rule is symmetric).
        for key in antiAffinityWorkloads.sorted() {
            for id in cluster.podsByWorkload[key] ?? [] where id != pod.id {
                guard let other = cluster.pods[id], !other.terminating, let nodeName = other.nodeName,
                      let node = cluster.nodes[nodeName] else { continue }
                for term in other.placement.podAntiAffinity
                where term.selects(namespace: pod.namespace, labels: pod.labels, ownNamespace: other.namespace) {
                    if let value = node.labels[term.topologyKey] { blockedByExisting.insert("\(term.topologyKey)\u{0}\(value)") }
                }
            }
        }
        guard placement.hasPodRules || !blockedByExisting.isEmpty else { return nil }

        func domains(_ term: PodAffinityTerm) -> (values: Set<String>, counts: [String: Int]) {
            var counts: [String: Int] = [:]
            Self.forEachPlacedPod(in: cluster, excluding: pod.id, where: { term.selects(namespace: $0, labels: $1, ownNamespace: pod.namespace) }) { node in
                if let value = node.labels[term.topologyKey] { counts[value, default: 0] += 1 }
            }
            return (Set(counts.keys), counts)
        }
        affinityDomains = placement.podAffinity.map { domains($0).values }
        if !placement.podAffinity.isEmpty, affinityDomains.allSatisfy(\.isEmpty) {
            firstOfGroup = placement.podAffinity.allSatisfy { $0.selects(namespace: pod.namespace, labels: pod.labels, ownNamespace: pod.namespace) }
        }
        antiAffinityDomains = placement.podAntiAffinity.map { domains($0).values }
        preferred = placement.preferredPodAntiAffinity.map { ($0, $0.weight, domains($0).counts) }
            + placement.preferredPodAffinity.map { ($0, -$0.weight, domains($0).counts) }

        for constraint in placement.spreadConstraints {
            // Domains are those of the nodes the pod's node rules allow that carry the key; pods
            // count only on those nodes, and not while terminating.
            var counts: [String: Int] = [:]
            for name in cluster.sortedNodeNames {
                guard let node = cluster.nodes[name], placement.matchesNode(labels: node.labels),
                      let value = node.labels[constraint.topologyKey] else { continue }
                counts[value, default: 0] += 0
            }
            if let selector = constraint.selector {
                Self.forEachPlacedPod(in: cluster, excluding: pod.id, where: { $0 == pod.namespace && selector.matches($1) }) { node in
                    guard placement.matchesNode(labels: node.labels), let value = node.labels[constraint.topologyKey] else { return }
                    counts[value, default: 0] += 1
                }
            }
            let minimum = counts.count < constraint.minDomains ? 0 : (counts.values.min() ?? 0)
            let selfMatch = constraint.selector?.matches(pod.labels) == true ? 1 : 0
            spreads.append(Spread(constraint: constraint, counts: counts, minimum: minimum, selfMatch: selfMatch))
        }
    }

    /// Calls `body` with the node of each live, placed pod (other than `excluding`) whose namespace
    /// and labels pass `matches`. Pods carry their workload's labels, so whole workloads are tested.
    private static func forEachPlacedPod(in cluster: Simulator, excluding: Int, where matches: (String, [String: String]) -> Bool, _ body: (Node) -> Void) {
        for key in cluster.workloadOrder {
            guard let workload = cluster.workloads[key], matches(workload.namespace, workload.labels) else { continue }
            for id in cluster.podsByWorkload[key] ?? [] where id != excluding {
                guard cluster.pods.terminating(id) == false, let nodeName = cluster.pods.nodeName(id),
                      let node = cluster.nodes[nodeName] else { continue }
                body(node)
            }
        }
    }

    /// The first rule the node breaks, in kube-scheduler's order (PodTopologySpread, then
    /// InterPodAffinity: affinity, anti-affinity, existing pods' anti-affinity), or nil.
    func failure(on node: Node) -> Failure? {
        for spread in spreads where spread.constraint.hard {
            guard let value = node.labels[spread.constraint.topologyKey] else {
                return Failure(reason: "node(s) didn't match pod topology spread constraints (missing required label)", resolvable: false)
            }
            if (spread.counts[value] ?? 0) + spread.selfMatch - spread.minimum > spread.constraint.maxSkew {
                return Failure(reason: "node(s) didn't match pod topology spread constraints", resolvable: true)
            }
        }
        if !firstOfGroup {
            for (index, term) in pod.placement.podAffinity.enumerated() {
                guard let value = node.labels[term.topologyKey], affinityDomains[index].contains(value) else {
                    return Failure(reason: "node(s) didn't match pod affinity rules", resolvable: false)
                }
            }
        }
        for (index, term) in pod.placement.podAntiAffinity.enumerated() {
            if let value = node.labels[term.topologyKey], antiAffinityDomains[index].contains(value) {
                return Failure(reason: "node(s) didn't match pod anti-affinity rules", resolvable: true)
            }
        }
        if !blockedByExisting.isEmpty {
            for (key, value) in node.labels where blockedByExisting.contains("\(key)\u{0}\(value)") {
                return Failure(reason: "node(s) didn't satisfy existing pods anti-affinity rules", resolvable: true)
            }
        }
        return nil
    }

    /// How much a node goes against the pod's soft rules (lower is better): matching pods in its
    /// domain for each `ScheduleAnyway` constraint and preferred anti-affinity term (by weight),
    /// less those for preferred affinity terms.
    func penalty(on node: Node) -> Int {
        var total = 0
        for spread in spreads where !spread.constraint.hard {
            if let value = node.labels[spread.constraint.topologyKey] { total += (spread.counts[value] ?? 0) * 100 }
        }
        for (term, sign, counts) in preferred {
            if let value = node.labels[term.topologyKey] { total += sign * (counts[value] ?? 0) }
        }
        return total
    }
}
