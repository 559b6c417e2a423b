import Testing
@testable import ClusterSim

/// Properties every update must keep, checked after every event over many random scenarios.
@Suite struct InvariantTests {
    static let documentedFailureCodes: Set<String> = ["PodEvictionFailure", "NodeCreationFailure"]

    struct Case: CustomStringConvertible, Sendable {
        var seed: UInt64
        var scenario: Scenario
        var force: Bool
        var description: String { "seed \(seed)" }
    }

    /// A random scenario: 1–12 nodes, 1–4 zones, 0–8 pods per node, budgets, strategies, faults.
    static func randomCase(_ seed: UInt64) -> Case {
        var g = SeededGenerator(seed: seed &* 7919)
        func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(g.next() % UInt64(range.count)) }
        let budgets: [Scenario.BudgetSpec?] = [nil, .init(maxUnavailable: .count(1)), .init(maxUnavailable: .percent(50)),
                                               .init(minAvailable: .count(1)), .init(minAvailable: .percent(50))]
        let config = int(0...1) == 0 ? UpdateConfig(maxUnavailable: int(1...4)) : UpdateConfig(maxUnavailable: nil, maxUnavailablePercentage: int(10...60))
        var scenario = Scenario.synthetic(nodes: int(1...12), zones: int(1...4), podsPerNode: int(0...8), budget: budgets[int(0...4)],
                                          updateConfig: config)
        scenario.nodegroups[0].updateConfig.updateStrategy = int(0...3) == 0 ? .minimal : .default
        var faults: [Scenario.Fault] = []
        if int(0...9) == 0 { faults.append(.pdbBlocks) }
        if int(0...14) == 0 { faults.append(.nodeJoinFailure) }
        if int(0...14) == 0 { faults.append(.noCapacity(availabilityZone: scenario.availabilityZones[0])) }
        scenario.faults = faults
        return Case(seed: seed, scenario: scenario, force: int(0...4) == 0)
    }

    static let cases = (1...1000).map { randomCase(UInt64($0)) }

    @Test(arguments: cases)
    func invariantsHoldAfterEveryEvent(_ testCase: Case) throws {
        var violations: [String] = []
        var parallelism = 1
        let (simulator, update) = try UpgradeRun.run(scenario: testCase.scenario, seed: testCase.seed, force: testCase.force) { event, sim in
            if case .updateStarted(_, _, _, _, _, let p, _) = event.kind { parallelism = p }
            // 1. An eviction never leaves a budget below what it requires.
            if case .podEvicted(let key, _) = event.kind, let id = sim.podIdByKey[key], let pod = sim.pods[id] {
                for budget in sim.budgets(for: pod) {
                    let status = sim.budgetStatus(budget)
                    if status.healthy < status.required {
                        violations.append("\(event.time): evicting \(key) left \(budget.key) at \(status.healthy) < \(status.required)")
                    }
                }
            }
            // 2. Old nodes being upgraded at once never exceed maxUnavailable.
            let upgrading = sim.retirements.filter { $0.reason == .upgrade }.count
            if upgrading > parallelism { violations.append("\(event.time): \(upgrading) nodes upgrading > \(parallelism)") }
            // 3. No pod is lost: every workload has its replicas, live or being replaced.
            guard event.detail == .pods else { return }
            for workload in sim.workloadList() where workload.kind != .daemonSet {
                let count = (sim.podsByWorkload[workload.key] ?? []).count
                if count < workload.replicas { violations.append("\(event.time): \(workload.key) has \(count) pods < \(workload.replicas)") }
            }
        }
        #expect(violations.isEmpty, "\(violations.prefix(3))")
        // 4. Every update ends, Successful or Failed with a documented code, within a bound.
        #expect(update.status == .successful || update.status == .failed)
        #expect(simulator.now < .minutes(12 * 60))
        if update.status == .failed {
            #expect(update.errors.count == 1)
            #expect(Self.documentedFailureCodes.contains(update.errors[0].errorCode))
        } else {
            // 5. After success the group is back at its configured sizes.
            let group = try simulator.describeNodegroup(cluster: simulator.cluster.name, nodegroup: "default")
            let asg = try #require(simulator.describeAutoScalingGroups().first)
            #expect(asg.sizes == .init(min: group.scalingConfig.minSize, max: group.scalingConfig.maxSize, desired: group.scalingConfig.desiredSize))
        }
        if testCase.scenario.faults.isEmpty && testCase.scenario.nodegroups[0].updateConfig.strategy == .default
            && testCase.scenario.workloads.allSatisfy({ $0.budget == nil || $0.budget?.maxUnavailable != nil }) {
            #expect(update.status == .successful, "a fault-free update with permissive budgets must succeed")
        }
        // 6. Pods evicted were rescheduled (or are reported pending) once the dust settles.
        simulator.advance(by: .minutes(10))
        for workload in simulator.workloadList() where workload.kind != .daemonSet {
            let live = simulator.podList(namespace: workload.namespace).filter { $0.workload == workload.key && !$0.terminating }
            #expect(live.count == workload.replicas)
            for pod in live where pod.nodeName == nil {
                #expect(simulator.events.contains { $0.kind == .podPending(pod: pod.key, reason: "insufficient resources on schedulable nodes") || $0.kind == .podPending(pod: pod.key, reason: "no schedulable node") })
            }
        }
    }

    @Test func sameSeedSameEventsAcrossRandomScenarios() throws {
        for testCase in Self.cases.prefix(40) {
            let first = try UpgradeRun.run(scenario: testCase.scenario, seed: testCase.seed, force: testCase.force).0.events
            let second = try UpgradeRun.run(scenario: testCase.scenario, seed: testCase.seed, force: testCase.force).0.events
            #expect(first == second, "\(testCase)")
        }
    }
}
