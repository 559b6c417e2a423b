import JSON
import Testing
@testable import ClusterSim

/// Deletions the cluster's controllers finish: a namespace is Terminating until its pods have
/// taken their grace period; a claim a running pod mounts stays until the pod goes; and a
/// finalizer no controller here owns holds its object for good, which `deletionHold` says.
@Suite struct DeletionLifecycleTests {
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx}]
        """

    @Test func aNamespaceIsTerminatingUntilItsPodsHaveEnded() throws {
        let simulator = Simulator(scenario: .default)
        try simulator.create(manifest: "apiVersion: v1\nkind: Namespace\nmetadata: {name: demo}\n")
        try simulator.create(manifest: Self.deployment, namespace: "demo")
        simulator.advance(by: .seconds(30))
        #expect(simulator.podList(namespace: "demo").count == 2)
        let key = ObjectStore.Key(kind: ResourceKinds.namespace, namespace: nil, name: "demo")
        try simulator.deleteObject(key)
        #expect(simulator.object(key)?.isTerminating == true)
        #expect(simulator.storedObjects(ResourceKinds.deployment, namespace: "demo").isEmpty, "its objects go at once")
        #expect(simulator.podList(namespace: "demo").allSatisfy { $0.terminating })
        #expect(simulator.deletionHold(key) == nil, "pods ending are progress, not a hold")
        simulator.advance(by: .seconds(31))
        #expect(simulator.object(key) == nil)
        #expect(simulator.podList(namespace: "demo").isEmpty)
    }

    @Test func aFinalizerNoControllerOwnsHoldsItsObjectAndItsNamespace() throws {
        let simulator = Simulator(scenario: .default)
        try simulator.create(manifest: "apiVersion: v1\nkind: Namespace\nmetadata: {name: demo}\n")
        try simulator.create(manifest: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: held, finalizers: [example.com/cleanup]}\n", namespace: "demo")
        let namespace = ObjectStore.Key(kind: ResourceKinds.namespace, namespace: nil, name: "demo")
        try simulator.deleteObject(namespace)
        simulator.advance(by: .seconds(60))
        let hold = try #require(simulator.deletionHold(namespace))
        #expect(hold.object.name == "held" && hold.finalizers == ["example.com/cleanup"] && hold.inside == "demo")
        let held = ObjectStore.Key(kind: ResourceKinds.configMap, namespace: "demo", name: "held")
        #expect(simulator.deletionHold(held)?.inside == nil)
        // Removing it (as a client would) finishes both.
        let object = try #require(simulator.object(held))
        try simulator.updateObject(held, metadata: ObjectPatch.merge(object.metadata, .object([("finalizers", .null)])), body: object.body)
        #expect(simulator.object(held) == nil && simulator.object(namespace) == nil)
    }

    @Test func aClaimARunningPodMountsStaysUntilThePodGoes() throws {
        let simulator = Simulator(scenario: .default)
        try simulator.create(manifest: """
            apiVersion: v1
            kind: PersistentVolume
            metadata: {name: data-pv}
            spec:
              capacity: {storage: 5Gi}
              accessModes: [ReadWriteOnce]
              storageClassName: manual
              hostPath: {path: /data}
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data}
            spec:
              accessModes: [ReadWriteOnce]
              storageClassName: manual
              resources: {requests: {storage: 1Gi}}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: db}
            spec:
              replicas: 1
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  containers: [{name: db, image: postgres}]
                  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
            """)
        simulator.advance(by: .seconds(30))
        let claim = ObjectStore.Key(kind: ResourceKinds.persistentVolumeClaim, namespace: "default", name: "data")
        let volume = ObjectStore.Key(kind: ResourceKinds.persistentVolume, namespace: nil, name: "data-pv")
        #expect(simulator.object(claim)?.finalizers == [Simulator.claimProtection])
        try simulator.deleteObject(claim)
        try simulator.deleteObject(volume)
        simulator.advance(by: .seconds(60))
        #expect(simulator.object(claim)?.isTerminating == true && simulator.object(volume)?.isTerminating == true)
        let hold = try #require(simulator.deletionHold(claim))
        #expect(hold.users.count == 1 && hold.users[0].hasPrefix("db-"))
        // The Deployment goes, its pod ends, then the claim; the volume, no longer bound, follows.
        try simulator.deleteObject(ObjectStore.Key(kind: ResourceKinds.deployment, namespace: "default", name: "db"))
        simulator.advance(by: .seconds(31))
        #expect(simulator.object(claim) == nil)
        #expect(simulator.object(volume) == nil)
    }
}
