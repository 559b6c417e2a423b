import JSON

/// kube-scheduler's VolumeBinding plugin as it sees one pod: the PersistentVolumeClaims the pod
/// mounts, read from the object store.
///
/// - A claim that does not exist, or one that is unbound and whose class binds at once
///   (`volumeBindingMode: Immediate`, or no class), keeps the pod off every node — PreFilter's
///   `persistentvolumeclaim "NAME" not found` / `pod has unbound immediate PersistentVolumeClaims`.
/// - A bound claim's volume restricts the nodes to those its `nodeAffinity` admits (an EBS volume
///   lives in one zone): others fail with `node(s) had volume node affinity conflict`.
/// - An unbound claim whose class waits for its first consumer (`WaitForFirstConsumer`) is
///   provisioned for the node the pod is scheduled to (``Simulator/provision(claims:for:)``).
struct VolumeBinding {
    /// PreFilter's refusal, for every node at once.
    var refusal: String?
    /// Each bound volume's required node selector terms: a node must match one term of each.
    var volumeTerms: [[[PodPlacement.Requirement]]] = []
    /// Claims waiting for their first consumer: they are provisioned where the pod goes.
    var waiting: [StoredObject] = []
    /// The node an earlier pass chose for waiting claims (`volume.kubernetes.io/selected-node`):
    /// their volumes are being made there, or wait for a provisioner.
    var provisioningFor: String?
    /// The node a bound claim's volume was made for: where the pod goes while it fits there.
    var madeFor: String?

    static let selectedNodeAnnotation = "volume.kubernetes.io/selected-node"
    static let nodeConflict = "node(s) had volume node affinity conflict"

    init(_ pod: Pod, in simulator: Simulator) {
        for name in pod.claims {
            let key = ObjectStore.Key(kind: ResourceKinds.persistentVolumeClaim, namespace: pod.namespace, name: name)
            guard let claim = simulator.object(key) else {
                refusal = "persistentvolumeclaim \"\(name)\" not found"
                return
            }
            if let volume = Self.boundVolume(of: claim, in: simulator) {
                let terms = volume.body["spec"]?["nodeAffinity"]?["required"]?["nodeSelectorTerms"]?.elements ?? []
                if !terms.isEmpty { volumeTerms.append(terms.map { PodPlacement.requirements($0["matchExpressions"]) }) }
                if let node = claim.annotations[Self.selectedNodeAnnotation] { madeFor = node }
                continue
            }
            guard Self.storageClass(of: claim, in: simulator)?.body["volumeBindingMode"]?.stringValue == "WaitForFirstConsumer" else {
                refusal = "pod has unbound immediate PersistentVolumeClaims"
                return
            }
            waiting.append(claim)
            if let node = claim.annotations[Self.selectedNodeAnnotation] { provisioningFor = node }
        }
    }

    /// Whether a node can attach every bound volume.
    func admits(_ labels: [String: String]) -> Bool {
        volumeTerms.allSatisfy { terms in terms.contains { term in term.allSatisfy { $0.matches(labels) } } }
    }

    /// The volume a claim is bound to: the one it names, whose `claimRef` names it back.
    static func boundVolume(of claim: StoredObject, in simulator: Simulator) -> StoredObject? {
        guard let name = claim.body["spec"]?["volumeName"]?.stringValue, !name.isEmpty,
              let volume = simulator.object(ObjectStore.Key(kind: ResourceKinds.persistentVolume, namespace: nil, name: name)),
              volume.body["spec"]?["claimRef"]?["name"]?.stringValue == claim.name else { return nil }
        return volume
    }

    /// The claim's StorageClass (`spec.storageClassName`, else the beta annotation).
    static func storageClass(of claim: StoredObject, in simulator: Simulator) -> StoredObject? {
        let name = claim.body["spec"]?["storageClassName"]?.stringValue
            ?? claim.annotations["volume.beta.kubernetes.io/storage-class"] ?? ""
        guard !name.isEmpty else { return nil }
        return simulator.object(ObjectStore.Key(kind: ResourceKinds.storageClass, namespace: nil, name: name))
    }
}
