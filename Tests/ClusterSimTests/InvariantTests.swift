import Testing
@testable import ClusterSim

/// Properties every update must keep, checked after every event over many random scenarios.
@Suite struct InvariantTests {
    struct Case: CustomStringConvertible, Sendable {
        var seed: UInt64
        var scenario: Scenario
        var force: Bool
        var description: String { "seed \(seed)" }
    }

    /// A random scenario: 1–12 nodes, 1–4 zones, 0–8 pods per node, budgets, strategies, faults.
    static func randomCase(_ seed: UInt64) -> Case {
        let (scenario, force) = Scenario.random(seed: seed, bounds: .small)
        return Case(seed: seed, scenario: scenario, force: force)
    }

    static let cases = (1...1000).map { randomCase(UInt64($0)) }

    @Test(arguments: cases)
    func invariantsHoldAfterEveryEvent(_ testCase: Case) throws {
        let monitor = InvariantMonitor()
        let (simulator, update) = try UpgradeRun.run(scenario: testCase.scenario, seed: testCase.seed, force: testCase.force,
                                                     observe: monitor.observe)
        monitor.finish(simulator, update: update, scenario: testCase.scenario)
        #expect(monitor.violations.isEmpty, "\(monitor.violations.prefix(3))")
    }

    /// The monitor itself notices a broken property (so an empty list means something).
    @Test func theMonitorReportsALostPod() throws {
        let scenario = Scenario.synthetic(nodes: 2, zones: 1, podsPerNode: 4, budget: nil, updateConfig: UpdateConfig(maxUnavailable: 1))
        let simulator = Simulator(scenario: scenario, seed: 1)
        let workload = try #require(simulator.workloadList().first { $0.kind != .daemonSet })
        simulator.podsByWorkload[workload.key]?.removeLast()
        let monitor = InvariantMonitor()
        monitor.observe(SimEvent(time: .zero, kind: .podCreated(pod: "x", workload: workload.key)), simulator)
        #expect(monitor.violations.contains { $0.contains("\(workload.key) has") })
    }

    @Test func sameSeedSameEventsAcrossRandomScenarios() throws {
        for testCase in Self.cases.prefix(40) {
            let first = try UpgradeRun.run(scenario: testCase.scenario, seed: testCase.seed, force: testCase.force).0.events
            let second = try UpgradeRun.run(scenario: testCase.scenario, seed: testCase.seed, force: testCase.force).0.events
            #expect(first == second, "\(testCase)")
        }
    }
}
