/// The pv-protection controller's side of a PersistentVolume: a deleted volume stays terminating
/// while a claim is bound to it, and goes once none is (``Simulator/releaseVolumeIfUnbound(_:)``).
enum PersistentVolumeObjectController: ObjectController {
    static let kind = ResourceKinds.persistentVolume

    static func reconcile(_ object: StoredObject?, key: ObjectStore.Key, simulator: Simulator) {
        guard let volume = object, volume.isTerminating else { return }
        simulator.releaseVolumeIfUnbound(volume)
    }
}
