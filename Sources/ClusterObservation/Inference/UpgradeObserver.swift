/// Infers what is happening from successive snapshots: update accepted, the four phases of a node
/// group update, nodes joining, drains, evictions a budget refuses, terminations, the result — and
/// the same for the control plane and add-ons.
///
/// It only compares what two snapshots show, so polls may be sparse: a phase that began and ended
/// between two polls is still reported, in order, marked late; an update that started and ended
/// between them is reported accepted, then through its phases, then done.
public struct UpgradeObserver: Sendable {
    /// How many successive looks must find a budget holding a drain still before it is reported as
    /// refusing evictions: a budget is briefly at zero in every drain while a replacement pod
    /// becomes Ready. Counted in looks, not seconds, so a cluster whose clock runs faster than the
    /// wall (`workshop serve --speed 60`) is judged as fairly as a real one.
    public var blockedLooks: Int

    /// What is known of a node group's version update being followed.
    struct Tracked: Sendable {
        var updateId: String
        var nodegroup: String
        var createdEpoch: Double
        var phase: UpgradePhaseName?
        var joined: Set<String> = []
        var draining: Set<String> = []
        var drained: Set<String> = []
        var terminating: Set<String> = []
        /// Budget key → how many successive looks found it holding a cordoned node still.
        var stalled: [String: Int] = [:]
        var reportedBudgets: Set<String> = []
        var ended = false
    }

    public private(set) var last: ClusterSnapshot?
    private var knownUpdates: [String: String] = [:]
    private var tracked: [String: Tracked] = [:]
    private var reportedIssues: Set<String> = []
    /// Nodes that were ever seen, with their group and zone (a timeline keeps their rows after they go).
    public private(set) var seenNodes: [String: (nodegroup: String, zone: String, firstSeen: Double)] = [:]
    /// The same nodes in the order they were first seen.
    public private(set) var seenOrder: [String] = []

    public init(blockedLooks: Int = 3) {
        self.blockedLooks = blockedLooks
    }

    /// The phase a node group's update is in, as last observed (nil when none runs).
    public func phase(nodegroup: String) -> UpgradePhaseName? {
        tracked.values.first { $0.nodegroup == nodegroup && !$0.ended }?.phase
    }

    /// Nodes the current update of `nodegroup` is draining or has drained.
    func drainState(_ node: String) -> (draining: Bool, drained: Bool, terminating: Bool) {
        for t in tracked.values where t.draining.contains(node) || t.drained.contains(node) || t.terminating.contains(node) {
            return (t.draining.contains(node), t.drained.contains(node), t.terminating.contains(node))
        }
        return (false, false, false)
    }

    /// Budgets reported as refusing evictions during updates still running, with the node they hold.
    func blockedBudgets(_ snapshot: ClusterSnapshot) -> [(budget: String, node: String)] {
        let running = tracked.values.filter { !$0.ended && !$0.reportedBudgets.isEmpty }
        guard !running.isEmpty else { return [] }
        let budgets = Dictionary(snapshot.budgets.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let cordoned = Set(snapshot.nodes.filter(\.unschedulable).map(\.name))
        return running.flatMap { t in
            t.reportedBudgets.sorted().compactMap { key -> (String, String)? in
                guard let budget = budgets[key], budget.disruptionsAllowed == 0,
                      let node = budget.nodes.first(where: cordoned.contains) else { return nil }
                return (budget.name, node)
            }
        }
    }

    /// Takes a snapshot in and returns what changed since the previous one, in the order it happened.
    public mutating func observe(_ now: ClusterSnapshot) -> [ObservedChange] {
        defer { last = now }
        for node in now.nodes where seenNodes[node.name] == nil {
            seenNodes[node.name] = (node.nodegroup ?? "", node.zone, now.time)
            seenOrder.append(node.name)
        }
        guard let before = last else {
            // The first look: history is not news, but an update already running is followed from here.
            for update in now.updates { knownUpdates[update.id] = update.status }
            var changes: [ObservedChange] = []
            for update in now.updates where update.status == "InProgress" {
                knownUpdates[update.id] = nil
                changes += accepted(update, before: now, now: now)
                knownUpdates[update.id] = update.status
            }
            for t in tracked.keys { changes += follow(t, before: now, now: now) }
            return changes
        }
        var changes: [ObservedChange] = []
        changes += controlPlane(before: before, now: now)
        for update in now.updates where knownUpdates[update.id] == nil {
            changes += accepted(update, before: before, now: now)
        }
        for key in tracked.keys.sorted() where !(tracked[key]?.ended ?? true) {
            changes += follow(key, before: before, now: now)
        }
        changes += addons(before: before, now: now)
        for group in now.nodegroups {
            for issue in group.healthIssues where reportedIssues.insert("\(group.name)|\(issue.code)|\(issue.resourceIds)").inserted {
                changes.append(.healthIssue(nodegroup: group.name, code: issue.code, message: issue.message))
            }
        }
        for update in now.updates where update.status != knownUpdates[update.id] && update.status != "InProgress" {
            if tracked[update.id] == nil { changes += ended(update, now: now) }
        }
        for update in now.updates { knownUpdates[update.id] = update.status }
        return changes
    }

    // MARK: - Accepted

    private mutating func accepted(_ update: UpdateView, before: ClusterSnapshot, now: ClusterSnapshot) -> [ObservedChange] {
        knownUpdates[update.id] = "InProgress"
        switch update.subject {
        case .controlPlane where update.type == "VersionUpdate":
            let to = update.params["Version"] ?? now.cluster.version
            let from = before.cluster.version == to ? previousMinor(to) : before.cluster.version
            var changes: [ObservedChange] = [.clusterUpdateAccepted(updateId: update.id, from: from, to: to)]
            if now.cluster.status == "UPDATING" || update.status != "InProgress" { changes.append(.clusterUpdating) }
            return changes
        case .addon(let addon):
            let from = before.addons.first { $0.name == addon }?.version ?? "?"
            let to = update.params["AddonVersion"] ?? now.addons.first { $0.name == addon }?.version ?? from
            return [.addonUpdateAccepted(updateId: update.id, addon: addon, from: from, to: to,
                                         podsToReplace: now.addons.first { $0.name == addon }?.podsToReplace)]
        case .nodegroup(let name) where update.type == "VersionUpdate":
            let group = now.nodegroup(name)
            tracked[update.id] = Tracked(updateId: update.id, nodegroup: name, createdEpoch: update.createdEpoch)
            return [.nodegroupUpdateAccepted(updateId: update.id, nodegroup: name, version: update.params["Version"] ?? group?.version ?? "",
                                             release: update.params["ReleaseVersion"] ?? group?.releaseVersion ?? "",
                                             strategy: group?.updateStrategy ?? "DEFAULT", parallelism: group?.parallelism ?? 1)]
        default:
            return []
        }
    }

    private func previousMinor(_ version: String) -> String {
        let parts = version.split(separator: ".")
        guard parts.count == 2, let minor = Int(parts[1]) else { return version }
        return "\(parts[0]).\(minor - 1)"
    }

    // MARK: - The control plane and add-ons

    private func controlPlane(before: ClusterSnapshot, now: ClusterSnapshot) -> [ObservedChange] {
        var changes: [ObservedChange] = []
        let newUpdate = now.updates.contains { $0.subject == .controlPlane && knownUpdates[$0.id] == nil }
        if now.cluster.status == "UPDATING" && before.cluster.status != "UPDATING" && !newUpdate {
            changes.append(.clusterUpdating)
        }
        if now.cluster.serverVersion != before.cluster.serverVersion && now.cluster.version == before.cluster.version {
            changes.append(.controlPlaneServing(version: now.cluster.serverVersion))
        }
        if now.cluster.version != before.cluster.version {
            let from = before.cluster.version, to = now.cluster.version
            if before.cluster.serverVersion == from && now.cluster.serverVersion == to && !newUpdate {
                // The cut-over happened between two looks.
                changes.append(.controlPlaneServing(version: to))
            }
            changes.append(.clusterVersionChanged(
                from: from, to: to, platform: now.cluster.platformVersion,
                nodegroupsBehind: now.nodegroups.filter { $0.version == from }.map(\.name),
                staleAddons: now.addons.filter { $0.compatibleWithCluster == false }.map { "\($0.name) \($0.version)" }))
        }
        return changes
    }

    private func addons(before: ClusterSnapshot, now: ClusterSnapshot) -> [ObservedChange] {
        now.addons.compactMap { addon in
            guard let old = before.addons.first(where: { $0.name == addon.name }), old.version != addon.version else { return nil }
            return .addonUpdated(addon: addon.name, version: addon.version, compatible: addon.compatibleWithCluster,
                                 clusterVersion: now.cluster.version)
        }
    }

    private func ended(_ update: UpdateView, now: ClusterSnapshot) -> [ObservedChange] {
        if update.status == "Successful" {
            return [.updateSucceeded(updateId: update.id, subject: update.subject, type: update.type)]
        }
        let error = update.errors.first
        return [.updateFailed(updateId: update.id, subject: update.subject, code: error?.code ?? update.status,
                              message: error?.message ?? "", resourceIds: error?.resourceIds ?? [])]
    }

    // MARK: - A node group update

    /// Where the update stands, from what the group and its nodes show.
    static func phase(_ t: Tracked, in snapshot: ClusterSnapshot, nodes: [NodeView]) -> UpgradePhaseName {
        let old = nodes.filter { $0.createdEpoch < t.createdEpoch }
        let fresh = nodes.filter { $0.createdEpoch >= t.createdEpoch }
        let group = snapshot.nodegroup(t.nodegroup)
        let asg = group?.autoScalingGroup.flatMap(snapshot.group)
        if old.isEmpty && !fresh.isEmpty { return .scaleDown }
        if old.contains(where: \.unschedulable) { return .upgrade }
        if let asg, let group, asg.desiredCapacity > group.desiredSize || !fresh.isEmpty { return .scaleUp }
        return .setup
    }

    private mutating func follow(_ key: String, before: ClusterSnapshot, now: ClusterSnapshot) -> [ObservedChange] {
        guard var t = tracked[key] else { return [] }
        defer { tracked[key] = t }
        var changes: [ObservedChange] = []
        let update = now.update(t.updateId)
        let status = update?.status ?? "InProgress"
        let groupNodes = now.nodes(of: t.nodegroup)
        let target: UpgradePhaseName = status == "Successful" ? .scaleDown : status == "InProgress" ? Self.phase(t, in: now, nodes: groupNodes) : (t.phase ?? .setup)
        func reach(_ phase: UpgradePhaseName, late: Bool) {
            for p in UpgradePhaseName.allCases where p <= phase && (t.phase.map { p > $0 } ?? true) {
                changes.append(.phaseStarted(nodegroup: t.nodegroup, phase: p, late: late || p < phase))
                t.phase = p
            }
        }
        // Phases the group moved through, each with what a participant would have seen in it.
        let group = now.nodegroup(t.nodegroup)
        let asgBefore = group?.autoScalingGroup.flatMap(before.group), asgNow = group?.autoScalingGroup.flatMap(now.group)
        if target >= .scaleUp {
            reach(.scaleUp, late: target > .scaleUp)
            if let a = asgBefore, let b = asgNow, b.desiredCapacity > a.desiredCapacity {
                changes.append(.groupScaledUp(nodegroup: t.nodegroup, fromDesired: a.desiredCapacity, toDesired: b.desiredCapacity,
                                              fromMax: a.maxSize, toMax: b.maxSize, zones: b.zones.count, parallelism: group?.parallelism ?? 1))
            }
        } else {
            reach(.setup, late: false)
        }
        let fresh = groupNodes.filter { $0.createdEpoch >= t.createdEpoch && $0.ready && !t.joined.contains($0.name) }
        if !fresh.isEmpty {
            t.joined.formUnion(fresh.map(\.name))
            changes.append(.nodesJoined(nodegroup: t.nodegroup, nodes: fresh.map(\.name), zones: Array(Set(fresh.map(\.zone))).sorted()))
        }
        if target >= .upgrade { reach(.upgrade, late: target > .upgrade && t.draining.isEmpty) }
        // Drains: an old cordoned node losing pods; empty; then its instance going.
        let oldBefore = Dictionary(before.nodes(of: t.nodegroup).filter { $0.createdEpoch < t.createdEpoch }.map { ($0.name, $0) },
                                   uniquingKeysWith: { a, _ in a })
        let oldNow = groupNodes.filter { $0.createdEpoch < t.createdEpoch }
        for node in oldNow where node.unschedulable {
            let had = oldBefore[node.name]?.workloadPods ?? node.workloadPods
            if node.workloadPods < had && !t.draining.contains(node.name) {
                t.draining.insert(node.name)
                changes.append(.drainStarted(nodegroup: t.nodegroup, node: node.name, oldNodesLeft: oldNow.count))
            }
            if node.workloadPods == 0 && t.draining.contains(node.name) && !t.drained.contains(node.name) {
                t.drained.insert(node.name)
                changes.append(.nodeDrained(nodegroup: t.nodegroup, node: node.name))
            }
        }
        // Budgets holding a cordoned old node still.
        for budget in now.budgets where budget.disruptionsAllowed == 0 && !t.reportedBudgets.contains(budget.key) {
            let held = oldNow.first { node in
                node.unschedulable && node.workloadPods > 0 && budget.nodes.contains(node.name)
                    && (oldBefore[node.name]?.workloadPods ?? node.workloadPods) <= node.workloadPods
            }
            guard let held, status == "InProgress" else {
                t.stalled[budget.key] = nil
                continue
            }
            let looks = (t.stalled[budget.key] ?? 0) + 1
            t.stalled[budget.key] = looks
            if looks >= blockedLooks {
                t.reportedBudgets.insert(budget.key)
                changes.append(.evictionsBlocked(nodegroup: t.nodegroup, budget: budget.name, node: held.name,
                                                 healthy: budget.currentHealthy, required: budget.desiredHealthy))
            }
        }
        for budget in now.budgets where budget.disruptionsAllowed > 0 { t.stalled[budget.key] = nil }
        // Old nodes whose instance is terminating, or that are gone.
        let instanceStates = Dictionary((asgNow?.instances ?? []).map { ($0.id, $0.lifecycleState) }, uniquingKeysWith: { a, _ in a })
        let oldNowByName = Dictionary(oldNow.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        // Old nodes left, counting down as each one gone since the last look is told.
        var left = oldNow.count + oldBefore.keys.filter { oldNowByName[$0] == nil && !t.terminating.contains($0) }.count
        for (name, node) in oldBefore.sorted(by: { $0.key < $1.key }) where !t.terminating.contains(name) {
            let current = oldNowByName[name]
            // A node still listed counts as going only once cordoned: the group's answer may be
            // newer than the node list's, and a node is always cordoned before it goes.
            let terminating = current == nil
                || (current?.unschedulable == true && (current?.instanceId.flatMap { instanceStates[$0] }?.hasPrefix("Terminating") ?? false))
            guard terminating else { continue }
            // Only the upgrade phase removes old nodes: a look that missed it still tells it first.
            reach(.upgrade, late: true)
            if !t.draining.contains(name) {
                t.draining.insert(name)
                changes.append(.drainStarted(nodegroup: t.nodegroup, node: name, oldNodesLeft: left))
            }
            if !t.drained.contains(name) {
                t.drained.insert(name)
                changes.append(.nodeDrained(nodegroup: t.nodegroup, node: name))
            }
            t.terminating.insert(name)
            if current == nil { left -= 1 }
            changes.append(.nodeTerminating(nodegroup: t.nodegroup, node: name, instanceId: node.instanceId))
        }
        // A Successful update has replaced every old node, even one a slightly older node list still shows.
        if status == "Successful" {
            for node in oldNow where !t.terminating.contains(node.name) {
                reach(.upgrade, late: true)
                if !t.draining.contains(node.name) {
                    t.draining.insert(node.name)
                    changes.append(.drainStarted(nodegroup: t.nodegroup, node: node.name, oldNodesLeft: left))
                }
                if !t.drained.contains(node.name) {
                    t.drained.insert(node.name)
                    changes.append(.nodeDrained(nodegroup: t.nodegroup, node: node.name))
                }
                t.terminating.insert(node.name)
                left -= 1
                changes.append(.nodeTerminating(nodegroup: t.nodegroup, node: node.name, instanceId: node.instanceId))
            }
        }
        if target >= .scaleDown {
            reach(.scaleDown, late: status != "InProgress")
            if let a = asgBefore, let b = asgNow, b.desiredCapacity < a.desiredCapacity {
                changes.append(.groupScaledDown(nodegroup: t.nodegroup, fromDesired: a.desiredCapacity, toDesired: b.desiredCapacity))
            }
        }
        if status != "InProgress", let update {
            // A drain that failed on evictions names the budget still at zero on the nodes it names,
            // if the looks were too far apart to see it holding the drain.
            if update.errors.first?.code == "PodEvictionFailure" {
                let nodes = Set(update.errors.flatMap(\.resourceIds))
                for budget in now.budgets where budget.disruptionsAllowed == 0 && !t.reportedBudgets.contains(budget.key) {
                    guard let held = budget.nodes.first(where: { name in nodes.contains(name) || nodes.contains { name.hasPrefix($0) } }) else { continue }
                    t.reportedBudgets.insert(budget.key)
                    changes.append(.evictionsBlocked(nodegroup: t.nodegroup, budget: budget.name, node: held,
                                                     healthy: budget.currentHealthy, required: budget.desiredHealthy))
                }
            }
            t.ended = true
            changes += ended(update, now: now)
        }
        return changes
    }
}
