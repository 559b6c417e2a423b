import JSON

/// What the volume controllers keep between passes: the claims a provisioner is making a volume
/// for, and the waits already announced (each claim's wait is recorded once, as one event).
struct ClaimVolumes {
    var provisioning: Set<String> = []
    var announced: Set<String> = []
    /// Pods waiting for volumes made for a chosen node, by pod id: the scheduler counts them there,
    /// as kube-scheduler's cache holds an assumed pod, so a set's next pod spreads away from it.
    var assumed: [Int: String] = [:]
}

/// Dynamic provisioning, as the PV controller and a CSI driver's external provisioner do it.
///
/// The EBS CSI driver (`ebs.csi.aws.com`) runs once the `aws-ebs-csi-driver` add-on is installed;
/// it also serves the in-tree `kubernetes.io/aws-ebs` classes (the `gp2` class every EKS cluster
/// has), which Kubernetes migrated to it. Without it, a claim that needs a new volume waits — as on
/// a new EKS cluster — and so do the pods that mount it. A volume is made in one zone: the zone of
/// the node chosen for the claim's first pod (`WaitForFirstConsumer`), or for an `Immediate` class
/// a zone of the cluster's; it then only attaches to nodes of that zone.
extension Simulator {
    public static let ebsDriver = "ebs.csi.aws.com"
    static let ebsAddon = "aws-ebs-csi-driver"

    /// The CSI driver that serves a class's provisioner (in-tree EBS is migrated to the EBS driver).
    static func driver(ofProvisioner provisioner: String) -> String {
        provisioner == "kubernetes.io/aws-ebs" ? ebsDriver : provisioner
    }

    /// Whether a provisioner runs: the EBS driver once its add-on is installed and not being removed.
    public func provisionerRuns(_ provisioner: String) -> Bool {
        guard Self.driver(ofProvisioner: provisioner) == Self.ebsDriver, let addon = addons[Self.ebsAddon] else { return false }
        return ![.creating, .createFailed, .deleting].contains(addon.status)
    }

    // MARK: The PV controller's view of an unbound claim

    /// A claim no existing volume fits: it waits for its first consumer, for a provisioner, or for
    /// nothing that will come (no class). Called by the claim's controller after each change.
    func claimNeedsVolume(_ claim: StoredObject) {
        let key = "\(claim.namespace ?? "")/\(claim.name)"
        guard let storageClass = VolumeBinding.storageClass(of: claim, in: self) else {
            if claim.body["spec"]?["storageClassName"]?.stringValue == nil { announce(.claimUnbindable(claim: key), for: key) }
            return
        }
        let provisioner = storageClass.body["provisioner"]?.stringValue ?? ""
        guard provisioner != "kubernetes.io/no-provisioner" else { return }
        if storageClass.body["volumeBindingMode"]?.stringValue == "WaitForFirstConsumer" {
            // The scheduler chooses the node; until a pod does, the claim waits.
            guard claim.annotations[VolumeBinding.selectedNodeAnnotation] != nil else {
                announce(.claimAwaitsConsumer(claim: key), for: key)
                return
            }
        }
        startProvisioning(claim, provisioner: provisioner)
    }

    /// The scheduler chose `node` for a pod whose claims wait for their first consumer: each claim
    /// records the node (`volume.kubernetes.io/selected-node`), and its provisioner makes a volume there.
    func provision(claims: [StoredObject], for node: String) {
        for claim in claims where claim.annotations[VolumeBinding.selectedNodeAnnotation] == nil {
            let provisioner = VolumeBinding.storageClass(of: claim, in: self)?.body["provisioner"]?.stringValue ?? ""
            let driver = Self.driver(ofProvisioner: provisioner)
            let annotations = [VolumeBinding.selectedNodeAnnotation: node, "volume.beta.kubernetes.io/storage-provisioner": driver,
                               "volume.kubernetes.io/storage-provisioner": driver]
            let key = ObjectStore.Key(kind: ResourceKinds.persistentVolumeClaim, namespace: claim.namespace, name: claim.name)
            // The write brings the claim back to its controller, which starts the provisioning.
            _ = try? updateObject(key, metadata: PersistentVolumeClaimObjectController.annotated(claim.metadata, annotations), body: claim.body,
                                  manager: PersistentVolumeClaimObjectController.manager)
        }
    }

    private func startProvisioning(_ claim: StoredObject, provisioner: String) {
        let key = "\(claim.namespace ?? "")/\(claim.name)"
        let driver = Self.driver(ofProvisioner: provisioner)
        guard provisionerRuns(provisioner) else {
            announce(.claimAwaitsProvisioner(claim: key, provisioner: driver), for: key)
            return
        }
        guard claimVolumes.provisioning.insert(key).inserted else { return }
        emit(.volumeProvisioningStarted(claim: key, provisioner: driver))
        schedule(.provisionVolume(key), after: .seconds(timings.volumeProvisioning))
    }

    /// Records a claim's wait once per kind of wait.
    private func announce(_ kind: SimEvent.Kind, for claim: String) {
        if claimVolumes.announced.insert(String(describing: kind)).inserted { emit(kind) }
    }

    /// Claims that waited for a provisioner which now runs (its add-on was installed).
    func provisionerStarted() {
        for claim in storedObjects(ResourceKinds.persistentVolumeClaim) where claim.body["spec"]?["volumeName"]?.stringValue == nil {
            claimNeedsVolume(claim)
        }
    }

    // MARK: The external provisioner

    /// Makes the volume a claim asked for, in the zone of its selected node (or one of the cluster's).
    func provisionVolume(forClaim key: String) {
        claimVolumes.provisioning.remove(key)
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2,
              let claim = object(ObjectStore.Key(kind: ResourceKinds.persistentVolumeClaim, namespace: parts[0], name: parts[1])),
              claim.body["spec"]?["volumeName"]?.stringValue == nil,
              let storageClass = VolumeBinding.storageClass(of: claim, in: self) else { return }
        let provisioner = storageClass.body["provisioner"]?.stringValue ?? ""
        guard provisionerRuns(provisioner) else { return }
        let zones = environment.availabilityZones
        let zone = claim.annotations[VolumeBinding.selectedNodeAnnotation].flatMap { nodes[$0]?.availabilityZone }
            ?? zones[Int(StableHash.hex("zone|\(claim.uid)", count: 8), radix: 16)! % zones.count]
        let volume = ProvisionedVolume(claim: claim, storageClass: storageClass, zone: zone, region: scenario.region,
                                       identity: "\(Int64(calendar.epoch(now) * 1000))-\(StableHash.hex("csi|\(cluster.name)", count: 4))")
        guard (try? createObject(kind: ResourceKinds.persistentVolume, namespace: nil, metadata: volume.metadata, body: volume.body,
                                 manager: FieldManager("csi-provisioner", apiVersion: "v1"))) != nil else { return }
        emit(.volumeProvisioned(claim: key, volume: volume.name, zone: zone))
    }

    /// A claim is gone: the volumes provisioned for it with reclaim policy Delete go after it.
    func claimDeleted(namespace: String, name: String) {
        for volume in storedObjects(ResourceKinds.persistentVolume) {
            let spec = volume.body["spec"]
            if volume.isTerminating, spec?["claimRef"]?["namespace"]?.stringValue == namespace, spec?["claimRef"]?["name"]?.stringValue == name {
                releaseVolumeIfUnbound(volume)
                continue
            }
            guard spec?["claimRef"]?["namespace"]?.stringValue == namespace, spec?["claimRef"]?["name"]?.stringValue == name,
                  (spec?["persistentVolumeReclaimPolicy"]?.stringValue ?? "Delete") == "Delete",
                  let provisionedBy = volume.annotations["pv.kubernetes.io/provisioned-by"], provisionerRuns(provisionedBy) else { continue }
            schedule(.reclaimVolume(volume.name), after: .seconds(timings.volumeDeletion))
        }
    }

    func reclaimVolume(_ name: String) {
        let key = ObjectStore.Key(kind: ResourceKinds.persistentVolume, namespace: nil, name: name)
        guard let volume = object(key), let claimRef = volume.body["spec"]?["claimRef"],
              object(ObjectStore.Key(kind: ResourceKinds.persistentVolumeClaim, namespace: claimRef["namespace"]?.stringValue ?? "",
                                     name: claimRef["name"]?.stringValue ?? "")).map({ $0.uid != claimRef["uid"]?.stringValue }) ?? true,
              (try? deleteObject(key)) != nil else { return }
        emit(.volumeDeleted(volume: name))
    }
}

/// The PersistentVolume a provisioner writes for a claim: named `pvc-<claim uid>`, holding the
/// claim's request, bound to it by `claimRef`, attachable in one zone. The EBS driver's own classes
/// get a `csi` source; the migrated in-tree class (`kubernetes.io/aws-ebs`) is written back in its
/// in-tree form (`awsElasticBlockStore`), as the CSI translation does.
struct ProvisionedVolume {
    var name: String
    var metadata: JSONValue
    var body: JSONValue

    init(claim: StoredObject, storageClass: StoredObject, zone: String, region: String, identity: String) {
        let spec = claim.body["spec"]
        let provisioner = storageClass.body["provisioner"]?.stringValue ?? ""
        let parameters = storageClass.body["parameters"]
        let fsType = parameters?["csi.storage.k8s.io/fstype"]?.stringValue ?? parameters?["fsType"]?.stringValue ?? "ext4"
        let handle = "vol-0" + StableHash.hex("ebs|\(claim.uid)", count: 16)
        name = "pvc-\(claim.uid)"
        let migrated = provisioner == "kubernetes.io/aws-ebs"
        var annotations: [(key: String, value: JSONValue)] = []
        if migrated { annotations.append(("pv.kubernetes.io/migrated-to", .string(Simulator.ebsDriver))) }
        annotations += [("pv.kubernetes.io/provisioned-by", .string(provisioner)),
                        ("volume.kubernetes.io/provisioner-deletion-secret-name", .string("")),
                        ("volume.kubernetes.io/provisioner-deletion-secret-namespace", .string(""))]
        let reclaimPolicy = storageClass.body["reclaimPolicy"]?.stringValue ?? "Delete"
        // The provisioner keeps a volume it will delete until the disk is gone (HonorPVReclaimPolicy).
        let finalizers: [JSONValue] = reclaimPolicy == "Delete" ? [.string(Simulator.provisionerFinalizer)] : []
        metadata = .object([("annotations", .object(annotations))] + (finalizers.isEmpty ? [] : [("finalizers", .array(finalizers))])
                           + [("name", .string(name))])
        var zoneTerms: [JSONValue] = [.object([("key", .string("topology.kubernetes.io/zone")), ("operator", .string("In")),
                                               ("values", .array([.string(zone)]))])]
        if migrated {
            zoneTerms.append(.object([("key", .string("topology.kubernetes.io/region")), ("operator", .string("In")),
                                      ("values", .array([.string(region)]))]))
        }
        let source: (key: String, value: JSONValue) = migrated
            ? ("awsElasticBlockStore", .object([("fsType", .string(fsType)), ("volumeID", .string(handle))]))
            : ("csi", .object([("driver", .string(Simulator.ebsDriver)), ("fsType", .string(fsType)),
                               ("volumeAttributes", .object([("storage.kubernetes.io/csiProvisionerIdentity", .string("\(identity)-\(Simulator.ebsDriver)"))])),
                               ("volumeHandle", .string(handle))]))
        let claimRef: JSONValue = .object([("apiVersion", .string("v1")), ("kind", .string("PersistentVolumeClaim")),
                                           ("name", .string(claim.name)), ("namespace", .string(claim.namespace ?? "")),
                                           ("resourceVersion", .string(String(claim.resourceVersion))), ("uid", .string(claim.uid))])
        var fields: [(key: String, value: JSONValue)] = [
            ("accessModes", spec?["accessModes"] ?? .array([.string("ReadWriteOnce")])),
            ("capacity", .object([("storage", spec?["resources"]?["requests"]?["storage"] ?? .string("1Gi"))])),
            ("claimRef", claimRef),
        ]
        if !migrated { fields.append(source) }
        fields.append(("nodeAffinity", .object([("required", .object([("nodeSelectorTerms", .array([.object([("matchExpressions", .array(zoneTerms))])]))]))])))
        fields += [("persistentVolumeReclaimPolicy", .string(reclaimPolicy)),
                   ("storageClassName", .string(storageClass.name)),
                   ("volumeMode", .string(spec?["volumeMode"]?.stringValue ?? "Filesystem"))]
        if migrated { fields.insert(source, at: 1) }
        body = .object([("spec", .object(fields))])
    }
}
