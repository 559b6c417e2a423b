@testable import ClusterSim
import JSON
import Testing

/// The scenario's namespaces, sample application and budgets are stored objects from time zero:
/// reads, writes, deletes and watches treat them as objects applied before the lesson began.
@Suite struct ScenarioObjectsTests {
    let deployment = ObjectStore.Key(kind: ResourceKinds.deployment, namespace: "catalog", name: "catalog")

    @Test func theSampleApplicationIsInTheStoreFromTheStart() throws {
        let simulator = Simulator(scenario: .default)
        let stored = try #require(simulator.object(deployment))
        #expect(stored.labels == simulator.workload(key: "catalog/catalog")?.labels)
        #expect(stored.created == simulator.workload(key: "catalog/catalog")?.created)
        // A watch from the beginning replays them as added, once each.
        let added = simulator.store.changes(after: 0).filter { $0.type == .added && $0.object.kind == ResourceKinds.deployment }.map(\.object.name)
        #expect(added.contains("catalog") && Set(added).count == added.count)
        #expect(simulator.namespaceList().map(\.name).contains("catalog"))
    }

    @Test func aFirstWriteKeepsTheObjectsIdentityAndItsPods() throws {
        let simulator = Simulator(scenario: .default)
        let before = try #require(simulator.object(deployment))
        let pods = Set(simulator.podList(namespace: "catalog").map(\.name))
        let labels = JSONValue.object([("app.kubernetes.io/name", .string("catalog")), ("tier", .string("api"))])
        let metadata = JSONValue.object([("labels", labels), ("name", .string("catalog")), ("namespace", .string("catalog"))])
        let result = try simulator.updateObject(deployment, metadata: metadata, body: before.body)
        #expect(result.changed)
        #expect(result.object.uid == before.uid)
        #expect(result.object.resourceVersion > before.resourceVersion)
        simulator.advance(by: .seconds(120))
        #expect(Set(simulator.podList(namespace: "catalog").map(\.name)) == pods)
    }

    @Test func deletingAScenarioNamespaceTakesItsApplicationWithIt() throws {
        let simulator = Simulator(scenario: .default)
        let gone = try simulator.deleteObject(ObjectStore.Key(kind: ResourceKinds.namespace, namespace: nil, name: "catalog"))
        #expect(gone.map(\.name).contains("catalog"))
        #expect(simulator.workload(key: "catalog/catalog") == nil)
        #expect(simulator.object(deployment) == nil)
        simulator.advance(by: .seconds(120))
        #expect(simulator.podList(namespace: "catalog").isEmpty)
    }

    @Test(arguments: ["default", "kube-system", "kube-public"])
    func theClustersOwnNamespacesMayNotBeDeleted(name: String) {
        let simulator = Simulator(scenario: .default)
        let pods = simulator.podList(namespace: name).count
        #expect(throws: StoreError.forbidden(kind: ResourceKinds.namespace, name: name, why: "this namespace may not be deleted")) {
            try simulator.deleteObject(ObjectStore.Key(kind: ResourceKinds.namespace, namespace: nil, name: name))
        }
        #expect(simulator.podList(namespace: name).count == pods)
        #expect(StoreError.forbidden(kind: ResourceKinds.namespace, name: name, why: "this namespace may not be deleted").message
                    == "namespaces \"\(name)\" is forbidden: this namespace may not be deleted")
    }

    @Test func aScenarioWhoseNamesTheAPIWouldRefuseSaysWhatToChange() {
        var scenario = Scenario.default
        scenario.workloads.append(.init(namespace: "Shop", name: "web_front"))
        let problems = scenario.validate()
        #expect(problems.contains { $0.contains("namespace \"Shop\" must be lower-case letters") })
        #expect(problems.contains { $0.contains("\"web_front\": the name must be lower-case letters") })
    }
}
