import ClusterSim
import Foundation

/// `make soak`: thousands of random scenarios (1–450 nodes, 1–6 zones, budgets, strategies,
/// maxUnavailable as a count or a percentage, faults) through full upgrades, with every invariant
/// checked after every event. Prints scenarios/s, the slowest scenario, peak RSS, and RSS at each
/// tenth of the run (flat means nothing accumulates between scenarios).
enum SoakBenchmark {
    static func run(count: Int) -> Bool {
        FileHandle.standardOutput.write(Data("soak: \(count) random scenarios (1–450 nodes, 1–6 zones), invariants checked after every event\n".utf8))
        let started = Measure.now()
        var slowest: (seconds: Double, seed: UInt64, nodes: Int) = (0, 0, 0)
        var failures: [String] = []
        var outcomes: [String: Int] = [:]
        var nodesTotal = 0
        var rssSamples: [Double] = []
        for index in 0..<count {
            let seed = UInt64(index + 1)
            let (scenario, force) = Scenario.random(seed: seed, bounds: .soak)
            let nodes = scenario.nodegroups[0].desiredSize
            nodesTotal += nodes
            let scenarioStart = Measure.now()
            let monitor = InvariantMonitor()
            do {
                let (simulator, update) = try UpgradeRun.run(scenario: scenario, seed: seed, force: force, observe: monitor.observe)
                monitor.finish(simulator, update: update, scenario: scenario)
                outcomes[update.status.rawValue, default: 0] += 1
            } catch {
                failures.append("seed \(seed): the update could not start: \(error)")
            }
            let seconds = Double(Measure.now() - scenarioStart) / 1e9
            if seconds > slowest.seconds { slowest = (seconds, seed, nodes) }
            for violation in monitor.violations.prefix(3) { failures.append("seed \(seed) (\(nodes) nodes): \(violation)") }
            if (index + 1) % max(1, count / 10) == 0 {
                rssSamples.append(Measure.currentRSSMegabytes())
                let elapsed = Double(Measure.now() - started) / 1e9
                // Unbuffered, so a long soak shows its progress even through a pipe.
                FileHandle.standardOutput.write(Data(String(format: "  %6d scenarios  %7.1f s  %6.1f scenarios/s  RSS %6.1f MB\n", index + 1, elapsed,
                                                            Double(index + 1) / elapsed, rssSamples.last ?? 0).utf8))
            }
        }
        let elapsed = Double(Measure.now() - started) / 1e9
        print(String(format: "  %d scenarios (%d nodes in all) in %.1f s: %.1f scenarios/s", count, nodesTotal, elapsed, Double(count) / elapsed))
        print("  outcomes: " + outcomes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        print(String(format: "  slowest: seed %llu, %d nodes, %.3f s", slowest.seed, slowest.nodes, slowest.seconds))
        print(String(format: "  peak RSS %.1f MB", Measure.peakRSSMegabytes()))
        // The second sample, not the first: the first tenth includes the runtime's one-off growth.
        if rssSamples.count >= 3 {
            let growth = rssSamples.last! - rssSamples[1]
            print(String(format: "  RSS from 20%% to the end: %.1f → %.1f MB (%+.1f MB)  %@", rssSamples[1], rssSamples.last!, growth,
                         growth <= 20 ? "flat" : "GROWING" as NSString))
            if growth > 20 { failures.append("RSS grew by \(Int(growth)) MB over the run") }
        }
        if failures.isEmpty {
            print("  no invariant broken")
        } else {
            print("  \(failures.count) problems:")
            for failure in failures.prefix(20) { print("    " + failure) }
        }
        return failures.isEmpty
    }
}
