import Testing
@testable import ClusterSim

@Suite struct DefaultScenarioTests {
    let simulator = Simulator(scenario: .default)

    @Test func clusterMatchesTheWorkshop() throws {
        let cluster = try simulator.describeCluster(name: "eks-workshop")
        #expect(cluster.version == "1.33")
        #expect(cluster.status == "ACTIVE")
        #expect(cluster.arn == "arn:aws:eks:us-west-2:123456789012:cluster/eks-workshop")
        #expect(cluster.endpoint.hasSuffix(".gr7.us-west-2.eks.amazonaws.com"))
        #expect(simulator.listClusters() == ["eks-workshop"])
    }

    @Test func defaultNodegroupRunsAnOlderAMIOnThreeNodesInThreeZones() throws {
        let group = try simulator.describeNodegroup(cluster: "eks-workshop", nodegroup: "default")
        #expect(group.status == .active)
        #expect(group.instanceTypes == ["m5.large"])
        #expect(group.scalingConfig == .init(minSize: 3, maxSize: 6, desiredSize: 3))
        let latest = try #require(simulator.catalog.latestRelease(family: group.amiType, kubernetesVersion: "1.33"))
        #expect(group.releaseVersion != latest.releaseVersion)
        let nodes = simulator.nodeList()
        #expect(nodes.count == 3)
        #expect(Set(nodes.map(\.availabilityZone)) == ["us-west-2a", "us-west-2b", "us-west-2c"])
        for node in nodes {
            #expect(node.name.wholeMatch(of: /ip-10-42-\d+-\d+\.us-west-2\.compute\.internal/) != nil)
            #expect(node.statusText == "Ready")
            #expect(node.labels["eks.amazonaws.com/nodegroup"] == "default")
            #expect(node.labels["eks.amazonaws.com/capacityType"] == "ON_DEMAND")
            #expect(node.labels["eks.amazonaws.com/nodegroup-image"] == node.imageId)
            #expect(node.labels["topology.kubernetes.io/zone"] == node.availabilityZone)
            #expect(node.kubeletVersion.hasPrefix("v1.33."))
            #expect(node.created < .zero)
        }
    }

    @Test func sampleApplicationIsRunningWithBudgets() {
        let pods = simulator.podList()
        #expect(pods.allSatisfy { $0.phase == .running && $0.ready && $0.nodeName != nil })
        #expect(pods.contains { $0.namespace == "ui" && $0.name.hasPrefix("ui-") })
        #expect(pods.contains { $0.name == "catalog-mysql-0" })
        #expect(pods.filter { $0.name.hasPrefix("aws-node-") }.count == 3)
        #expect(simulator.budgetList().map(\.key) == ["catalog/catalog", "kube-system/coredns", "ui/ui"])
        let uiPods = pods.filter { $0.namespace == "ui" }
        #expect(Set(uiPods.compactMap(\.nodeName)).count == 2, "replicas spread across nodes")
    }

    @Test func instancesAndGroupAgree() throws {
        let group = try simulator.describeNodegroup(cluster: "eks-workshop", nodegroup: "default")
        let asg = try #require(simulator.describeAutoScalingGroups().first)
        #expect(asg.name == group.autoScalingGroupName)
        #expect(asg.name.hasPrefix("eks-default-"))
        #expect(asg.sizes == .init(min: 3, max: 6, desired: 3))
        #expect(simulator.describeInstances().count == 3)
        #expect(simulator.describeInstances().allSatisfy { $0.state == .running && $0.instanceType == "m5.large" })
    }
}
