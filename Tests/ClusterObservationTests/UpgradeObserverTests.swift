import Testing
import ClusterSim
@testable import ClusterObservation

/// Inference from pairs of snapshots, built by hand: what a participant's poller would see.
@Suite struct UpgradeObserverTests {
    static let created = 1_000.0

    static func node(_ name: String, created: Double = 0, unschedulable: Bool = false, pods: Int = 2, ready: Bool = true) -> NodeView {
        NodeView(name: name, nodegroup: "default", zone: "us-west-2a", instanceId: "i-\(name)", createdEpoch: created, kubeletVersion: "v1.33.5",
                 image: nil, ready: ready, unschedulable: unschedulable, taints: [], workloadPods: pods, daemonPods: 3)
    }

    static func snapshot(time: Double, status: String = "InProgress", desired: Int = 3, nodes: [NodeView], budgets: [BudgetView] = [],
                         errors: [UpdateView.ErrorDetail] = []) -> ClusterSnapshot {
        let update = UpdateView(id: "u-1", subject: .nodegroup("default"), type: "VersionUpdate", status: status,
                                params: ["Version": "1.33", "ReleaseVersion": "1.33.5-20251112"], createdEpoch: created, errors: errors)
        return ClusterSnapshot(
            time: time, epoch: created + time, cluster: ClusterView(name: "c", version: "1.33", platformVersion: "eks.12", status: "ACTIVE", serverVersion: "1.33"),
            updates: time < 0 ? [] : [update],
            nodegroups: [NodegroupView(name: "default", status: status == "InProgress" ? "UPDATING" : "ACTIVE", version: "1.33", releaseVersion: "1.33.0",
                                       minSize: 3, maxSize: 6, desiredSize: 3, maxUnavailable: 1, autoScalingGroup: "asg")],
            groups: [AutoScalingGroupView(name: "asg", minSize: 3, maxSize: 6, desiredCapacity: desired, launchTemplateVersion: "2",
                                          zones: ["us-west-2a"], instances: [])],
            nodes: nodes, budgets: budgets)
    }

    @Test func anUpdateSeenOnlyBeforeAndAfterIsToldWholeAndInOrder() {
        var observer = UpgradeObserver()
        _ = observer.observe(Self.snapshot(time: -1, nodes: [Self.node("old-a"), Self.node("old-b")]))
        let changes = observer.observe(Self.snapshot(time: 3000, status: "Successful",
                                                     nodes: [Self.node("new-a", created: 2000), Self.node("new-b", created: 2100)]))
        let phases = changes.compactMap { change -> (UpgradePhaseName, Bool)? in
            if case let .phaseStarted(_, phase, late) = change { return (phase, late) }
            return nil
        }
        #expect(phases.map(\.0) == [.setup, .scaleUp, .upgrade, .scaleDown])
        #expect(phases.allSatisfy { $0.1 }, "every phase was over before the second look")
        guard case .nodegroupUpdateAccepted(_, "default", "1.33", "1.33.5-20251112", "DEFAULT", 1)? = changes.first else {
            Issue.record("\(changes)"); return
        }
        guard case .updateSucceeded("u-1", .nodegroup("default"), "VersionUpdate")? = changes.last else { Issue.record("\(changes)"); return }
        let terminated = changes.filter { if case .nodeTerminating = $0 { return true } else { return false } }
        #expect(terminated.count == 2, "both old nodes went: \(changes)")
    }

    @Test func aBudgetHoldingADrainIsReportedOnceThreeLooksInARowFoundItSo() {
        var observer = UpgradeObserver(blockedLooks: 3)
        let budget = BudgetView(namespace: "ui", name: "ui", disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, nodes: ["old-a"])
        let cordoned = [Self.node("old-a", unschedulable: true), Self.node("new-a", created: 1500)]
        _ = observer.observe(Self.snapshot(time: 600, desired: 4, nodes: [Self.node("old-a"), Self.node("new-a", created: 1500)]))
        var reported: [ObservedChange] = []
        for time in stride(from: 610.0, through: 700, by: 10) {
            reported += observer.observe(Self.snapshot(time: time, desired: 4, nodes: cordoned, budgets: [budget])).filter {
                if case .evictionsBlocked = $0 { return true } else { return false }
            }
            if time < 630 { #expect(reported.isEmpty, "at \(time) s fewer than three looks found the budget holding the drain") }
            if time == 630 { #expect(reported.count == 1, "the third look reports it") }
        }
        #expect(reported == [.evictionsBlocked(nodegroup: "default", budget: "ui", node: "old-a", healthy: 1, required: 1)])
    }

    /// The CLIs answer at slightly different moments: an update may already say Successful while the
    /// node list still shows an old node. It is told as gone, and only once.
    @Test func aSuccessfulUpdateSeenWithAStaleNodeListStillTellsEveryOldNodeGone() {
        var observer = UpgradeObserver()
        _ = observer.observe(Self.snapshot(time: 100, desired: 6, nodes: [Self.node("old-a", unschedulable: true, pods: 0),
                                                                          Self.node("old-b", unschedulable: true), Self.node("new-a", created: 1050)]))
        let changes = observer.observe(Self.snapshot(time: 400, status: "Successful", nodes: [Self.node("old-a", unschedulable: true, pods: 0),
                                                                                              Self.node("new-a", created: 1050)]))
        let gone = changes.compactMap { change -> String? in
            if case let .nodeTerminating(_, node, _) = change { return node }
            return nil
        }
        #expect(gone.sorted() == ["old-a", "old-b"], "\(changes)")
        #expect(observer.observe(Self.snapshot(time: 500, status: "Successful", nodes: [Self.node("new-a", created: 1050)])).isEmpty)
    }

    @Test func aBudgetBrieflyAtZeroWhileADrainMovesIsNotReported() {
        var observer = UpgradeObserver(blockedLooks: 3)
        _ = observer.observe(Self.snapshot(time: 600, desired: 4, nodes: [Self.node("old-a", unschedulable: true, pods: 5)]))
        var changes: [ObservedChange] = []
        for (step, pods) in [4, 3, 2, 1, 0, 0, 0, 0].enumerated() {
            let zero = BudgetView(namespace: "ui", name: "ui", disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, nodes: pods > 0 ? ["old-a"] : [])
            changes += observer.observe(Self.snapshot(time: 610 + Double(step) * 10, desired: 4,
                                                      nodes: [Self.node("old-a", unschedulable: true, pods: pods)], budgets: [zero]))
        }
        #expect(!changes.contains { if case .evictionsBlocked = $0 { return true } else { return false } }, "\(changes)")
        #expect(changes.contains(.drainStarted(nodegroup: "default", node: "old-a", oldNodesLeft: 1)))
        #expect(changes.contains(.nodeDrained(nodegroup: "default", node: "old-a")))
    }

    @Test func aFailedUpdateIsToldWithItsErrorCodeAndTheBudgetThatHeldItIfNoLookSawIt() {
        var observer = UpgradeObserver()
        let zero = BudgetView(namespace: "ui", name: "ui-strict", disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, nodes: ["old-a"])
        _ = observer.observe(Self.snapshot(time: 100, nodes: [Self.node("old-a", unschedulable: true)]))
        let changes = observer.observe(Self.snapshot(time: 1000, status: "Failed", nodes: [Self.node("old-a", unschedulable: true)], budgets: [zero],
                                                     errors: [.init(code: "PodEvictionFailure", message: "Reached max retries while trying to evict pods from nodes in node group default",
                                                                    resourceIds: ["old-a"])]))
        guard case let .updateFailed("u-1", .nodegroup("default"), code, _, ids)? = changes.last else { Issue.record("\(changes)"); return }
        #expect(code == "PodEvictionFailure" && ids == ["old-a"])
        #expect(changes.dropLast().last == .evictionsBlocked(nodegroup: "default", budget: "ui-strict", node: "old-a", healthy: 2, required: 2))
    }

    /// A control plane update whose cut-over fell between two looks is still told in order.
    @Test func aMissedCutOverIsToldBeforeTheVersionChange() {
        var observer = UpgradeObserver()
        func look(_ version: String, _ server: String, _ status: String, updateStatus: String) -> ClusterSnapshot {
            ClusterSnapshot(time: 0, epoch: 0, cluster: ClusterView(name: "c", version: version, platformVersion: "eks.1", status: status, serverVersion: server),
                            updates: [UpdateView(id: "cp", subject: .controlPlane, type: "VersionUpdate", status: updateStatus, params: ["Version": "1.34"], createdEpoch: 0)])
        }
        _ = observer.observe(ClusterSnapshot(time: 0, epoch: 0, cluster: ClusterView(name: "c", version: "1.33", platformVersion: "eks.1", status: "ACTIVE", serverVersion: "1.33")))
        #expect(observer.observe(look("1.33", "1.33", "UPDATING", updateStatus: "InProgress")) == [.clusterUpdateAccepted(updateId: "cp", from: "1.33", to: "1.34"), .clusterUpdating])
        let changes = observer.observe(look("1.34", "1.34", "ACTIVE", updateStatus: "Successful"))
        #expect(changes.first == .controlPlaneServing(version: "1.34"), "\(changes)")
        guard case .clusterVersionChanged("1.33", "1.34", _, _, _)? = changes.dropFirst().first else { Issue.record("\(changes)"); return }
    }

    /// Looking at the simulator through its queries shows what its CLIs show.
    @Test func theSimulatorsSnapshotShowsWhatItsQueriesAnswer() throws {
        let simulator = Simulator(scenario: .default, seed: 3)
        let snapshot = SimulatorSnapshotSource(simulator: simulator).snapshot()
        let scheduled = simulator.podList().filter { !$0.isDaemon && $0.nodeName != nil && !$0.terminating }.count
        #expect(snapshot.nodes.count == 3 && snapshot.nodes.allSatisfy { $0.ready && !$0.unschedulable && $0.nodegroup == "default" })
        #expect(snapshot.nodegroups.map(\.name) == ["default"])
        #expect(snapshot.groups.first?.desiredCapacity == 3)
        #expect(!snapshot.budgets.isEmpty && snapshot.budgets.allSatisfy { $0.disruptionsAllowed >= 1 })
        #expect(snapshot.addons.map(\.name).contains("coredns"))
        let counted = snapshot.nodes.reduce(0) { $0 + $1.workloadPods }
        #expect(counted == scheduled)
    }
}

/// The timeline's frames: what each node was at each look, kept through a recording.
@Suite struct TimelineFrameTests {
    @Test func anOldNodesLifeIsReadyCordonedDrainingTerminatingGone() throws {
        let simulator = Simulator(scenario: .default, seed: 7)
        let watcher = ClusterWatcher(source: SimulatorSnapshotSource(simulator: simulator))
        var frames: [TimelineFrame] = []
        watcher.subscribe { if let frame = $0.frame { frames.append(frame) } }
        watcher.poll()
        simulator.addTicker(every: .seconds(10)) { watcher.poll() }
        let old = simulator.nodeList().map(\.name)
        let first = try #require(old.first)
        _ = try simulator.updateNodegroupVersion(cluster: "eks-workshop", nodegroup: "default")
        _ = simulator.run(until: { simulator.activeUpdate(nodegroup: "default") == nil }, limit: .seconds(4 * 3600))
        watcher.poll()
        var states: [TimelineFrame.NodeState] = []
        for frame in frames {
            guard let state = frame.nodes.first(where: { $0.name == first })?.state, states.last != state else { continue }
            states.append(state)
        }
        #expect(states == [.ready, .cordoned, .draining, .terminating, .gone], "\(states)")
        #expect(frames.last?.results == [.init(subject: "node group default", status: "Successful")])
        let last = try #require(frames.last)
        #expect(old.allSatisfy { name in last.nodes.contains { $0.name == name && $0.state == .gone } }, "the old nodes keep their rows")
        #expect(last.nodes.filter { $0.state == .ready }.count == 3)
        #expect(zip(frames, frames.dropFirst()).allSatisfy { !$0.sameState(as: $1) }, "a frame is kept only when the picture changed")
        #expect(frames.contains { $0.groups.first?.phase == .scaleUp && ($0.groups.first?.desired ?? 0) > 3 })
    }

    @Test func aFrameSurvivesItsJSON() throws {
        let frame = TimelineFrame(time: 12.5, nodes: [.init(name: "ip-1", nodegroup: "default", zone: "us-west-2a", state: .draining)],
                                  groups: [.init(nodegroup: "default", desired: 6, configured: 3, phase: .upgrade)],
                                  refusals: [.init(budget: "ui", node: "ip-1")],
                                  results: [.init(subject: "node group default", status: "Failed", code: "PodEvictionFailure")])
        #expect(TimelineFrame(json: frame.json) == frame)
    }
}

/// The simulated clock stops at each multiple of a ticker's interval, after everything due before it.
@Suite struct SimulatorTickerTests {
    @Test func tickersFireAtEveryMultipleWhateverTheSteps() {
        let simulator = Simulator(scenario: .default, seed: 1)
        final class Times: @unchecked Sendable { var all: [Int64] = [] }
        let times = Times()
        simulator.addTicker(every: .seconds(10)) { times.all.append(simulator.now.milliseconds) }
        let start = simulator.now.milliseconds
        simulator.run(until: simulator.now + .seconds(25))
        simulator.advance(by: .seconds(7))
        simulator.run(until: simulator.now + .seconds(20))
        let expected = stride(from: (start / 10_000 + 1) * 10_000, through: start + 52_000, by: 10_000).map { $0 }
        #expect(times.all == expected)
    }
}
