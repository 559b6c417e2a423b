import JSON
import Testing
@testable import ClusterSim

/// StatefulSet claims, the scheduler's volume rules and the EBS CSI driver's provisioning, driven
/// through the store and the EKS API as a lesson drives them.
@Suite struct VolumeProvisioningTests {
    func statefulSet(replicas: Int = 2, storageClass: String = "gp2", retention: String = "") -> String {
        """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          replicas: \(replicas)
          serviceName: db
          selector: {matchLabels: {app: db}}
          \(retention)
          template:
            metadata: {labels: {app: db}}
            spec:
              containers: [{name: db, image: mysql:8.0}]
          volumeClaimTemplates:
          - metadata: {name: data, labels: {tier: storage}}
            spec:
              accessModes: [ReadWriteOnce]
              storageClassName: \(storageClass)
              resources: {requests: {storage: 4Gi}}
        """
    }

    func claim(_ simulator: Simulator, _ name: String) -> StoredObject? {
        simulator.object(ObjectStore.Key(kind: ResourceKinds.persistentVolumeClaim, namespace: "default", name: name))
    }

    func volume(of claim: StoredObject?, _ simulator: Simulator) -> StoredObject? {
        guard let name = claim?.body["spec"]?["volumeName"]?.stringValue else { return nil }
        return simulator.object(ObjectStore.Key(kind: ResourceKinds.persistentVolume, namespace: nil, name: name))
    }

    func zone(ofPod name: String, _ simulator: Simulator) -> String? {
        simulator.pod(namespace: "default", name: name)?.nodeName.flatMap { simulator.node(named: $0)?.availabilityZone }
    }

    func pending(_ simulator: Simulator, _ pod: String) -> [String] {
        simulator.events.compactMap { if case .podPending(let key, let reason) = $0.kind, key == "default/\(pod)" { reason } else { nil } }
    }

    @Test func aStatefulSetMakesOneClaimPerOrdinalAndKeepsThemWhenItScalesDown() throws {
        let simulator = Simulator(scenario: .default)
        try simulator.create(manifest: statefulSet(replicas: 3))
        for ordinal in 0..<3 {
            let made = try #require(claim(simulator, "data-db-\(ordinal)"))
            #expect(made.labels == ["app": "db", "tier": "storage"], "the template's labels and the set's selector labels")
            #expect(made.ownerUIDs.isEmpty, "retained by default: no owner")
        }
        let pod = try #require(simulator.pod(namespace: "default", name: "db-1"))
        #expect(pod.claims == ["data-db-1"])
        let key = ObjectStore.Key(kind: ResourceKinds.statefulSet, namespace: "default", name: "db")
        _ = try simulator.patchObject(key, with: .object([("spec", .object([("replicas", .int(1))]))]), kind: .merge, manager: FieldManager("kubectl", apiVersion: "apps/v1"))
        #expect(claim(simulator, "data-db-2") != nil, "scaling down keeps the claims")
        try simulator.deleteObject(key)
        #expect(claim(simulator, "data-db-0") != nil, "deleting the set keeps them too")
    }

    @Test func claimsOwnedByTheSetGoWithItWhenTheRetentionPolicySaysDelete() throws {
        let simulator = Simulator(scenario: .default)
        try simulator.create(manifest: statefulSet(retention: "persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete}"))
        #expect(claim(simulator, "data-db-0")?.ownerUIDs.isEmpty == false)
        try simulator.deleteObject(ObjectStore.Key(kind: ResourceKinds.statefulSet, namespace: "default", name: "db"))
        #expect(claim(simulator, "data-db-0") == nil && claim(simulator, "data-db-1") == nil)
    }

    @Test func withoutTheEBSDriverClaimsAndTheirPodsWaitAndSayWhy() throws {
        let simulator = Simulator(scenario: .default)
        try simulator.create(manifest: statefulSet())
        simulator.advance(by: .seconds(60))
        let waiting = try #require(claim(simulator, "data-db-0"))
        #expect(waiting.body["spec"]?["volumeName"] == nil)
        let node = try #require(waiting.annotations["volume.kubernetes.io/selected-node"], "the scheduler chose a node for the claim's pod")
        #expect(simulator.node(named: node) != nil)
        #expect(waiting.annotations["volume.kubernetes.io/storage-provisioner"] == "ebs.csi.aws.com", "gp2 is served by the EBS CSI driver")
        #expect(simulator.pod(namespace: "default", name: "db-0")?.nodeName == nil, "the pod waits for its volume")
        #expect(pending(simulator, "db-0").isEmpty, "no FailedScheduling while the volume is awaited")
        let kinds = simulator.events.map(\.kind)
        #expect(kinds.contains(.claimAwaitsConsumer(claim: "default/data-db-0")))
        #expect(kinds.contains(.claimAwaitsProvisioner(claim: "default/data-db-0", provisioner: "ebs.csi.aws.com")))
    }

    @Test func theEBSAddonProvisionsWaitingClaimsInTheZoneOfTheNodeChosenForThem() throws {
        let simulator = Simulator(scenario: .default)
        try simulator.create(manifest: statefulSet())
        simulator.advance(by: .seconds(30))
        let addon = try simulator.createAddon(cluster: "eks-workshop", addon: "aws-ebs-csi-driver")
        #expect(addon.status == .creating)
        #expect(throws: ServiceError.self) { try simulator.createAddon(cluster: "eks-workshop", addon: "aws-ebs-csi-driver") }
        simulator.advance(by: .seconds(120))
        #expect(try simulator.describeAddon(cluster: "eks-workshop", addon: "aws-ebs-csi-driver").status == .active)
        for ordinal in 0..<2 {
            let bound = try #require(claim(simulator, "data-db-\(ordinal)"))
            let made = try #require(volume(of: bound, simulator), "data-db-\(ordinal) is bound")
            #expect(made.name == "pvc-\(bound.uid)")
            #expect(made.body["spec"]?["claimRef"]?["uid"]?.stringValue == bound.uid)
            #expect(made.body["spec"]?["capacity"]?["storage"] == .string("4Gi"))
            let terms = made.body["spec"]?["nodeAffinity"]?["required"]?["nodeSelectorTerms"]?.elements ?? []
            let volumeZone = terms.first?["matchExpressions"]?.elements.first?["values"]?.elements.first?.stringValue
            #expect(volumeZone != nil && volumeZone == zone(ofPod: "db-\(ordinal)", simulator), "the pod runs in its volume's zone")
            #expect(simulator.pod(namespace: "default", name: "db-\(ordinal)")?.phase == .running)
        }
        #expect(zone(ofPod: "db-0", simulator) != zone(ofPod: "db-1", simulator), "the set's pods spread as they would have without volumes")
    }

    @Test func aPodWhoseVolumeLivesInOneZoneComesBackInThatZone() throws {
        let simulator = Simulator(scenario: .default)
        _ = try simulator.createAddon(cluster: "eks-workshop", addon: "aws-ebs-csi-driver")
        simulator.advance(by: .seconds(120))
        try simulator.create(manifest: statefulSet(replicas: 1))
        simulator.advance(by: .seconds(60))
        let before = try #require(zone(ofPod: "db-0", simulator))
        for _ in 0..<4 {
            // Deleted again and again: the StatefulSet makes it anew, and only its volume's zone takes it.
            let pod = try #require(simulator.pod(namespace: "default", name: "db-0"))
            try simulator.deletePod(namespace: "default", name: pod.name)
            simulator.advance(by: .seconds(60))
            #expect(zone(ofPod: "db-0", simulator) == before)
        }
    }

    @Test func aVolumeInAZoneWithoutNodesKeepsItsPodPendingForTheSchedulersReason() throws {
        let simulator = Simulator(scenario: .default)
        try simulator.create(manifest: """
            apiVersion: v1
            kind: PersistentVolume
            metadata: {name: far}
            spec:
              capacity: {storage: 1Gi}
              accessModes: [ReadWriteOnce]
              storageClassName: manual
              awsElasticBlockStore: {volumeID: vol-0123}
              nodeAffinity:
                required:
                  nodeSelectorTerms:
                  - matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [us-west-2d]}]
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: far}
            spec: {accessModes: [ReadWriteOnce], storageClassName: manual, resources: {requests: {storage: 1Gi}}}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app}
            spec:
              selector: {matchLabels: {app: app}}
              template:
                metadata: {labels: {app: app}}
                spec:
                  containers: [{name: app, image: nginx}]
                  volumes: [{name: data, persistentVolumeClaim: {claimName: far}}]
            """)
        simulator.advance(by: .seconds(30))
        let pod = try #require(simulator.podList(namespace: "default").first { $0.name.hasPrefix("app-") })
        #expect(pod.nodeName == nil)
        let nodes = simulator.nodeList().count
        #expect(pending(simulator, pod.name).first?.contains("0/\(nodes) nodes are available: \(nodes) node(s) had volume node affinity conflict.") == true)
    }

    @Test func unboundImmediateAndMissingClaimsAreRefusedBeforeAnyNodeIsTried() throws {
        let simulator = Simulator(scenario: .default)
        try simulator.create(manifest: """
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata: {name: now}
            provisioner: ebs.csi.aws.com
            volumeBindingMode: Immediate
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: soon}
            spec: {accessModes: [ReadWriteOnce], storageClassName: now, resources: {requests: {storage: 1Gi}}}
            """)
        for (name, claimName) in [("uses-soon", "soon"), ("uses-none", "none")] {
            try simulator.create(manifest: """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: \(name)}
                spec:
                  selector: {matchLabels: {app: \(name)}}
                  template:
                    metadata: {labels: {app: \(name)}}
                    spec:
                      containers: [{name: app, image: nginx}]
                      volumes: [{name: data, persistentVolumeClaim: {claimName: \(claimName)}}]
                """)
        }
        simulator.advance(by: .seconds(10))
        let nodes = simulator.nodeList().count
        let notHelpful = "preemption: 0/\(nodes) nodes are available: \(nodes) Preemption is not helpful for scheduling."
        let soon = try #require(simulator.podList(namespace: "default").first { $0.name.hasPrefix("uses-soon-") })
        #expect(pending(simulator, soon.name) == ["no node fits: 0/\(nodes) nodes are available: pod has unbound immediate PersistentVolumeClaims. \(notHelpful)"])
        let none = try #require(simulator.podList(namespace: "default").first { $0.name.hasPrefix("uses-none-") })
        #expect(pending(simulator, none.name) == ["no node fits: 0/\(nodes) nodes are available: persistentvolumeclaim \"none\" not found. \(notHelpful)"])
        #expect(simulator.events.map(\.kind).contains(.claimAwaitsProvisioner(claim: "default/soon", provisioner: "ebs.csi.aws.com")))
        // Once the driver runs, the Immediate claim gets a volume without waiting for a pod, and its pod runs.
        _ = try simulator.createAddon(cluster: "eks-workshop", addon: "aws-ebs-csi-driver")
        simulator.advance(by: .seconds(120))
        #expect(volume(of: claim(simulator, "soon"), simulator) != nil)
        #expect(simulator.pod(namespace: "default", name: soon.name)?.nodeName != nil)
    }

    @Test func deletingAClaimDeletesTheVolumeMadeForIt() throws {
        let simulator = Simulator(scenario: .default)
        _ = try simulator.createAddon(cluster: "eks-workshop", addon: "aws-ebs-csi-driver")
        simulator.advance(by: .seconds(120))
        try simulator.create(manifest: statefulSet(replicas: 1))
        simulator.advance(by: .seconds(60))
        let made = try #require(volume(of: claim(simulator, "data-db-0"), simulator))
        try simulator.deleteObject(ObjectStore.Key(kind: ResourceKinds.statefulSet, namespace: "default", name: "db"))
        let claimKey = ObjectStore.Key(kind: ResourceKinds.persistentVolumeClaim, namespace: "default", name: "data-db-0")
        try simulator.deleteObject(claimKey)
        // pvc-protection keeps the claim while its pod takes its grace period to end.
        #expect(simulator.object(claimKey)?.isTerminating == true)
        simulator.advance(by: .seconds(10))
        #expect(simulator.object(claimKey)?.isTerminating == true)
        #expect(simulator.object(ObjectStore.Key(kind: ResourceKinds.persistentVolume, namespace: nil, name: made.name))?.finalizers
                == [Simulator.provisionerFinalizer, Simulator.volumeProtection])
        simulator.advance(by: .seconds(21))
        #expect(simulator.object(claimKey) == nil)
        #expect(simulator.object(ObjectStore.Key(kind: ResourceKinds.persistentVolume, namespace: nil, name: made.name)) != nil, "Released for a moment")
        simulator.advance(by: .seconds(10))
        #expect(simulator.object(ObjectStore.Key(kind: ResourceKinds.persistentVolume, namespace: nil, name: made.name)) == nil)
        #expect(simulator.events.map(\.kind).contains(.volumeDeleted(volume: made.name)))
    }

    @Test func deletingTheAddonTakesItsObjectsAndThenTheAddonItself() throws {
        let simulator = Simulator(scenario: .default)
        _ = try simulator.createAddon(cluster: "eks-workshop", addon: "aws-ebs-csi-driver", version: "v1.48.0-eksbuild.2",
                                      serviceAccountRoleArn: "arn:aws:iam::123456789012:role/ebs")
        #expect(throws: ServiceError.self) { try simulator.createAddon(cluster: "eks-workshop", addon: "no-such-addon") }
        simulator.advance(by: .seconds(120))
        #expect(simulator.object(ObjectStore.Key(kind: ResourceKinds.deployment, namespace: "kube-system", name: "ebs-csi-controller")) != nil)
        let deleting = try simulator.deleteAddon(cluster: "eks-workshop", addon: "aws-ebs-csi-driver")
        #expect(deleting.status == .deleting && deleting.serviceAccountRoleArn == "arn:aws:iam::123456789012:role/ebs")
        #expect(simulator.object(ObjectStore.Key(kind: ResourceKinds.daemonSet, namespace: "kube-system", name: "ebs-csi-node")) == nil)
        #expect(!simulator.provisionerRuns("ebs.csi.aws.com"))
        simulator.advance(by: .seconds(60))
        #expect(try simulator.listAddons(cluster: "eks-workshop") == ["coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"])
    }
}
