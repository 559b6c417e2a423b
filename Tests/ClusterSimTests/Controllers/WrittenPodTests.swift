import JSON
import Testing
@testable import ClusterSim

/// Pods a client writes: made once from their object, never made again — a drain or a node-group
/// update leaves them gone, with their object — and deleted with their object.
@Suite struct WrittenPodTests {
    func write(_ simulator: Simulator, name: String = "solo", labels: String = "{app: solo}") throws {
        let document = try #require(try ManifestDecoder.documents("""
            apiVersion: v1
            kind: Pod
            metadata: {name: \(name), labels: \(labels)}
            spec:
              containers: [{name: app, image: nginx, resources: {requests: {cpu: 100m}}}]
            """).first)
        let (metadata, body) = StoredObject.split(document)
        try simulator.createObject(kind: ResourceKinds.pod, namespace: "default", metadata: metadata, body: body)
    }

    func object(_ simulator: Simulator, _ name: String = "solo") -> StoredObject? {
        simulator.object(ObjectStore.Key(kind: ResourceKinds.pod, namespace: "default", name: name))
    }

    @Test func aWrittenPodRunsUnderItsOwnName() throws {
        let simulator = Simulator(scenario: .default)
        try write(simulator)
        simulator.advance(by: .seconds(30))
        let pod = try #require(simulator.pod(namespace: "default", name: "solo"))
        #expect(pod.phase == .running && pod.ready && pod.nodeName != nil)
        #expect(pod.labels == ["app": "solo"] && pod.cpuMillis == 100)
        // A label written to the object reaches the pod (Services and budgets select by it).
        _ = try simulator.patchObject(ObjectStore.Key(kind: ResourceKinds.pod, namespace: "default", name: "solo"),
                                      with: .object([("metadata", .object([("labels", .object([("tier", .string("web"))]))]))]), kind: .merge,
                                      manager: FieldManager("kubectl-label", apiVersion: "v1"))
        #expect(simulator.pod(namespace: "default", name: "solo")?.labels == ["app": "solo", "tier": "web"])
        #expect(throws: StoreError.self) { try write(simulator) }
    }

    @Test func anEvictedWrittenPodIsGoneForGoodWithItsObject() throws {
        let simulator = Simulator(scenario: .default)
        try write(simulator)
        simulator.advance(by: .seconds(30))
        #expect(try simulator.evict(namespace: "default", pod: "solo") == .evicted)
        simulator.advance(by: .seconds(60))
        #expect(simulator.pod(namespace: "default", name: "solo") == nil, "no controller makes it again")
        #expect(object(simulator) == nil)
    }

    @Test func deletingTheObjectDeletesThePodAfterItsGracePeriod() throws {
        let simulator = Simulator(scenario: .default)
        try write(simulator)
        simulator.advance(by: .seconds(30))
        try simulator.deleteObject(ObjectStore.Key(kind: ResourceKinds.pod, namespace: "default", name: "solo"))
        #expect(simulator.pod(namespace: "default", name: "solo")?.terminating == true)
        simulator.advance(by: .seconds(40))
        #expect(simulator.pod(namespace: "default", name: "solo") == nil)
    }

    @Test func aNodeGroupUpdateLeavesAWrittenPodGone() throws {
        let simulator = Simulator(scenario: .default)
        try write(simulator)
        simulator.advance(by: .seconds(30))
        _ = try simulator.updateNodegroupVersion(cluster: "eks-workshop", nodegroup: "default")
        simulator.advance(by: .minutes(40))
        #expect(simulator.pod(namespace: "default", name: "solo") == nil)
        #expect(simulator.events.contains { if case .podEvicted(let pod, _, _) = $0.kind { pod == "default/solo" } else { false } })
    }

    @Test func aQuotaRefusesAWrittenPodBeforeItIsStored() throws {
        let simulator = Simulator(scenario: .default)
        let quota = try #require(try ManifestDecoder.documents("apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: one}\nspec:\n  hard: {pods: \"1\"}\n").first)
        let (metadata, body) = StoredObject.split(quota)
        try simulator.createObject(kind: ResourceKinds.resourceQuota, namespace: "default", metadata: metadata, body: body)
        try write(simulator, name: "first")
        do {
            try write(simulator, name: "extra")
            Issue.record("a pod over quota was stored")
        } catch {
            #expect((error as? StoreError)?.message == "pods \"extra\" is forbidden: exceeded quota: one, requested: pods=1, used: pods=1, limited: pods=1")
        }
        #expect(object(simulator, "extra") == nil)
    }

    @Test func aPodThatIsNotRestartedEndsWhenItsCommandDoes() throws {
        let simulator = Simulator(scenario: .default)
        for (name, command) in [("once", "sleep 20"), ("broken", "exit 3")] {
            let document = try #require(try ManifestDecoder.documents("""
                apiVersion: v1
                kind: Pod
                metadata: {name: \(name)}
                spec:
                  restartPolicy: Never
                  containers: [{name: app, image: busybox, command: [sh, -c, "\(command)"]}]
                """).first)
            let (metadata, body) = StoredObject.split(document)
            try simulator.createObject(kind: ResourceKinds.pod, namespace: "default", metadata: metadata, body: body)
        }
        try write(simulator, name: "server")
        simulator.advance(by: .minutes(2))
        #expect(simulator.pod(namespace: "default", name: "once")?.phase == .succeeded)
        #expect(simulator.pod(namespace: "default", name: "broken")?.phase == .failed)
        #expect(simulator.pod(namespace: "default", name: "server")?.phase == .running, "restartPolicy Always: it runs on")
        #expect(simulator.podList(namespace: "default").filter { $0.name.hasPrefix("once") || $0.name.hasPrefix("broken") }.count == 2,
                "nothing made again")
    }
}
