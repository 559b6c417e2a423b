import Testing
import ClusterSim
import JMESPath
import JSON
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

@Suite struct NodeMaintenanceAndEC2Tests {
    @Test func drainEvictsThroughTheBudgetsAndCordons() {
        let s = Session(simulator: Simulator(scenario: .default))
        let node = s.simulator.nodeList()[0].name
        let refused = s.run("kubectl drain \(node)")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"))
        let drained = s.run("kubectl drain \(node) --ignore-daemonsets --delete-emptydir-data")
        #expect(drained.status == 0, "\(drained.stderr)")
        #expect(drained.stdout.hasSuffix("node/\(node) drained\n"))
        #expect(drained.stdout.contains("evicting pod "))
        #expect(s.simulator.pods(onNode: node).allSatisfy { $0.isDaemon })
        #expect(s.simulator.node(named: node)?.statusText == "Ready,SchedulingDisabled")
        #expect(s.run("kubectl uncordon \(node)").stdout == "node/\(node) uncordoned\n")
        #expect(s.run("kubectl uncordon \(node)").stdout == "node/\(node) already uncordoned\n")
    }

    @Test func drainRefusesAPodNoControllerWouldMakeAgainUnlessForced() {
        let s = Session(simulator: Simulator(scenario: .default))
        #expect(s.run("kubectl run solo --image=nginx:1.27").stdout == "pod/solo created\n")
        let node = s.run("kubectl get pod solo -o jsonpath={.spec.nodeName}").stdout
        let refused = s.run("kubectl drain \(node) --ignore-daemonsets")
        #expect(refused.status == 1)
        #expect(refused.stderr.hasSuffix("\ncannot delete Pods that declare no controller (use --force to override): default/solo\n"))
        // Both at once: kubectl lists both errors (in the order of its map; here a fixed one).
        let both = s.run("kubectl drain \(node)")
        #expect(both.stderr.contains("due to error: [cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): "))
        let forced = s.run("kubectl drain \(node) --ignore-daemonsets --force")
        #expect(forced.status == 0)
        #expect(forced.stderr.contains("; deleting Pods that declare no controller: default/solo\n"))
        #expect(forced.stdout.contains("pod/solo evicted\n"))
        #expect(s.run("kubectl get pod solo").stderr == "Error from server (NotFound): pods \"solo\" not found\n", "nothing makes it again")
    }

    @Test func deletingAWrittenPodsManifestWaitsForThePodToGo() {
        let s = Session(simulator: Simulator(scenario: .default))
        let manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: solo}\nspec:\n  containers: [{name: app, image: nginx}]\n"
        #expect(s.kubectl(["apply", "-f", "-"], stdin: manifest).stdout == "pod/solo created\n")
        s.simulator.advance(by: .seconds(30))
        let before = s.simulator.now
        #expect(s.kubectl(["delete", "-f", "-"], stdin: manifest).stdout == "pod \"solo\" deleted\n")
        #expect(s.simulator.now - before >= .seconds(30), "kubectl waited out the pod's grace period")
        #expect(s.simulator.pod(namespace: "default", name: "solo") == nil)
        #expect(s.kubectl(["apply", "-f", "-"], stdin: manifest).stdout == "pod/solo created\n")
        let quick = s.simulator.now
        _ = s.kubectl(["delete", "-f", "-", "--wait=false"], stdin: manifest)
        #expect(s.simulator.now == quick && s.simulator.pod(namespace: "default", name: "solo")?.terminating == true)
    }

    @Test func kubectlRunSaysAnInteractiveContainerIsNotSimulated() {
        let s = Session(simulator: Simulator(scenario: .default))
        let interactive = s.run("kubectl run shell -it --rm --image=busybox -- sh")
        #expect(interactive.status == Session.unavailableStatus)
        #expect(interactive.stderr.hasPrefix("not available in the simulated cluster: kubectl run -i"))
        #expect(s.run("kubectl run --image=nginx").stderr.hasPrefix("error: NAME is required for run"))
        #expect(s.run("kubectl run web").stderr == "error: --image is required\n")
        #expect(s.run("kubectl run web --image=nginx --restart=Sometimes").stderr == "error: invalid restart policy: Sometimes\n")
    }

    @Test func drainWaitsOnABudgetAndGivesUpAtItsTimeout() {
        var scenario = Scenario.default
        scenario.faults = [.pdbBlocks]
        let s = Session(simulator: Simulator(scenario: scenario))
        let node = s.simulator.podList(namespace: "ui").first!.nodeName!
        let result = s.run("kubectl drain \(node) --ignore-daemonsets --timeout=2m")
        #expect(result.status == 1)
        #expect(result.stderr.contains("Cannot evict pod as it would violate the pod's disruption budget."))
        #expect(result.stderr.contains("global timeout reached: 2m"))
    }

    @Test func ec2AndAutoScalingDescribeTheNodegroup() {
        let s = Session(simulator: Simulator(scenario: .default))
        let instances = s.run("aws ec2 describe-instances --filters Name=tag:eks:nodegroup-name,Values=default --query \"Reservations[].Instances[].InstanceId\" --output text")
        #expect(instances.status == 0)
        #expect(instances.stdout.split(separator: "\t").count == 3)
        let none = s.run("aws ec2 describe-instances --filters Name=tag:eks:nodegroup-name,Values=other --query \"length(Reservations)\"")
        #expect(none.stdout == "0\n")
        let asg = s.run("aws autoscaling describe-auto-scaling-groups --query \"AutoScalingGroups[0].[MinSize,MaxSize,DesiredCapacity]\" --output text")
        #expect(asg.stdout == "3\t6\t3\n")
        let missing = s.run("aws ec2 describe-instances --instance-ids i-0123")
        #expect(missing.status == 255)
        #expect(missing.stderr.contains("InvalidInstanceID.NotFound"))
    }
}

@Suite struct StructuredKubectlOutputTests {
    @Test func nameAndJSONOutput() throws {
        let s = Session(simulator: Simulator(scenario: .default))
        let names = s.run("kubectl get nodes -o name").stdout.split(separator: "\n")
        #expect(names.count == 3)
        #expect(names.allSatisfy { $0.hasPrefix("node/ip-10-42-") })
        let list = try JSONParser.parse(s.run("kubectl get pods -n ui -o json").stdout)
        #expect(list["kind"] == .string("List"))
        guard case .array(let items)? = list["items"] else {
            Issue.record("items")
            return
        }
        #expect(items.count == 2)
        #expect(items[0]["status"]?["phase"] == .string("Running"))
        let node = String(names[0].dropFirst("node/".count))
        let one = try JSONParser.parse(s.run("kubectl get node \(node) -o json").stdout)
        #expect(one["kind"] == .string("Node"))
        #expect(one["metadata"]?["labels"]?["eks.amazonaws.com/nodegroup"] == .string("default"))
        guard case .object(let top)? = Optional(one) else { return }
        #expect(top.map(\.key) == top.map(\.key).sorted())
    }
}
