import Testing
@testable import ClusterSim

@Suite struct ScenarioLoaderTests {
    @Test func aFullScenarioLoads() throws {
        let scenario = try ScenarioLoader.parse("""
            cluster:
              name: lab
              region: eu-west-1
              version: "1.31"
              availabilityZones: [eu-west-1a, eu-west-1b]
              startTime: 2025-10-01T08:00:00Z
            nodegroups:
              - name: apps
                instanceType: m5.xlarge
                amiType: BOTTLEROCKET_x86_64
                minSize: 2
                maxSize: 4
                desiredSize: 2
                maxUnavailablePercentage: 50
                updateStrategy: MINIMAL
                labels: {team: blue}
                taints: [{key: dedicated, value: apps, effect: NO_SCHEDULE}]
            workloads:
              - {kind: Deployment, namespace: web, name: web, replicas: 3, cpu: 250m, memory: 1Gi, toleratesAllTaints: true, pdb: {minAvailable: 2}}
            faults: [pdb-blocks, "no-capacity:eu-west-1b"]
            """, file: "s.yaml")
        #expect(scenario.clusterName == "lab")
        #expect(scenario.kubernetesVersion == "1.31")
        #expect(scenario.startEpoch == SimCalendar.parseEpoch("2025-10-01T08:00:00Z"))
        #expect(scenario.nodegroups[0].amiType == .bottlerocketX86)
        #expect(scenario.nodegroups[0].updateConfig == UpdateConfig(maxUnavailable: nil, maxUnavailablePercentage: 50, updateStrategy: .minimal))
        #expect(scenario.nodegroups[0].taints == [Taint(key: "dedicated", value: "apps", effect: "NO_SCHEDULE")])
        #expect(scenario.workloads[0].memoryMi == 1024)
        #expect(scenario.workloads[0].budget == Scenario.BudgetSpec(minAvailable: .count(2)))
        #expect(scenario.faults == [.pdbBlocks, .noCapacity(availabilityZone: "eu-west-1b")])
        let simulator = Simulator(scenario: scenario)
        #expect(simulator.nodeList().count == 2)
        #expect(simulator.nodeList().allSatisfy { $0.name.hasSuffix(".eu-west-1.compute.internal") })
    }

    @Test func omittedWorkloadsMeanTheSampleApplication() throws {
        let scenario = try ScenarioLoader.parse("cluster: {name: x}\n", file: "s.yaml")
        #expect(scenario.workloads == Scenario.sampleApplication)
        #expect(try ScenarioLoader.parse("workloads: []\n", file: "s.yaml").workloads.isEmpty)
    }

    @Test(arguments: [
        ("cluster:\n  nmae: x\n", 2, "unknown key 'cluster.nmae'"),
        ("nodegroups:\n  - name: a\n    desiredSize: many\n", 3, "desiredSize must be a whole number"),
        ("faults: [meteor]\n", 1, "unknown fault 'meteor'"),
        ("cluster: {version: \"1.99\"}\n", 1, "cluster.version 1.99 is not supported"),
        ("nodegroups: [{name: a, minSize: 5, desiredSize: 2, maxSize: 6}]\n", 1, "minSize ≤ desiredSize ≤ maxSize"),
        ("workloads:\n  - name: w\n    pdb: {minAvailable: lots}\n", 3, "pdb.minAvailable must be a number or a percentage"),
        ("cluster: [1, 2\n", 2, "invalid YAML"),
        ("- a\n- b\n", 1, "a scenario is a YAML mapping"),
    ])
    func badScenariosSayWhereAndWhat(text: String, line: Int, message: String) {
        do {
            _ = try ScenarioLoader.parse(text, file: "bad.yaml")
            Issue.record("expected an error")
        } catch let error as ScenarioError {
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.description.hasPrefix("bad.yaml:\(line): error: "))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
