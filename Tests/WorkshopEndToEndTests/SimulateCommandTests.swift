import Foundation
import Testing

/// `workshop simulate` as an author or instructor runs it.
@Suite struct SimulateCommandTests {
    @Test func defaultUpgradeTimelineShowsThePhasesInOrderAndSucceeds() throws {
        let result = try WorkshopBinary.run(["simulate"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let order = ["setup phase started", "scale-up phase started", "upgrade phase started", "scale-down phase started"]
        let positions = order.map { phase in lines.firstIndex { $0.contains(phase) } }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(lines.contains { $0.contains("resized (scale-up): max 6 → 12, desired 3 → 9") })
        #expect(lines.last?.contains(": Successful after ") == true)
        #expect(lines.allSatisfy { $0.hasPrefix("[") || $0.hasPrefix("update ") })
    }

    @Test func upgradeAllMovesTheControlPlaneThenEveryNodeGroup() throws {
        let result = try WorkshopBinary.run(["simulate", "--upgrade", "all", "--detail", "phases"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let cutOver = try #require(lines.firstIndex { $0.contains("API server endpoint now served by control plane instances running Kubernetes 1.34") })
        let setup = try #require(lines.firstIndex { $0.contains("setup phase started") })
        #expect(cutOver < setup, "the nodes move after the control plane")
        #expect(lines.contains { $0.contains("node group default → Kubernetes 1.34") })
        let results = lines.filter { $0.hasPrefix("update ") && $0.contains(": Successful after ") }
        // CoreDNS already runs a build made for 1.34; the other three add-ons move.
        #expect(results.count == 5, "\(results)")
        #expect(results.first?.contains("(control plane)") == true)
        #expect(results.dropFirst().prefix(3).allSatisfy { $0.contains("(add-on ") })
        #expect(results.last?.contains("(node group default)") == true)
        #expect(lines.contains { $0.contains("add-on kube-proxy now runs v1.34.3-eksbuild.4") })
        let unknown = try WorkshopBinary.run(["simulate", "--upgrade", "everything"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Please provide one of 'nodegroup', 'cluster', 'addons' or 'all'"))
    }

    @Test func sameSeedSameOutput() throws {
        let a = try WorkshopBinary.run(["simulate", "--seed", "7", "--events", "json"])
        let b = try WorkshopBinary.run(["simulate", "--seed", "7", "--events", "json"])
        #expect(a.stdout == b.stdout)
        #expect(!a.stdout.isEmpty)
        for line in a.stdout.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["time"] != nil && object["type"] != nil && object["at"] != nil)
        }
    }

    @Test func blockingBudgetExitsOneWithTheErrorCode() throws {
        let result = try WorkshopBinary.run(["simulate", "--fault", "pdb-blocks", "--detail", "phases"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("Failed after"))
        #expect(result.stdout.contains("PodEvictionFailure: Reached max retries while trying to evict pods from nodes in node group default"))
        let forced = try WorkshopBinary.run(["simulate", "--fault", "pdb-blocks", "--force", "--detail", "phases"])
        #expect(forced.status == 0)
    }

    @Test func knobsBuildASyntheticScenario() throws {
        let result = try WorkshopBinary.run(["simulate", "--nodes", "6", "--azs", "2", "--pods-per-node", "4", "--pdb", "maxUnavailable=1",
                                             "--max-unavailable", "2", "--strategy", "MINIMAL", "--detail", "phases"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("strategy MINIMAL, up to 2 nodes at a time"))
        #expect(!result.stdout.contains("scale-up phase"))
    }

    @Test func scenarioFileAndItsErrors() throws {
        let dir = NSTemporaryDirectory() + "workshop-sim-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = dir + "/good.yaml"
        try "cluster: {name: lab, version: \"1.31\"}\nnodegroups: [{name: apps, desiredSize: 2, minSize: 2, maxSize: 4}]\nworkloads: []\n"
            .write(toFile: good, atomically: true, encoding: .utf8)
        let ok = try WorkshopBinary.run(["simulate", "--scenario", good, "--detail", "phases"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("node group apps → Kubernetes 1.31"))
        let bad = dir + "/bad.yaml"
        try "cluster:\n  nmae: lab\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let failed = try WorkshopBinary.run(["simulate", "--scenario", bad])
        #expect(failed.status == 65)
        #expect(failed.stderr.hasPrefix("\(bad):2: error: unknown key 'cluster.nmae'"))
    }

    @Test func badKnobsAreUsageErrors() throws {
        #expect(try WorkshopBinary.run(["simulate", "--nodes", "451"]).status == 2)
        #expect(try WorkshopBinary.run(["simulate", "--fault", "meteor"]).stderr.contains("pdb-blocks, no-capacity:<availability-zone>, node-join-failure"))
        #expect(try WorkshopBinary.run(["simulate", "--max-unavailable", "1", "--max-unavailable-percentage", "5"]).status == 2)
    }
}
