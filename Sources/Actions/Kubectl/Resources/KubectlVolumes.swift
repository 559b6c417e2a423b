import ClusterSim
import JSON

/// PersistentVolumeClaims and PersistentVolumes, with what the PV controller would have written in
/// their status. The simulated cluster runs no CSI driver, so nothing provisions a volume for a claim:
/// a claim binds only to a volume it names (`spec.volumeName`) whose own `claimRef` (if any) names
/// the claim back, as a statically provisioned volume does; every other claim stays Pending.
extension KubectlResource {
    /// PersistentVolumeClaims: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS
    /// AGE; wide adds VOLUMEMODE. Capacity and access modes show once the claim is bound.
    static let persistentVolumeClaims = stored(
        ResourceKinds.persistentVolumeClaim, nameKind: "persistentvolumeclaim",
        header: { wide in ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"] + (wide ? ["VOLUMEMODE"] : []) },
        wideCells: { [KubectlVolumes.volumeMode($0.body["spec"])] }) { object, simulator in
            let status = KubectlVolumes.claimStatus(object, simulator: simulator)
            let bound = !(object.body["spec"]?["volumeName"]?.stringValue ?? "").isEmpty
            // kubectl's printer says Terminating for a claim being deleted, whatever its phase.
            return [object.isTerminating ? "Terminating" : status.text("phase"), object.body["spec"]?["volumeName"]?.stringValue ?? "",
                    bound ? KubectlVolumes.quantity(status["capacity"]?["storage"]) : "",
                    bound ? KubectlVolumes.accessModes(status["accessModes"]) : "",
                    KubectlVolumes.storageClass(object), object.body["spec"]?["volumeAttributesClassName"]?.stringValue ?? "<unset>"]
        }

    /// PersistentVolumes: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS
    /// VOLUMEATTRIBUTESCLASS REASON AGE; wide adds VOLUMEMODE.
    static let persistentVolumes = stored(
        ResourceKinds.persistentVolume, nameKind: "persistentvolume",
        header: { wide in ["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS",
                           "REASON", "AGE"] + (wide ? ["VOLUMEMODE"] : []) },
        wideCells: { [KubectlVolumes.volumeMode($0.body["spec"])] }) { object, simulator in
            let spec = object.body["spec"]
            var claim = ""
            if let reference = spec?["claimRef"], case .object = reference { claim = "\(reference.text("namespace"))/\(reference.text("name"))" }
            return [KubectlVolumes.quantity(spec?["capacity"]?["storage"]), KubectlVolumes.accessModes(spec?["accessModes"]),
                    spec?["persistentVolumeReclaimPolicy"]?.stringValue ?? "Retain",
                    object.isTerminating ? "Terminating" : KubectlVolumes.volumePhase(object, simulator: simulator),
                    claim, KubectlVolumes.storageClass(object), spec?["volumeAttributesClassName"]?.stringValue ?? "<unset>", ""]
        }
}

/// The PV controller's view of claims and volumes, and the printer's cells for them.
enum KubectlVolumes {
    /// The volume a claim is bound to: the one it names, if that volume does not belong to another claim.
    static func boundVolume(of claim: StoredObject, simulator: Simulator) -> StoredObject? {
        guard let name = claim.body["spec"]?["volumeName"]?.stringValue, !name.isEmpty,
              let volume = simulator.object(ObjectStore.Key(kind: ResourceKinds.persistentVolume, namespace: nil, name: name)) else { return nil }
        if let reference = volume.body["spec"]?["claimRef"], case .object = reference,
           reference.text("name") != claim.name || reference.text("namespace") != (claim.namespace ?? "") {
            return nil
        }
        return volume
    }

    /// A claim's status: Bound with the volume's capacity and access modes, else Pending.
    static func claimStatus(_ claim: StoredObject, simulator: Simulator) -> JSONValue {
        guard let volume = boundVolume(of: claim, simulator: simulator) else { return .object([("phase", .string("Pending"))]) }
        var fields: [(key: String, value: JSONValue)] = []
        if let modes = volume.body["spec"]?["accessModes"] { fields.append(("accessModes", modes)) }
        if let capacity = volume.body["spec"]?["capacity"] { fields.append(("capacity", capacity)) }
        fields.append(("phase", .string("Bound")))
        return .object(fields)
    }

    /// A volume's phase: Bound to the claim it names when that claim exists (Released once it is
    /// gone), Available when it names none.
    static func volumePhase(_ volume: StoredObject, simulator: Simulator) -> String {
        guard let reference = volume.body["spec"]?["claimRef"], case .object = reference else { return "Available" }
        let key = ObjectStore.Key(kind: ResourceKinds.persistentVolumeClaim, namespace: reference.text("namespace"), name: reference.text("name"))
        return simulator.object(key) == nil ? "Released" : "Bound"
    }

    /// `helper.GetPersistentVolumeClaimClass` / `GetPersistentVolumeClass`: the beta annotation first, then the field.
    static func storageClass(_ object: StoredObject) -> String {
        object.annotations["volume.beta.kubernetes.io/storage-class"] ?? object.body["spec"]?["storageClassName"]?.stringValue ?? ""
    }

    /// `RWO,ROX,RWX,RWOP` in the API's order of modes, each once.
    static func accessModes(_ modes: JSONValue?) -> String {
        let given = Set((modes?.items ?? []).compactMap(\.stringValue))
        return [("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")]
            .filter { given.contains($0.0) }.map(\.1).joined(separator: ",")
    }

    /// A storage quantity as `Quantity.String()` prints it (`1Gi`, `500M`).
    static func quantity(_ value: JSONValue?) -> String {
        guard let value else { return "" }
        let text = value.stringValue ?? JSONSerializer.compact(value)
        return KubernetesQuantity(text)?.description ?? text
    }

    static func volumeMode(_ spec: JSONValue?) -> String { spec?["volumeMode"]?.stringValue ?? "Filesystem" }
}
