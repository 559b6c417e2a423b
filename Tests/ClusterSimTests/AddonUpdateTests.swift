import Testing
@testable import ClusterSim

/// The cluster's add-ons: installed at the versions made for it, updated one pod at a time, and
/// EKS's refusals.
@Suite struct AddonUpdateTests {
    @Test func aNewClusterHasTheDefaultAddOnsForItsVersion() throws {
        let simulator = Simulator(scenario: .default)
        #expect(try simulator.listAddons(cluster: "eks-workshop") == ["coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"])
        for name in try simulator.listAddons(cluster: "eks-workshop") {
            let addon = try simulator.describeAddon(cluster: "eks-workshop", addon: name)
            #expect(addon.status == .active)
            #expect(addon.version == AddonCatalog.defaultVersion(name, kubernetesVersion: "1.33"))
            #expect(addon.arn.hasPrefix("arn:aws:eks:us-west-2:\(simulator.environment.accountId):addon/eks-workshop/\(name)/"))
        }
        #expect(try simulator.describeAddon(cluster: "eks-workshop", addon: "kube-proxy").version == "v1.33.0-eksbuild.2")
        #expect(throws: ServiceError(code: "ResourceNotFoundException", message: "No addon: nope found in cluster: eks-workshop", httpStatus: 404)) {
            try simulator.describeAddon(cluster: "eks-workshop", addon: "nope")
        }
    }

    @Test func aDaemonSetAddOnRollsOnePodAtATime() throws {
        let simulator = Simulator(scenario: .default, seed: 5)
        let before = Set(simulator.podList().filter { $0.workload == "kube-system/kube-proxy" }.map(\.id))
        #expect(before.count == 3)
        let update = try simulator.updateAddon(cluster: "eks-workshop", addon: "kube-proxy", version: "v1.33.3-eksbuild.4", resolveConflicts: "OVERWRITE")
        #expect(update.type == "AddonUpdate")
        #expect(update.addonName == "kube-proxy")
        #expect(update.params.map(\.type) == ["AddonVersion", "ResolveConflicts"])
        #expect(try simulator.describeAddon(cluster: "eks-workshop", addon: "kube-proxy").status == .updating)
        // Never more than one kube-proxy pod away at a time.
        var worst = 0
        simulator.observe { _ in
            let down = simulator.podList().filter { $0.workload == "kube-system/kube-proxy" && (!$0.ready || $0.terminating) }.count
            worst = max(worst, down)
        }
        let final = try simulator.finish(update)
        #expect(final.status == .successful)
        #expect(worst == 1)
        let addon = try simulator.describeAddon(cluster: "eks-workshop", addon: "kube-proxy")
        #expect(addon.status == .active && addon.version == "v1.33.3-eksbuild.4")
        let after = simulator.podList().filter { $0.workload == "kube-system/kube-proxy" && !$0.terminating }
        #expect(after.count == 3 && after.allSatisfy(\.ready))
        #expect(Set(after.compactMap(\.nodeName)).count == 3, "one on each node")
        #expect(Set(after.map(\.id)).isDisjoint(with: before), "every pod was replaced")
        #expect(try simulator.listUpdates(cluster: "eks-workshop", addon: "kube-proxy") == [update.id])
        #expect(try simulator.listUpdates(cluster: "eks-workshop").isEmpty, "add-on updates are not the cluster's")
    }

    @Test func onALargeGroupADaemonSetRollsTenPercentAtATime() throws {
        let scenario = Scenario.synthetic(nodes: 40, zones: 2, podsPerNode: 2, budget: nil, updateConfig: UpdateConfig())
        let simulator = Simulator(scenario: scenario, seed: 2)
        let key = "kube-system/kube-proxy"
        #expect(simulator.podList().filter { $0.workload == key }.count == 40)
        let target = try #require(AddonCatalog.info("kube-proxy")?.versions.first { $0.compatible(with: simulator.cluster.version) && $0.defaultFor.isEmpty })
        let update = try simulator.updateAddon(cluster: scenario.clusterName, addon: "kube-proxy", version: target.version)
        var worst = 0
        simulator.observe { _ in
            worst = max(worst, simulator.podList().filter { $0.workload == key && (!$0.ready || $0.terminating) }.count)
        }
        simulator.run(until: { (try? simulator.describeUpdate(cluster: scenario.clusterName, updateId: update.id))?.status != .inProgress },
                      limit: .minutes(120))
        #expect(try simulator.describeUpdate(cluster: scenario.clusterName, updateId: update.id).status == .successful)
        #expect(worst == 4, "10 % of 40 nodes at a time")
    }

    @Test func eksRefusesWhatItRefuses() throws {
        let simulator = Simulator(scenario: .default)
        #expect(throws: ServiceError.invalidParameter("Addon version specified is not supported")) {
            try simulator.updateAddon(cluster: "eks-workshop", addon: "kube-proxy", version: "v1.34.0-eksbuild.2")
        }
        #expect(throws: ServiceError.invalidParameter("Addon version specified is not supported")) {
            try simulator.updateAddon(cluster: "eks-workshop", addon: "coredns", version: "v9.9.9")
        }
        #expect(throws: ServiceError(code: "ResourceNotFoundException", message: "No addon: aws-ebs-csi-driver found in cluster: eks-workshop", httpStatus: 404)) {
            try simulator.updateAddon(cluster: "eks-workshop", addon: "aws-ebs-csi-driver")
        }
        #expect(simulator.events.allSatisfy { $0.type == "requestRefused" })
        let first = try simulator.updateAddon(cluster: "eks-workshop", addon: "coredns", version: "v1.11.4-eksbuild.14")
        #expect(throws: ServiceError.inUse("Cannot AddonUpdate because addon coredns currently has update \(first.id) in progress")) {
            try simulator.updateAddon(cluster: "eks-workshop", addon: "coredns", version: "v1.12.1-eksbuild.2")
        }
    }

    @Test func afterTheControlPlaneMovesKubeProxyNeedsItsNewBuild() throws {
        let simulator = Simulator(scenario: .default)
        _ = try simulator.finish(simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.34"))
        // The control plane update leaves the add-ons alone.
        #expect(try simulator.describeAddon(cluster: "eks-workshop", addon: "kube-proxy").version == "v1.33.0-eksbuild.2")
        let target = try #require(AddonCatalog.defaultVersion("kube-proxy", kubernetesVersion: "1.34"))
        let update = try simulator.finish(simulator.updateAddon(cluster: "eks-workshop", addon: "kube-proxy", version: target))
        #expect(update.status == .successful)
        #expect(try simulator.describeAddon(cluster: "eks-workshop", addon: "kube-proxy").version == "v1.34.0-eksbuild.2")
    }
}
