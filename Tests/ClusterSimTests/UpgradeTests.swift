import Testing
@testable import ClusterSim

@Suite struct UpgradeTests {
    private func phases(_ simulator: Simulator) -> [String] {
        simulator.events.compactMap { event in
            if case .phaseStarted(let phase, _) = event.kind { return phase.rawValue }
            return nil
        }
    }

    @Test func defaultUpgradeRunsTheFourPhasesAndEndsClean() throws {
        let (simulator, update) = try UpgradeRun.run(scenario: .default, seed: 1)
        #expect(update.status == .successful)
        #expect(update.type == "VersionUpdate")
        #expect(update.params.map(\.type) == ["Version", "ReleaseVersion"])
        #expect(phases(simulator) == ["setup", "scale-up", "upgrade", "scale-down"])
        // 8–15 simulated minutes, like the real lesson.
        #expect(simulator.now >= .minutes(8) && simulator.now <= .minutes(15), "took \(simulator.now.durationText)")
        let group = try simulator.describeNodegroup(cluster: "eks-workshop", nodegroup: "default")
        let latest = try #require(simulator.catalog.latestRelease(family: group.amiType, kubernetesVersion: "1.33"))
        #expect(group.status == .active)
        #expect(group.releaseVersion == latest.releaseVersion)
        let asg = try #require(simulator.describeAutoScalingGroups().first)
        #expect(asg.sizes == .init(min: 3, max: 6, desired: 3))
        simulator.advance(by: .minutes(5))
        let nodes = simulator.nodeList()
        #expect(nodes.count == 3)
        #expect(nodes.allSatisfy { $0.imageId == latest.imageId && $0.statusText == "Ready" && $0.kubeletVersion == latest.kubeletVersion })
        #expect(Set(nodes.map(\.availabilityZone)).count == 3)
        #expect(simulator.podList().allSatisfy { $0.ready && $0.imageIdOfNode(in: simulator) == latest.imageId })
    }

    @Test func scaleUpGrowsByTwiceTheZonesAndWaitsForReadyNodesInEachZone() throws {
        let (simulator, _) = try UpgradeRun.run(scenario: .default, seed: 3)
        let resize = try #require(simulator.events.first { event in
            if case .autoScalingGroupResized(_, _, _, _, "scale-up") = event.kind { return true }
            return false
        })
        guard case .autoScalingGroupResized(_, _, let from, let to, _) = resize.kind else { return }
        #expect(to.desired - from.desired == 6)
        #expect(to.max - from.max == 6)
        let upgradeStart = try #require(simulator.events.first { $0.kind == .phaseStarted(.upgrade, nodegroup: "default") })
        let readyNew = simulator.events.filter { event in
            if case .nodeReady = event.kind { return event.time <= upgradeStart.time }
            return false
        }
        #expect(readyNew.count == 6)
        // Old nodes become unschedulable (SchedulingDisabled) before any is drained.
        let firstDrain = try #require(simulator.events.first { $0.type == "nodeDrainStarted" })
        let unschedulable = simulator.events.filter { $0.type == "nodeMarkedUnschedulable" && $0.time <= firstDrain.time }
        #expect(unschedulable.count == 3)
        #expect(simulator.events.contains { $0.type == "nodeTainted" })
    }

    @Test func maxUnavailableLargerThanTwiceTheZonesDrivesTheIncrement() throws {
        var scenario = Scenario.default
        scenario.nodegroups[0].desiredSize = 12
        scenario.nodegroups[0].maxSize = 20
        scenario.nodegroups[0].updateConfig = UpdateConfig(maxUnavailable: 10)
        let (simulator, update) = try UpgradeRun.run(scenario: scenario, seed: 1)
        #expect(update.status == .successful)
        let increments = simulator.events.compactMap { event -> Int? in
            if case .autoScalingGroupResized(_, _, let from, let to, "scale-up") = event.kind { return to.desired - from.desired }
            return nil
        }
        #expect(increments == [10])
    }

    @Test func pickedNodesAreDrainedThenCordonedThenTerminatedAfterSixtySeconds() throws {
        let (simulator, _) = try UpgradeRun.run(scenario: .default, seed: 5)
        for cordon in simulator.events {
            guard case .nodeCordoned(let node, let wait) = cordon.kind else { continue }
            #expect(wait == 60)
            let termination = try #require(simulator.events.first { event in
                if case .instanceTerminating(_, let name, _) = event.kind { return name == node }
                return false
            })
            #expect(termination.time - cordon.time >= .seconds(60))
            #expect(termination.time - cordon.time < .seconds(66))
            let picked = try #require(simulator.events.first { event in
                if case .nodePickedForUpgrade(node, _, _) = event.kind { return true }
                return false
            })
            #expect(picked.time <= cordon.time)
        }
    }

    @Test func minimalStrategyNeverGrowsTheGroup() throws {
        var scenario = Scenario.default
        scenario.nodegroups[0].updateConfig = UpdateConfig(maxUnavailable: 1, updateStrategy: .minimal)
        let (simulator, update) = try UpgradeRun.run(scenario: scenario, seed: 2)
        #expect(update.status == .successful)
        #expect(!phases(simulator).contains("scale-up"))
        #expect(!phases(simulator).contains("scale-down"))
        #expect(!simulator.events.contains { event in
            if case .autoScalingGroupResized(_, _, _, let to, _) = event.kind { return to.max > 6 }
            return false
        })
    }

    @Test func percentageSetsParallelism() {
        #expect(UpdateConfig(maxUnavailable: nil, maxUnavailablePercentage: 50).parallelism(nodes: 10) == 5)
        #expect(UpdateConfig(maxUnavailable: nil, maxUnavailablePercentage: 10).parallelism(nodes: 3) == 1)
        #expect(UpdateConfig(maxUnavailable: 500).parallelism(nodes: 1000) == 100)
    }

    @Test func blockingBudgetFailsWithPodEvictionFailureAfterFifteenMinutes() throws {
        var scenario = Scenario.default
        scenario.faults = [.pdbBlocks]
        let (simulator, update) = try UpgradeRun.run(scenario: scenario, seed: 1)
        #expect(update.status == .failed)
        let error = try #require(update.errors.first)
        #expect(error.errorCode == "PodEvictionFailure")
        #expect(error.errorMessage == "Reached max retries while trying to evict pods from nodes in node group default")
        #expect(!error.resourceIds.isEmpty && error.resourceIds.allSatisfy { $0.hasSuffix(".compute.internal") })
        let drainStart = try #require(simulator.events.first { $0.type == "nodeDrainStarted" })
        let failure = try #require(simulator.events.first { $0.type == "updateFailed" })
        #expect(failure.time - drainStart.time >= .minutes(15))
        #expect(simulator.events.contains { $0.type == "evictionRefused" })
        #expect(try simulator.describeNodegroup(cluster: "eks-workshop", nodegroup: "default").status == .active)
        // A forced retry goes through.
        let retry = try simulator.updateNodegroupVersion(cluster: "eks-workshop", nodegroup: "default", force: true)
        simulator.run(until: { (try? simulator.describeUpdate(cluster: "eks-workshop", updateId: retry.id))?.status != .inProgress }, limit: .minutes(24 * 60))
        #expect(try simulator.describeUpdate(cluster: "eks-workshop", updateId: retry.id).status == .successful)
        #expect(simulator.events.contains { $0.kind.isForcedDeletion })
    }

    @Test func missingCapacityInAZoneIsNodeCreationFailure() throws {
        var scenario = Scenario.default
        scenario.faults = [.noCapacity(availabilityZone: "us-west-2b")]
        let (simulator, update) = try UpgradeRun.run(scenario: scenario, seed: 1)
        #expect(update.status == .failed)
        #expect(update.errors.first?.errorCode == "NodeCreationFailure")
        #expect(update.errors.first?.errorMessage.contains("(us-west-2b)") == true)
        #expect(simulator.events.contains { $0.type == "instanceLaunchFailed" })
        let group = try simulator.describeNodegroup(cluster: "eks-workshop", nodegroup: "default")
        #expect(group.status == .degraded)
        #expect(group.healthIssues.first?.code == "AsgInstanceLaunchFailures")
    }

    @Test func nodesThatNeverJoinAreNodeCreationFailure() throws {
        var scenario = Scenario.default
        scenario.faults = [.nodeJoinFailure]
        let (_, update) = try UpgradeRun.run(scenario: scenario, seed: 1)
        #expect(update.status == .failed)
        #expect(update.errors.first?.errorCode == "NodeCreationFailure")
        #expect(update.errors.first?.errorMessage == "Instances failed to join the kubernetes cluster")
        #expect(update.errors.first?.resourceIds.allSatisfy { $0.hasPrefix("i-0") } == true)
    }

    @Test func serviceErrorsAreWordedAsAWS() throws {
        let simulator = Simulator(scenario: .default)
        #expect(throws: ServiceError(code: "ResourceNotFoundException", message: "No cluster found for name: nope.", httpStatus: 404)) {
            try simulator.describeCluster(name: "nope")
        }
        #expect(throws: ServiceError(code: "ResourceNotFoundException", message: "No node group found for name: ng-1.", httpStatus: 404)) {
            try simulator.describeNodegroup(cluster: "eks-workshop", nodegroup: "ng-1")
        }
        do {
            _ = try simulator.updateNodegroupVersion(cluster: "eks-workshop", nodegroup: "default", version: "1.34")
            Issue.record("a version above the cluster's must be refused")
        } catch {
            #expect(error.code == "InvalidParameterException")
        }
        do {
            _ = try simulator.updateNodegroupVersion(cluster: "eks-workshop", nodegroup: "default", releaseVersion: "1.31.3-20250103")
            Issue.record("a release of another version must be refused")
        } catch {
            #expect(error == .invalidParameter("Requested release version 1.31.3-20250103 is not valid for kubernetes version 1.33."))
        }
        let first = try simulator.updateNodegroupVersion(cluster: "eks-workshop", nodegroup: "default")
        #expect(first.status == .inProgress)
        #expect(first.id.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/) != nil)
        do {
            _ = try simulator.updateNodegroupVersion(cluster: "eks-workshop", nodegroup: "default")
            Issue.record("a concurrent update must be refused")
        } catch {
            #expect(error.code == "ResourceInUseException")
            #expect(error.httpStatus == 409)
            #expect(error.message.contains(first.id))
        }
        #expect(try simulator.describeNodegroup(cluster: "eks-workshop", nodegroup: "default").status == .updating)
        #expect(try simulator.listUpdates(cluster: "eks-workshop", nodegroup: "default") == [first.id])
    }

    @Test func configUpdateResizesTheGroup() throws {
        let simulator = Simulator(scenario: .default)
        let update = try simulator.updateNodegroupConfig(cluster: "eks-workshop", nodegroup: "default",
                                                         scaling: .init(minSize: 4, maxSize: 6, desiredSize: 4))
        #expect(update.type == "ConfigUpdate")
        #expect(update.params.map(\.type) == ["MinSize", "DesiredSize"])
        simulator.advance(by: .minutes(5))
        #expect(simulator.nodeList().filter { $0.statusText == "Ready" }.count == 4)
        #expect(throws: ServiceError.self) {
            try simulator.updateNodegroupConfig(cluster: "eks-workshop", nodegroup: "default", scaling: .init(minSize: 1, maxSize: 3, desiredSize: 4))
        }
    }

    @Test func sameSeedSameEventsDifferentSeedDifferentPicks() throws {
        let calendar = SimCalendar(startEpoch: Scenario.default.startEpoch)
        let a = try UpgradeRun.run(scenario: .default, seed: 42).0.events.map { $0.jsonLine(calendar: calendar) }
        let b = try UpgradeRun.run(scenario: .default, seed: 42).0.events.map { $0.jsonLine(calendar: calendar) }
        let c = try UpgradeRun.run(scenario: .default, seed: 43).0.events.map { $0.jsonLine(calendar: calendar) }
        #expect(a == b)
        #expect(a != c)
    }
}

extension Pod {
    func imageIdOfNode(in simulator: Simulator) -> String? {
        nodeName.flatMap { simulator.node(named: $0)?.imageId }
    }
}

extension SimEvent.Kind {
    var isForcedDeletion: Bool {
        if case .podDeleted(_, _, true) = self { return true }
        return false
    }
}
