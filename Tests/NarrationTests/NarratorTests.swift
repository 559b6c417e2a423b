import Testing
import ClusterSim
import ClusterObservation
@testable import Narration

/// What a participant reads while an update runs: the narrator's lines for what an observer saw of
/// a simulated cluster, looking every 10 simulated seconds as the guided shell does.
@Suite struct NarratorTests {
    final class Lines: @unchecked Sendable { var all: [String] = [] }

    /// Watches `simulator` every `interval` seconds and collects what the narrator says.
    private func listen(_ simulator: Simulator, level: NarrationLevel = .full, interval: Double = 10) -> (Lines, ClusterWatcher) {
        let narrator = Narrator(level: level)
        let lines = Lines()
        let watcher = ClusterWatcher(source: SimulatorSnapshotSource(simulator: simulator))
        watcher.subscribe { lines.all += narrator.narrate($0) }
        watcher.poll()
        simulator.addTicker(every: .seconds(interval)) { watcher.poll() }
        return (lines, watcher)
    }

    /// Runs an update of `nodegroup` to its end and returns every line the narrator said, in order.
    private func narration(_ scenario: Scenario, updating nodegroup: String, level: NarrationLevel = .full,
                           force: Bool = false) throws -> [String] {
        let simulator = Simulator(scenario: scenario, seed: 7)
        let (lines, watcher) = listen(simulator, level: level)
        _ = try simulator.updateNodegroupVersion(cluster: scenario.clusterName, nodegroup: nodegroup, force: force)
        _ = simulator.run(until: { simulator.activeUpdate(nodegroup: nodegroup) == nil }, limit: .seconds(4 * 3600))
        watcher.poll()
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
        let phases = ["EKS accepted the update of node group default", "Phase 1/4, setup:", "Phase 2/4, scale up:",
                      "Phase 3/4, upgrade:", "Phase 4/4, scale down:", "is Successful"]
        let found = phases.map { phase in lines.firstIndex { $0.hasPrefix(phase) || $0.contains(phase) } }
        #expect(found.allSatisfy { $0 != nil }, "\(lines)")
        #expect(found.compactMap { $0 } == found.compactMap { $0 }.sorted())
        #expect(!lines.contains { $0.contains("already over") }, "looking every 10 s, no phase is missed: \(lines)")
        #expect(lines.filter { $0.hasPrefix("EKS is draining ") }.count == 3, "each of the 3 old nodes is drained once: \(lines)")
        #expect(lines.filter { $0.hasPrefix("Terminating i-") }.count == 3)
        #expect(!lines.contains { $0.hasPrefix("Evictions from ") }, "a normal drain is not reported as blocked: \(lines)")
    }

    /// The second node group's update is narrated with its own settings: its maxUnavailable, its
    /// drains and terminations.
    @Test func anUpdateOfTheSecondNodeGroupIsNarratedForThatGroup() throws {
        let lines = try narration(twoGroups, updating: "batch")
        #expect(lines.first?.hasPrefix("EKS accepted the update of node group batch") == true, "\(lines)")
        #expect(lines.first?.contains("up to 2 nodes at a time") == true, "\(lines)")
        #expect(lines.contains { $0.contains("and maxUnavailable = 2, so every zone gets a new node") }, "\(lines)")
        #expect(lines.filter { $0.hasPrefix("EKS is draining ") }.count == 4, "\(lines)")
        #expect(lines.last?.contains("is Successful") == true)
    }

    /// The control plane's move is narrated from accepted to done, and the participant is told the
    /// node groups must follow before it can move again.
    @Test func aControlPlaneUpdateIsExplainedAndPointsAtTheNodeGroups() throws {
        let simulator = Simulator(scenario: .default, seed: 7)
        let (lines, watcher) = listen(simulator)
        let update = try simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.34")
        watcher.poll()
        #expect(Narrator.explain(try #require(watcher.last), observer: watcher.observer).contains("new API server instances on 1.34 are starting"))
        simulator.run(until: { simulator.controlPlaneUpdate == nil }, limit: .minutes(30))
        watcher.poll()
        #expect(lines.all.count == 4, "\(lines.all)")
        #expect(lines.all[0].hasPrefix("EKS accepted the control plane update from Kubernetes 1.33 to 1.34"))
        #expect(lines.all[1].hasPrefix("The cluster is UPDATING"))
        #expect(lines.all[2].contains("kubectl version reports a 1.34 server"))
        #expect(lines.all[3].contains("Node group default still runs 1.33"))
        #expect(lines.all[3].contains("aws eks update-nodegroup-version --kubernetes-version 1.34"))
        #expect(Narrator.explain(try #require(watcher.last), observer: watcher.observer).hasPrefix("The control plane runs Kubernetes 1.34 (eks.11) and is ACTIVE."))
        #expect(try simulator.describeUpdate(cluster: "eks-workshop", updateId: update.id).status == .successful)
    }

    /// After the control plane moves, the narrator names the add-ons left behind; an add-on's own
    /// update is explained from start to end.
    @Test func addOnsLeftBehindAreNamedAndTheirUpdateExplained() throws {
        let simulator = Simulator(scenario: .default, seed: 7)
        let (lines, watcher) = listen(simulator)
        _ = try simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.34")
        simulator.run(until: { simulator.controlPlaneUpdate == nil }, limit: .minutes(30))
        watcher.poll()
        #expect(lines.all.last?.contains("These add-ons are not made for 1.34 and need an update too: kube-proxy v1.33.0-eksbuild.2 (") == true, "\(lines.all)")
        lines.all = []
        _ = try simulator.updateAddon(cluster: "eks-workshop", addon: "kube-proxy", version: "v1.34.0-eksbuild.2")
        watcher.poll()
        #expect(Narrator.explain(try #require(watcher.last), observer: watcher.observer)
            .contains("moves the kube-proxy add-on from v1.33.0-eksbuild.2 to v1.34.0-eksbuild.2: 3 pods still to replace"))
        simulator.run(until: { simulator.addonUpdates.isEmpty }, limit: .minutes(30))
        watcher.poll()
        #expect(lines.all.first?.hasPrefix("EKS accepted the update of the kube-proxy add-on from v1.33.0-eksbuild.2 to v1.34.0-eksbuild.2") == true, "\(lines.all)")
        #expect(lines.all.first?.contains("replaces the add-on's 3 pods one at a time") == true)
        #expect(lines.all.last == "The kube-proxy add-on now runs v1.34.0-eksbuild.2 and is ACTIVE again.")
    }

    @Test func briefNarrationKeepsOnlyPhasesAndTheResult() throws {
        let lines = try narration(.default, updating: "default", level: .brief)
        #expect(!lines.contains { $0.hasPrefix("EKS is draining") || $0.hasPrefix("Terminating ") || $0.contains("is empty") })
        #expect(lines.filter { $0.hasPrefix("Phase ") }.count == 4)
        #expect(try narration(.default, updating: "default", level: .off).isEmpty)
    }

    @Test func aBlockingBudgetIsExplainedOnceAndTheFailureSaysWhatToDo() throws {
        var scenario = Scenario.default
        scenario.faults = [.pdbBlocks]
        let lines = try narration(scenario, updating: "default")
        let refusals = lines.filter { $0.hasPrefix("Evictions from ") }
        #expect(refusals.count == 1, "\(lines)")
        #expect(refusals.first?.contains("PodDisruptionBudget ") == true)
        let failure = try #require(lines.last)
        #expect(failure.hasPrefix("The update failed: PodEvictionFailure"), "\(lines)")
        #expect(failure.contains("kubectl get pdb -A"))
    }

    /// When looks are 20 minutes apart, every phase is still told, in order, the missed ones marked.
    @Test func sparseLooksStillTellEveryPhaseInOrder() throws {
        let simulator = Simulator(scenario: .default, seed: 7)
        let (lines, watcher) = listen(simulator, interval: 1200)
        _ = try simulator.updateNodegroupVersion(cluster: "eks-workshop", nodegroup: "default")
        _ = simulator.run(until: { simulator.activeUpdate(nodegroup: "default") == nil }, limit: .seconds(4 * 3600))
        watcher.poll()
        let phases = lines.all.filter { $0.hasPrefix("Phase ") }.map { String($0.prefix(9)) }
        #expect(phases == ["Phase 1/4", "Phase 2/4", "Phase 3/4", "Phase 4/4"], "\(lines.all)")
        #expect(lines.all.contains { $0.contains("(already over when Workshop looked)") })
        #expect(lines.all.last?.contains("is Successful") == true)
    }
}

/// Refused requests, read from what the command printed, explained by the rule they broke.
@Suite struct RefusalExplainerTests {
    let cluster = ClusterView(name: "eks-workshop", version: "1.32", platformVersion: "eks.13", status: "ACTIVE", serverVersion: "1.32")

    @Test func theAWSCLIsErrorLineIsRead() throws {
        let output = "\nAn error occurred (InvalidParameterException) when calling the UpdateClusterVersion operation: Unsupported Kubernetes minor version update from 1.32 to 1.34\n"
        let refusal = try #require(RefusalExplainer.refusals(in: output).first)
        #expect(refusal == .init(operation: "UpdateClusterVersion", code: "InvalidParameterException",
                                 message: "Unsupported Kubernetes minor version update from 1.32 to 1.34"))
        #expect(RefusalExplainer.explain(refusal, cluster: cluster) == "The control plane moves one minor version at a time, and only forward: from 1.32 the next is 1.33.")
    }

    @Test func eksctlsGoSDKErrorLineIsRead() throws {
        let output = "Error: operation error EKS: UpdateClusterVersion, https response error StatusCode: 400, RequestID: 0b5e, InvalidStateException: Upgrade readiness issues detected\n"
        let refusal = try #require(RefusalExplainer.refusals(in: output).first)
        #expect(refusal.operation == "UpdateClusterVersion" && refusal.code == "InvalidStateException")
        #expect(RefusalExplainer.explain(refusal, cluster: cluster)?.hasPrefix("An upgrade insight reports an error for 1.33: aws eks list-insights") == true)
    }

    @Test func aNodeGroupAheadOfItsControlPlaneIsExplained() throws {
        let output = "An error occurred (InvalidParameterException) when calling the UpdateNodegroupVersion operation: Requested Kubernetes version 1.33 cannot be greater than the cluster version 1.32\n"
        let refusal = try #require(RefusalExplainer.refusals(in: output).first)
        #expect(RefusalExplainer.explain(refusal, cluster: cluster)?.hasPrefix("A node group may not run a newer Kubernetes version than its control plane (1.32).") == true)
        #expect(RefusalExplainer.refusals(in: "all good\n").isEmpty)
    }

    @Test func anAddOnThatIsAlreadyInstalledOrUnknownIsExplainedAsSuch() throws {
        let exists = try #require(RefusalExplainer.refusals(in: "An error occurred (ResourceInUseException) when calling the CreateAddon operation: Addon already exists.\n").first)
        #expect(RefusalExplainer.explain(exists, cluster: cluster)?.hasPrefix("The cluster already has that add-on") == true,
                "not the in-progress-update explanation other ResourceInUse refusals get")
        let unknown = try #require(RefusalExplainer.refusals(in: "An error occurred (InvalidParameterException) when calling the CreateAddon operation: Addon foo specified is not supported in 1.32 kubernetes version\n").first)
        #expect(RefusalExplainer.explain(unknown, cluster: cluster)?.contains("describe-addon-versions --kubernetes-version 1.32") == true)
        let version = try #require(RefusalExplainer.refusals(in: "An error occurred (InvalidParameterException) when calling the UpdateAddon operation: Addon version specified is not supported\n").first)
        #expect(RefusalExplainer.explain(version, cluster: cluster)?.hasPrefix("That add-on version is not made for Kubernetes 1.32") == true)
        let other = try #require(RefusalExplainer.refusals(in: "An error occurred (InvalidParameterException) when calling the UpdateAddon operation: something else\n").first)
        #expect(RefusalExplainer.explain(other, cluster: cluster) == nil)
    }
}
