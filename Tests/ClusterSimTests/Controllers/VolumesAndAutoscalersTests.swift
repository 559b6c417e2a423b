import JSON
import Testing
@testable import ClusterSim

/// The claim binder and the autoscaler's bounds, driven through the store as kubectl drives them.
@Suite struct VolumesAndAutoscalersTests {
    func volume(_ name: String, _ size: String, claimRef: String = "") -> String {
        "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: \(name)\nspec:\n  capacity: {storage: \(size)}\n  accessModes: [ReadWriteOnce]\n  storageClassName: manual\n\(claimRef)"
    }

    func claimRef(_ simulator: Simulator, _ volume: String) -> String? {
        simulator.object(ObjectStore.Key(kind: ResourceKinds.persistentVolume, namespace: nil, name: volume))?.body["spec"]?["claimRef"]?["name"]?.stringValue
    }

    @Test func aClaimBindsToTheSmallestVolumeThatHoldsItAndLeavesItReleasedWhenDeleted() throws {
        let simulator = Simulator(scenario: .default)
        try simulator.create(manifest: volume("big", "20Gi") + "---\n" + volume("small", "2Gi") + "---\n" + volume("tiny", "500Mi"))
        try simulator.create(manifest: "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: manual\n  resources:\n    requests: {storage: 1Gi}\n")
        let key = ObjectStore.Key(kind: ResourceKinds.persistentVolumeClaim, namespace: "default", name: "data")
        let claim = try #require(simulator.object(key))
        #expect(claim.body["spec"]?["volumeName"] == .string("small"))
        #expect(claim.annotations["pv.kubernetes.io/bind-completed"] == "yes")
        #expect(claimRef(simulator, "small") == "data")
        #expect(claimRef(simulator, "big") == nil && claimRef(simulator, "tiny") == nil, "one volume per claim")
        // A second claim of the same size takes the next volume that fits; a third waits.
        try simulator.create(manifest: "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: more\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: manual\n  resources:\n    requests: {storage: 1Gi}\n")
        #expect(claimRef(simulator, "big") == "more")
        try simulator.create(manifest: "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: waits\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: manual\n  resources:\n    requests: {storage: 1Gi}\n")
        #expect(simulator.object(ObjectStore.Key(kind: ResourceKinds.persistentVolumeClaim, namespace: "default", name: "waits"))?.body["spec"]?["volumeName"] == nil)
        // A volume made later is found for the waiting claim.
        try simulator.create(manifest: volume("late", "1Gi"))
        #expect(claimRef(simulator, "late") == "waits")
        try simulator.deleteObject(key)
        #expect(claimRef(simulator, "small") == "data", "the volume keeps its claimRef: Released, not Available")
    }

    @Test func quantitiesAreStoredAsTheStringsTheAPIReturns() throws {
        let simulator = Simulator(scenario: .default)
        try simulator.create(manifest: "apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q\nspec:\n  hard: {pods: 10, requests.cpu: 0.5, requests.memory: 1Gi}\n")
        let quota = try #require(simulator.object(ObjectStore.Key(kind: ResourceKinds.resourceQuota, namespace: "default", name: "q")))
        #expect(JSONSerializer.compact(quota.body["spec"]?["hard"] ?? .null) == #"{"pods":"10","requests.cpu":"500m","requests.memory":"1Gi"}"#)
        #expect(StoredForm.rewritesManifest(ResourceKinds.resourceQuota, .object([("spec", .object([("hard", .object([("pods", .int(10))]))]))])))
        #expect(!StoredForm.rewritesManifest(ResourceKinds.resourceQuota, quota.body))
    }

    @Test func anAutoscalerKeepsItsTargetWithinItsBoundsAndLeavesZeroAlone() throws {
        let simulator = Simulator(scenario: .default)
        try simulator.create(manifest: """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: nginx}]}
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: web}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              minReplicas: 3
              maxReplicas: 5
            """)
        let key = ObjectStore.Key(kind: ResourceKinds.deployment, namespace: "default", name: "web")
        func replicas() -> JSONValue? { simulator.object(key)?.body["spec"]?["replicas"] }
        #expect(replicas() == .int(1), "nothing before the controller's first sync")
        simulator.advance(by: .seconds(15))
        #expect(replicas() == .int(3), "raised to minReplicas at its first sync, 15 s after it was made")
        func scale(_ n: Int) throws {
            let object = try #require(simulator.object(key))
            try simulator.updateObject(key, metadata: object.metadata, body: ObjectPatch.merge(object.body, .object([("spec", .object([("replicas", .int(n))]))])))
        }
        try scale(9)
        #expect(replicas() == .int(9), "the autoscaler does not watch its target")
        simulator.advance(by: .seconds(15))
        #expect(replicas() == .int(5), "lowered to maxReplicas at the next sync")
        try scale(4)
        simulator.advance(by: .seconds(15))
        #expect(replicas() == .int(4), "within bounds: left as it is (no metrics to act on)")
        try scale(0)
        simulator.advance(by: .seconds(30))
        #expect(replicas() == .int(0), "scaled to zero: autoscaling is off")
        #expect(simulator.workload(key: "default/web")?.replicas == 0)
        let kinds = simulator.events.map(\.kind)
        #expect(kinds.contains(.autoscalerRescaled(autoscaler: "default/web", size: 3, reason: "Current number of replicas below Spec.MinReplicas")))
        #expect(kinds.contains(.autoscalerRescaled(autoscaler: "default/web", size: 5, reason: "Current number of replicas above Spec.MaxReplicas")))
        #expect(kinds.contains(.autoscalerMetricsUnavailable(autoscaler: "default/web", resources: ["cpu"])), "within bounds, the metrics it cannot read")
        // Gone: its loop stops.
        try simulator.deleteObject(ObjectStore.Key(kind: ResourceKinds.horizontalPodAutoscaler, namespace: "default", name: "web"))
        try scale(1)
        simulator.advance(by: .seconds(60))
        #expect(replicas() == .int(1))
    }
}
