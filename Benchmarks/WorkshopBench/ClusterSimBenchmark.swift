import ClusterSim
import Foundation

/// Issue goal: a 450-node group (the EKS quota), 30 pods per node, PDBs, maxUnavailable 10, fully
/// upgraded in ≤ 1 s wall and ≤ 300 MB RSS; 50 and 4,500 nodes (10 groups) alongside, as time per node.
enum ClusterSimBenchmark {
    struct Size {
        var label: String
        var nodes: Int
        var groups: Int
    }

    static func run() throws {
        print("cluster simulation: full managed node group upgrade, 30 pods per node, PDB maxUnavailable=1 per app, maxUnavailable 10")
        var perNode: [Double] = []
        let sizes = [Size(label: "50 nodes", nodes: 50, groups: 1), Size(label: "450 nodes", nodes: 450, groups: 1),
                     Size(label: "4,500 nodes (10 groups)", nodes: 450, groups: 10)]
        let only = ProcessInfo.processInfo.environment["WORKSHOP_BENCH_NODES"].flatMap(Int.init)
        for size in sizes where only == nil || size.nodes * size.groups == only {
            let scenario = Scenario.synthetic(nodes: size.nodes, zones: 3, podsPerNode: 30, budget: .init(maxUnavailable: .count(1)),
                                              updateConfig: UpdateConfig(maxUnavailable: 10), groups: size.groups)
            let total = size.nodes * size.groups
            let start = Measure.now()
            let simulator = Simulator(scenario: scenario, seed: 1)
            var ids: [String] = []
            for group in scenario.nodegroups {
                ids.append(try simulator.updateNodegroupVersion(cluster: scenario.clusterName, nodegroup: group.name).id)
            }
            simulator.run(until: {
                ids.allSatisfy { (try? simulator.describeUpdate(cluster: scenario.clusterName, updateId: $0))?.status != .inProgress }
            }, limit: .minutes(48 * 60))
            let seconds = Double(Measure.now() - start) / 1e9
            let statuses = Set(ids.compactMap { try? simulator.describeUpdate(cluster: scenario.clusterName, updateId: $0).status.rawValue })
            perNode.append(seconds / Double(total))
            print(String(format: "  %@ %8.3f s wall  %7.3f ms/node  %6d events  %@ of simulated time  %@  peak RSS %.0f MB",
                         size.label.padding(toLength: 24, withPad: " ", startingAt: 0) as NSString, seconds, seconds * 1000 / Double(total), simulator.events.count,
                         simulator.now.durationText as NSString, statuses.sorted().joined(separator: ",") as NSString,
                         Measure.peakRSSMegabytes()))
            if size.nodes == 450 && size.groups == 1 {
                print("    goal ≤ 1 s and ≤ 300 MB for 450 nodes: \(seconds <= 1 && Measure.peakRSSMegabytes() <= 300 ? "met" : "NOT met")")
            }
        }
        let spread = (perNode.max() ?? 0) / max(1e-9, perNode.min() ?? 1)
        print(String(format: "  time per node spread (max/min): %.2f×  (goal ≤ 2×)", spread))
        if only == nil || only == 450 { try wholeUpgrade() }
    }

    /// Issue goal: `workshop simulate --upgrade all` with 450 nodes ≤ 1.5 s — the control plane, the
    /// four add-ons (two DaemonSets rolling over 450 nodes), then the node group — beside the node
    /// group alone on the same scenario.
    static func wholeUpgrade() throws {
        let scenario = Scenario.synthetic(nodes: 450, zones: 3, podsPerNode: 30, budget: .init(maxUnavailable: .count(1)),
                                          updateConfig: UpdateConfig(maxUnavailable: 10))
        var figures: [(String, Double, Simulator, [EKSUpdate])] = []
        for sequence in [UpgradeRun.Sequence.nodegroup, .all] {
            let start = Measure.now()
            let (simulator, updates) = try UpgradeRun.run(sequence, scenario: scenario, seed: 1)
            figures.append((sequence.rawValue, Double(Measure.now() - start) / 1e9, simulator, updates))
        }
        for (name, seconds, simulator, updates) in figures {
            let statuses = Set(updates.map(\.status.rawValue)).sorted().joined(separator: ",")
            print(String(format: "  --upgrade %-9@ 450 nodes %7.3f s wall  %2d updates %@  %6d events  %@ of simulated time",
                         name as NSString, seconds, updates.count, statuses as NSString, simulator.events.count, simulator.now.durationText as NSString))
        }
        let all = figures[1].1
        print(String(format: "    goal ≤ 1.5 s for --upgrade all: %@ (%.2f× the node group alone)", all <= 1.5 ? "met" : "NOT met", all / max(1e-9, figures[0].1)))
    }
}
