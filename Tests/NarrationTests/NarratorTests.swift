import Testing
import ClusterSim
@testable import Narration

/// What a participant reads while an update runs: the narrator's lines for a simulated cluster.
@Suite struct NarratorTests {
    /// What the narrator says about a simulator's events, in order (`all` is emptied by the tests
    /// that look at one stretch at a time).
    final class Lines: @unchecked Sendable { var all: [String] = [] }

    private func listen(_ simulator: Simulator, level: NarrationLevel = .full) -> Lines {
        var narrator = Narrator(level: level)
        let lines = Lines()
        simulator.observe { event in
            if let text = narrator.narrate(event, simulator: simulator) { lines.all.append(text) }
        }
        return lines
    }

    /// Runs an update of `nodegroup` to its end and returns every line the narrator said, in order.
    private func narration(_ scenario: Scenario, updating nodegroup: String, level: NarrationLevel = .full,
                           force: Bool = false) throws -> [String] {
        let simulator = Simulator(scenario: scenario, seed: 7)
        let lines = listen(simulator, level: level)
        _ = try simulator.updateNodegroupVersion(cluster: scenario.clusterName, nodegroup: nodegroup, force: force)
        _ = simulator.run(until: { simulator.activeUpdate(nodegroup: nodegroup) == nil }, limit: .seconds(4 * 3600))
        return lines.all
    }

    private var twoGroups: Scenario {
        var scenario = Scenario.default
        var batch = Scenario.NodegroupSpec()
        batch.name = "batch"
        batch.labels = ["workshop-batch": "yes"]
        batch.updateConfig.maxUnavailable = 2
        batch.minSize = 4
        batch.desiredSize = 4
        batch.maxSize = 8
        scenario.nodegroups.append(batch)
        return scenario
    }

    @Test func thePhasesAreExplainedInOrder() throws {
        let lines = try narration(.default, updating: "default")
        let phases = ["EKS accepted the update of node group default", "Phase 1/4, setup", "Phase 2/4, scale up",
                      "Phase 3/4, upgrade", "Phase 4/4, scale down", "is Successful"]
        let found = phases.map { phase in lines.firstIndex { $0.hasPrefix(phase) || $0.contains(phase) } }
        #expect(found.allSatisfy { $0 != nil }, "\(lines)")
        #expect(found.compactMap { $0 } == found.compactMap { $0 }.sorted())
        #expect(lines.contains { $0.hasPrefix("Evicted ") })
        #expect(lines.contains { $0.hasPrefix("Terminating i-") })
    }

    /// The second node group's update is narrated with its own settings: its maxUnavailable, its
    /// evictions and terminations (the narrator once looked only at the first node group).
    @Test func anUpdateOfTheSecondNodeGroupIsNarratedForThatGroup() throws {
        let lines = try narration(twoGroups, updating: "batch")
        #expect(lines.first?.hasPrefix("EKS accepted the update of node group batch") == true, "\(lines)")
        #expect(lines.contains { $0.contains("and maxUnavailable = 2, so every zone gets a new node") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("Evicted ") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("Terminating i-") }, "\(lines)")
        #expect(lines.last?.contains("is Successful") == true)
    }

    /// The control plane's move is narrated from accepted to done, and the participant is told the
    /// node groups must follow before it can move again.
    @Test func aControlPlaneUpdateIsExplainedAndPointsAtTheNodeGroups() throws {
        let simulator = Simulator(scenario: .default, seed: 7)
        let lines = listen(simulator)
        let update = try simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.34")
        #expect(Narrator.explain(simulator).contains("new API server instances on 1.34 are starting"))
        simulator.run(until: { simulator.controlPlaneUpdate == nil }, limit: .minutes(30))
        #expect(lines.all.count == 4, "\(lines.all)")
        #expect(lines.all[0].hasPrefix("EKS accepted the control plane update from Kubernetes 1.33 to 1.34"))
        #expect(lines.all[1].hasPrefix("The cluster is UPDATING"))
        #expect(lines.all[2].contains("kubectl version reports a 1.34 server"))
        #expect(lines.all[3].contains("Node group default still runs 1.33"))
        #expect(lines.all[3].contains("aws eks update-nodegroup-version --kubernetes-version 1.34"))
        #expect(Narrator.explain(simulator).hasPrefix("The control plane runs Kubernetes 1.34 (eks.11) and is ACTIVE."))
        #expect(try simulator.describeUpdate(cluster: "eks-workshop", updateId: update.id).status == .successful)
    }

    /// After the control plane moves, the narrator names the add-ons left behind; an add-on's own
    /// update is explained from start to end.
    @Test func addOnsLeftBehindAreNamedAndTheirUpdateExplained() throws {
        let simulator = Simulator(scenario: .default, seed: 7)
        let lines = listen(simulator)
        _ = try simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.34")
        simulator.run(until: { simulator.controlPlaneUpdate == nil }, limit: .minutes(30))
        #expect(lines.all.last?.contains("These add-ons are not made for 1.34 and need an update too: kube-proxy v1.33.0-eksbuild.2 (") == true, "\(lines.all)")
        lines.all = []
        _ = try simulator.updateAddon(cluster: "eks-workshop", addon: "kube-proxy", version: "v1.34.0-eksbuild.2")
        #expect(Narrator.explain(simulator).contains("moves the kube-proxy add-on from v1.33.0-eksbuild.2 to v1.34.0-eksbuild.2: 3 pods still to replace"))
        simulator.run(until: { simulator.addonUpdates.isEmpty }, limit: .minutes(30))
        #expect(lines.all.first?.hasPrefix("EKS accepted the update of the kube-proxy add-on from v1.33.0-eksbuild.2 to v1.34.0-eksbuild.2") == true, "\(lines.all)")
        #expect(lines.all.first?.contains("replaces the add-on's 3 pods one at a time") == true)
        #expect(lines.all.last == "The kube-proxy add-on now runs v1.34.0-eksbuild.2 and is ACTIVE again.")
    }

    /// A request that breaks one of the upgrade's rules is refused, and the narrator says which rule
    /// and what to do instead.
    @Test func refusedRequestsAreExplainedByTheRuleTheyBreak() throws {
        var scenario = Scenario.default
        scenario.kubernetesVersion = "1.32"
        let simulator = Simulator(scenario: scenario, seed: 7)
        let lines = listen(simulator)
        _ = try? simulator.updateNodegroupVersion(cluster: "eks-workshop", nodegroup: "default", version: "1.33")
        #expect(lines.all.last?.hasPrefix("A node group may not run a newer Kubernetes version than its control plane (1.32).") == true, "\(lines.all)")
        _ = try? simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.34")
        #expect(lines.all.last == "The control plane moves one minor version at a time, and only forward: from 1.32 the next is 1.33.")
        _ = try? simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.33")
        #expect(lines.all.last?.hasPrefix("An upgrade insight reports an error for 1.33: aws eks list-insights") == true, "\(lines.all)")
        #expect(lines.all.count == 3)
        #expect(simulator.events.allSatisfy { $0.type == "requestRefused" }, "refusals change nothing")
    }

    @Test func briefNarrationKeepsOnlyPhasesAndTheResult() throws {
        let lines = try narration(.default, updating: "default", level: .brief)
        #expect(!lines.contains { $0.hasPrefix("Evicted ") || $0.hasPrefix("Terminating ") || $0.contains("picked") })
        #expect(lines.filter { $0.hasPrefix("Phase ") }.count == 4)
        #expect(try narration(.default, updating: "default", level: .off).isEmpty)
    }

    @Test func aBlockingBudgetIsExplainedOnceAndTheFailureSaysWhatToDo() throws {
        var scenario = Scenario.default
        scenario.faults = [.pdbBlocks]
        let lines = try narration(scenario, updating: "default")
        let refusals = lines.filter { $0.hasPrefix("The eviction of ") }
        #expect(!refusals.isEmpty)
        #expect(Set(refusals).count == refusals.count, "each refused pod is explained once")
        let failure = try #require(lines.last)
        #expect(failure.hasPrefix("The update failed: PodEvictionFailure"))
        #expect(failure.contains("kubectl get pdb -A"))
    }
}
