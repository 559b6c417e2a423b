import JSON

/// What finishes a deletion that finalizers hold: the namespace controller (a Terminating namespace
/// goes once its objects and the pods the simulator runs there are gone), the pvc-protection and
/// pv-protection controllers (a claim goes once no running pod mounts it; a volume once no claim is
/// bound to it), and the EBS driver's provisioner (its finalizer goes with the volume it deleted).
/// A finalizer nothing here removes keeps its object terminating until a client removes it.
extension Simulator {
    /// Added by the StorageObjectInUseProtection admission plugin to every claim.
    public static let claimProtection = "kubernetes.io/pvc-protection"
    /// Added by the same plugin to every volume.
    public static let volumeProtection = "kubernetes.io/pv-protection"
    /// Put on a volume by the CSI provisioner that made it: removed once the disk is deleted.
    public static let provisionerFinalizer = "external-provisioner.volume.kubernetes.io/finalizer"

    // MARK: Namespaces

    /// Removes each Terminating namespace that holds nothing any more (the namespace controller's
    /// last step; it waits for the pods' graceful ends, as the real one waits for their objects).
    func finishTerminatingNamespaces() {
        for name in store.terminatingNamespaces where !store.holdsObjects(namespace: name) {
            guard !pods.hasPods(inNamespace: name) else { continue }
            if store.finishNamespace(name) { reconcileObjects() }
        }
    }

    // MARK: Storage protection

    /// The pvc-protection controller: a terminating claim loses its finalizer once no scheduled pod
    /// that has not ended mounts it.
    func releaseClaimIfUnused(namespace: String, name: String) {
        let key = ObjectStore.Key(kind: ResourceKinds.persistentVolumeClaim, namespace: namespace, name: name)
        guard let claim = object(key), claim.isTerminating, claim.finalizers.contains(Self.claimProtection),
              claimUsers(namespace: namespace, name: name).isEmpty else { return }
        removeFinalizers([Self.claimProtection], from: claim)
    }

    /// The pods that keep a claim in use: those mounting it that are scheduled (a kubelet may be
    /// starting them) and have not ended.
    func claimUsers(namespace: String, name: String) -> [Pod] {
        pods.ids(inNamespace: namespace).compactMap { pods[$0] }
            .filter { $0.claims.contains(name) && $0.nodeName != nil && $0.phase != .succeeded && $0.phase != .failed }
            .sorted { $0.name < $1.name }
    }

    /// A pod ended or went: the terminating claims it mounted may go now.
    func podReleasedClaims(_ pod: Pod) {
        for claim in pod.claims { releaseClaimIfUnused(namespace: pod.namespace, name: claim) }
    }

    /// The pv-protection controller and the provisioner: a terminating volume no claim is bound to
    /// loses `pv-protection`, and the provisioner's finalizer once its driver runs (it deletes the disk).
    func releaseVolumeIfUnbound(_ volume: StoredObject) {
        guard volume.isTerminating, boundClaim(of: volume) == nil else { return }
        var released: [String] = []
        if volume.finalizers.contains(Self.volumeProtection) { released.append(Self.volumeProtection) }
        if volume.finalizers.contains(Self.provisionerFinalizer),
           let provisioner = volume.annotations["pv.kubernetes.io/provisioned-by"], provisionerRuns(provisioner) {
            released.append(Self.provisionerFinalizer)
        }
        removeFinalizers(released, from: volume)
    }

    /// The claim a volume is bound to: the one its `claimRef` names, with that uid.
    func boundClaim(of volume: StoredObject) -> StoredObject? {
        guard let reference = volume.body["spec"]?["claimRef"], case .object = reference,
              let claim = object(ObjectStore.Key(kind: ResourceKinds.persistentVolumeClaim, namespace: reference["namespace"]?.stringValue ?? "",
                                                 name: reference["name"]?.stringValue ?? "")) else { return nil }
        if let uid = reference["uid"]?.stringValue, uid != claim.uid { return nil }
        return claim
    }

    /// Writes an object without some of its finalizers, as the controller that owns them does.
    func removeFinalizers(_ removed: [String], from object: StoredObject) {
        guard !removed.isEmpty else { return }
        let kept = object.finalizers.filter { !removed.contains($0) }
        let metadata = ObjectPatch.merge(object.metadata, .object([("finalizers", kept.isEmpty ? .null : .array(kept.map { .string($0) }))]))
        _ = try? updateObject(ObjectStore.Key(kind: object.kind, namespace: object.namespace, name: object.name), metadata: metadata,
                              body: object.body, manager: FieldManager("kube-controller-manager", apiVersion: object.kind.apiVersion))
    }

    // MARK: Why a deletion does not finish

    /// Why a terminating object (or a Terminating namespace) will not go while nothing else
    /// happens in the cluster: the object still held and what holds it. Nil when it is gone or
    /// when something in progress may still finish it.
    public func deletionHold(_ key: ObjectStore.Key) -> DeletionHold? {
        guard let object = object(key), object.isTerminating, isIdle else { return nil }
        if key.kind == ResourceKinds.namespace, object.finalizers.isEmpty {
            let held = store.terminatingObjects(namespace: key.name)
            guard let first = held.first else { return nil }
            return hold(of: first).map { DeletionHold(object: $0.object, finalizers: $0.finalizers, users: $0.users, inside: key.name) }
        }
        return hold(of: object)
    }

    private func hold(of object: StoredObject) -> DeletionHold? {
        guard !object.finalizers.isEmpty else { return nil }
        let users = object.kind == ResourceKinds.persistentVolumeClaim ? claimUsers(namespace: object.namespace ?? "", name: object.name).map(\.name) : []
        return DeletionHold(object: object, finalizers: object.finalizers, users: users, inside: nil)
    }
}

/// A deletion that nothing in the simulated cluster will finish: the object its finalizers keep.
public struct DeletionHold: Sendable {
    /// The object still there (for a namespace, the first of its objects still held).
    public var object: StoredObject
    /// Its finalizers.
    public var finalizers: [String]
    /// For a claim, the running pods that mount it (pvc-protection keeps it for them).
    public var users: [String]
    /// The namespace whose deletion waits for `object`, if that is what was deleted.
    public var inside: String?
}
