import JSON

/// The PV controller's binding of claims to volumes that already exist (static provisioning). A
/// claim that names a volume (`spec.volumeName`) is bound to it; a claim that names none is bound to
/// the smallest Available volume of its storage class that offers its access modes and holds its
/// request. Binding writes both sides as the controller does: the volume's `claimRef` and the
/// claim's `volumeName`, with the `pv.kubernetes.io/…` annotations. A claim with nothing to bind to
/// gets a new volume from its class's provisioner when one runs (``Simulator/claimNeedsVolume(_:)``:
/// the EBS CSI driver once its add-on is installed), and otherwise stays Pending. A deleted claim
/// leaves a static volume Released (its `claimRef` stays); a provisioned one is deleted with it.
enum PersistentVolumeClaimObjectController: ObjectController {
    static let kind = ResourceKinds.persistentVolumeClaim

    static func reconcile(_ object: StoredObject?, key: ObjectStore.Key, simulator: Simulator) {
        guard let claim = object else {
            simulator.claimDeleted(namespace: key.namespace, name: key.name)
            return
        }
        if claim.isTerminating {
            // Deleted: nothing to bind; pvc-protection lets it go once no running pod mounts it.
            simulator.releaseClaimIfUnused(namespace: key.namespace, name: key.name)
            return
        }
        let named = claim.body["spec"]?["volumeName"]?.stringValue ?? ""
        let volume: StoredObject?
        if named.isEmpty {
            // A volume this claim was already given (its own write brings the claim back here first).
            volume = simulator.storedObjects(ResourceKinds.persistentVolume).first { volume in
                volume.body["spec"]?["claimRef"]?["uid"]?.stringValue == claim.uid
            } ?? bestFit(for: claim, simulator: simulator)
        } else {
            volume = simulator.object(ObjectStore.Key(kind: ResourceKinds.persistentVolume, namespace: nil, name: named))
        }
        guard let volume else {
            simulator.claimNeedsVolume(claim)
            return
        }
        if let reference = volume.body["spec"]?["claimRef"], case .object = reference {
            // Already bound, to this claim or (then this claim waits) to another.
            guard reference["name"]?.stringValue == claim.name, reference["namespace"]?.stringValue == claim.namespace else { return }
        } else {
            let claimRef: JSONValue = .object([("apiVersion", .string("v1")), ("kind", .string("PersistentVolumeClaim")),
                                               ("name", .string(claim.name)), ("namespace", .string(claim.namespace ?? "")),
                                               ("resourceVersion", .string(String(claim.resourceVersion))), ("uid", .string(claim.uid))])
            let body = ObjectPatch.merge(volume.body, .object([("spec", .object([("claimRef", claimRef)]))]))
            let metadata = named.isEmpty ? annotated(volume.metadata, ["pv.kubernetes.io/bound-by-controller": "yes"]) : volume.metadata
            _ = try? simulator.updateObject(ObjectStore.Key(kind: ResourceKinds.persistentVolume, namespace: nil, name: volume.name),
                                            metadata: metadata, body: body, manager: manager)
        }
        guard claim.annotations["pv.kubernetes.io/bind-completed"] == nil else { return }
        var annotations = ["pv.kubernetes.io/bind-completed": "yes"]
        if named.isEmpty { annotations["pv.kubernetes.io/bound-by-controller"] = "yes" }
        let body = named.isEmpty ? ObjectPatch.merge(claim.body, .object([("spec", .object([("volumeName", .string(volume.name))]))])) : claim.body
        _ = try? simulator.updateObject(key, metadata: annotated(claim.metadata, annotations), body: body, manager: manager)
    }

    /// A new volume may be the one a Pending claim waits for.
    static func owners(of changed: StoredObject, simulator: Simulator) -> [ObjectStore.Key] {
        simulator.storedObjects(kind).filter { $0.annotations["pv.kubernetes.io/bind-completed"] == nil }
            .map { ObjectStore.Key(kind: kind, namespace: $0.namespace, name: $0.name) }
    }

    static let manager = FieldManager("kube-controller-manager", apiVersion: "v1")

    /// The smallest Available volume of the claim's class that offers its modes and holds its request.
    static func bestFit(for claim: StoredObject, simulator: Simulator) -> StoredObject? {
        let spec = claim.body["spec"]
        let className = spec?["storageClassName"]?.stringValue ?? ""
        let modes = Set((spec?["accessModes"]?.elements ?? []).compactMap(\.stringValue))
        let request = size(spec?["resources"]?["requests"]?["storage"]) ?? 0
        return simulator.storedObjects(ResourceKinds.persistentVolume).filter { volume in
            let volumeSpec = volume.body["spec"]
            guard volumeSpec?["claimRef"] == nil || volumeSpec?["claimRef"] == .null else { return false }
            let offered = Set((volumeSpec?["accessModes"]?.elements ?? []).compactMap(\.stringValue))
            return (volumeSpec?["storageClassName"]?.stringValue ?? "") == className && modes.isSubset(of: offered)
                && (size(volumeSpec?["capacity"]?["storage"]) ?? 0) >= request
        }.min { (size($0.body["spec"]?["capacity"]?["storage"]) ?? 0, $0.name) < (size($1.body["spec"]?["capacity"]?["storage"]) ?? 0, $1.name) }
    }

    /// A storage quantity in thousandths of a byte, nil when it does not read as one.
    static func size(_ value: JSONValue?) -> Int64? {
        guard let value else { return nil }
        return KubernetesQuantity(value.stringValue ?? JSONSerializer.compact(value))?.millis
    }

    static func annotated(_ metadata: JSONValue, _ added: [String: String]) -> JSONValue {
        var annotations: [(key: String, value: JSONValue)] = []
        if case .object(let existing)? = metadata["annotations"] { annotations = existing }
        for (key, value) in added.sorted(by: { $0.key < $1.key }) where !annotations.contains(where: { $0.key == key }) {
            annotations.append((key, .string(value)))
        }
        return ObjectPatch.merge(metadata, .object([("annotations", .object(annotations))]))
    }
}
