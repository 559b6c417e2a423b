import Testing
import ClusterSim
@testable import Actions

@Suite struct KubectlEksctlTests {
    @Test func ageFollowsKubernetesRules() {
        let cases: [(Double, String)] = [(0, "0s"), (78, "78s"), (119, "119s"), (120, "2m"), (141, "2m21s"), (599, "9m59s"), (600, "10m"),
                                        (6780, "113m"), (10_800, "3h"), (16_440, "4h34m"), (28_800, "8h"), (172_800, "2d"),
                                        (295_200, "3d10h"), (691_200, "8d"), (63_072_000, "2y")]
        for (seconds, text) in cases { #expect(HumanDuration.format(.seconds(seconds)) == text, "\(seconds)") }
        #expect(HumanDuration.format(.seconds(-0.5)) == "0s")
        #expect(HumanDuration.format(.seconds(-5)) == "<invalid>")
    }

    @Test func getNodesIsAlignedWithThreeSpaces() {
        let s = Session(simulator: Simulator(scenario: .default))
        let result = s.run("kubectl get nodes -L eks.amazonaws.com/nodegroup")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("NAME"))
        #expect(lines[0].hasSuffix("NODEGROUP"))
        let nameWidth = s.simulator.nodeList().map(\.name.count).max()!
        #expect(lines[0].firstRange(of: "STATUS")!.lowerBound.utf16Offset(in: lines[0]) == nameWidth + 3)
        #expect(lines[1].contains("Ready    <none>   26h   v1.33."))
        #expect(lines[1].hasSuffix("default"))
        let missing = s.run("kubectl get nodes nope")
        #expect(missing.status == 1)
        #expect(missing.stderr == "Error from server (NotFound): nodes \"nope\" not found\n")
    }

    @Test func watchShowsTheUpgradeUnfold() {
        let s = Session(simulator: Simulator(scenario: .default))
        s.watchLimit = .minutes(15)
        _ = s.run("aws eks update-nodegroup-version --cluster-name eks-workshop --nodegroup-name default")
        let watch = s.run("kubectl get nodes --watch")
        #expect(watch.status == 0)
        #expect(watch.stdout.contains("NotReady"))
        #expect(watch.stdout.contains("Ready,SchedulingDisabled"))
        #expect(watch.stdout.contains("NotReady,SchedulingDisabled"))
        #expect(watch.stdout.split(separator: "\n").count > 20)
    }

    @Test func eksctlUpgradeLogsAndWaits() {
        let s = Session(simulator: Simulator(scenario: .default))
        let result = s.run("eksctl upgrade nodegroup --name=$EKS_DEFAULT_MNG_NAME --cluster=$EKS_CLUSTER_NAME --kubernetes-version=1.33")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == "2025-11-20 09:00:00 [ℹ]  upgrade of nodegroup \"default\" in progress")
        #expect(lines[1] == "2025-11-20 09:00:00 [ℹ]  waiting for upgrade of nodegroup \"default\" to complete")
        #expect(lines[2].hasSuffix(" [ℹ]  nodegroup successfully upgraded"))
        let missing = s.run("eksctl upgrade nodegroup --name=nope --cluster=eks-workshop")
        #expect(missing.status == 1)
        #expect(missing.stderr == "Error: upgrade is only supported for managed nodegroups; could not find one with name \"nope\"\n")
    }

    @Test func eksctlReportsAFailedUpdate() {
        var scenario = Scenario.default
        scenario.faults = [.pdbBlocks]
        let s = Session(simulator: Simulator(scenario: scenario))
        let result = s.run("eksctl upgrade nodegroup --name default --cluster eks-workshop")
        #expect(result.status == 1)
        #expect(result.stderr.contains("Error: update failed with status \"Failed\": update errors:\n - Reached max retries while trying to evict pods from nodes in node group default; errorCode: PodEvictionFailure, resourceIDs: [ip-"))
    }
}
