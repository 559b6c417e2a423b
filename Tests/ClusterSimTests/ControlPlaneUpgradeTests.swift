import Testing
@testable import ClusterSim

/// UpdateClusterVersion: the control plane's move to the next minor version, and what EKS refuses.
@Suite struct ControlPlaneUpgradeTests {
    @Test func theControlPlaneMovesOneMinorVersionWhileTheAPIStaysUp() throws {
        let simulator = Simulator(scenario: .default, seed: 1)
        let update = try simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.34")
        #expect(update.status == .inProgress)
        #expect(update.nodegroupName == nil)
        #expect(update.params.map(\.type) == ["Version", "PlatformVersion"])
        #expect(update.params[0].value == "1.34")
        #expect(update.id.split(separator: "-")[2].first == "4", "cluster update ids are version-4 UUIDs")
        #expect(simulator.cluster.status == "UPDATING")
        #expect(simulator.cluster.version == "1.33", "DescribeCluster reports the old version until the update ends")

        // The cut-over comes first: the API answers as 1.34 while the update is still in progress.
        simulator.run(until: { simulator.cluster.serverVersion == "1.34" }, limit: .minutes(30))
        #expect(try simulator.describeUpdate(cluster: "eks-workshop", updateId: update.id).status == .inProgress)
        #expect(simulator.cluster.version == "1.33")

        let final = try simulator.finish(update)
        #expect(final.status == .successful)
        #expect(simulator.cluster.version == "1.34")
        #expect(simulator.cluster.status == "ACTIVE")
        #expect(simulator.cluster.platformVersion == final.params[1].value)
        #expect(simulator.now >= .minutes(6) && simulator.now <= .minutes(10), "took \(simulator.now.durationText)")
        // Nodes are untouched: they still run 1.33.
        #expect(simulator.nodeList().allSatisfy { $0.kubeletVersion.hasPrefix("v1.33") })
        let kinds = simulator.events.map(\.type)
        #expect(kinds == ["clusterUpdateStarted", "clusterStatusChanged", "controlPlaneCutOver", "clusterVersionChanged",
                          "clusterStatusChanged", "updateStatusChanged"])
    }

    @Test func theNodeGroupCanFollowOnlyAfterTheControlPlane() throws {
        let simulator = Simulator(scenario: .default, seed: 2)
        #expect(throws: ServiceError.invalidParameter("Requested Nodegroup version 1.34 is invalid. Nodegroup version cannot be greater than the cluster version 1.33")) {
            try simulator.updateNodegroupVersion(cluster: "eks-workshop", nodegroup: "default", version: "1.34")
        }
        let update = try simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.34")
        _ = try simulator.finish(update)
        let nodegroup = try simulator.updateNodegroupVersion(cluster: "eks-workshop", nodegroup: "default", version: "1.34")
        #expect(nodegroup.status == .inProgress)
        // ListUpdates keeps the two apart: the cluster's without a node group name, the group's with it.
        #expect(try simulator.listUpdates(cluster: "eks-workshop") == [update.id])
        #expect(try simulator.listUpdates(cluster: "eks-workshop", nodegroup: "default") == [nodegroup.id])
    }

    @Test func eksRefusesWhatItRefuses() throws {
        let simulator = Simulator(scenario: .default, seed: 3)
        #expect(throws: ServiceError.invalidParameter("Unsupported Kubernetes minor version update from 1.33 to 1.35")) {
            try simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.35")
        }
        #expect(throws: ServiceError.invalidParameter("Unsupported Kubernetes minor version update from 1.33 to 1.32")) {
            try simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.32")
        }
        #expect(throws: ServiceError.invalidParameter("Unsupported Kubernetes minor version update from 1.33 to 1.33")) {
            try simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.33")
        }
        #expect(throws: ServiceError.invalidParameter("unsupported Kubernetes version latest")) {
            try simulator.updateClusterVersion(cluster: "eks-workshop", version: "latest")
        }
        #expect(throws: ServiceError.clusterNotFound("other")) {
            try simulator.updateClusterVersion(cluster: "other", version: "1.34")
        }
        #expect(simulator.events.allSatisfy { $0.type == "requestRefused" }, "a refused request changes nothing")
        #expect(simulator.events.count == 5)
        let first = try simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.34")
        #expect(throws: ServiceError.inUse("Cannot VersionUpdate because cluster eks-workshop currently has update \(first.id) in progress")) {
            try simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.34")
        }
    }

    @Test func nodeGroupsBehindTheControlPlaneBlockTheNextMove() throws {
        var scenario = Scenario.default
        scenario.kubernetesVersion = "1.32"
        let simulator = Simulator(scenario: scenario, seed: 4)
        // Forced past the add-on insight (CoreDNS's 1.32 build is not made for 1.33): the node group is what this is about.
        let update = try simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.33", force: true)
        _ = try simulator.finish(update)
        #expect(throws: ServiceError.invalidParameter("Nodegroups default must be updated to match cluster version 1.33 before updating cluster version")) {
            try simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.34")
        }
    }

    @Test func anInsightWithAnErrorBlocksTheMoveUntilFixedOrForced() throws {
        var scenario = Scenario.default
        scenario.kubernetesVersion = "1.32"
        let simulator = Simulator(scenario: scenario, seed: 4)
        let addons = try #require(simulator.insights().first { $0.name == "EKS add-on version compatibility" })
        #expect(addons.status == .error)
        #expect(addons.kubernetesVersion == "1.33")
        #expect(addons.addonCompatibility.map(\.name) == ["coredns"])
        #expect(addons.addonCompatibility.first?.compatibleVersions == ["v1.12.1-eksbuild.2", "v1.11.4-eksbuild.14"])
        #expect(simulator.insights().filter { $0.status == .error }.count == 1)
        #expect(throws: ServiceError(code: "InvalidStateException", message: "Upgrade readiness issues detected. Call the EKS ListInsights API to view upgrade blocking issues detected by EKS. Pass the force flag to override upgrade readiness errors and proceed with upgrade.", httpStatus: 400)) {
            try simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.33")
        }
        // Fix it the way the recommendation says: CoreDNS to a build made for both versions.
        _ = try simulator.finish(simulator.updateAddon(cluster: "eks-workshop", addon: "coredns", version: "v1.12.1-eksbuild.2"))
        let refreshed = try #require(simulator.insights().first { $0.name == "EKS add-on version compatibility" })
        #expect(refreshed.status == .passing)
        #expect(refreshed.lastRefreshEpoch > addons.lastRefreshEpoch)
        #expect(try simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.33").status == .inProgress)
    }

    @Test func aNodeGroupTwoVersionsBehindGoesStraightToTheControlPlanesVersion() throws {
        var scenario = Scenario.default
        scenario.kubernetesVersion = "1.31"
        let simulator = Simulator(scenario: scenario, seed: 4)
        _ = try simulator.finish(simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.32", force: true))
        // Forced past the node group rule as an old cluster could be: the group stays on 1.31.
        simulator.nodegroups["default"]!.version = "1.31"
        simulator.cluster.version = "1.33"
        #expect(throws: ServiceError.invalidParameter("Nodegroup Kubernetes version should be equal to Cluster kubernetes version 1.33 or NodeGroup kubernetes version 1.31")) {
            try simulator.updateNodegroupVersion(cluster: "eks-workshop", nodegroup: "default", version: "1.32")
        }
        #expect(try simulator.updateNodegroupVersion(cluster: "eks-workshop", nodegroup: "default", version: "1.33").status == .inProgress)
    }

    @Test func theSameSeedGivesTheSameUpdate() throws {
        func run() throws -> [String] {
            let simulator = Simulator(scenario: .default, seed: 9)
            let update = try simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.34")
            _ = try simulator.finish(update)
            return simulator.events.map { "\($0.time.milliseconds) \($0.summary)" }
        }
        #expect(try run() == run())
    }
}
