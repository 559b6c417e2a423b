/// A controller that acts on stored objects of one kind: after every change the store records,
/// it brings the simulated cluster in line with the object (or with its absence once deleted).
/// A new kind that does something is a new conforming type listed in ``ObjectControllers``.
protocol ObjectController: Sendable {
    static var kind: ResourceKind { get }
    /// `object` is the stored object after the change, nil once it is gone.
    static func reconcile(_ object: StoredObject?, key: ObjectStore.Key, simulator: Simulator)
    /// The objects of this controller's kind that a change to an object of another kind concerns
    /// (an autoscaler's target): each is reconciled after the change. None by default.
    static func owners(of changed: StoredObject, simulator: Simulator) -> [ObjectStore.Key]
    /// Admission of a new object of this kind, before it is stored: a refusal is the API server's
    /// answer to the request (a quota's 403 for a written pod). Everything is admitted by default.
    static func admit(namespace: String, metadata: JSONValue, body: JSONValue, simulator: Simulator) throws(StoreError)
}

extension ObjectController {
    static func owners(of changed: StoredObject, simulator: Simulator) -> [ObjectStore.Key] { [] }
    static func admit(namespace: String, metadata: JSONValue, body: JSONValue, simulator: Simulator) throws(StoreError) {}
}

import JSON

/// The controllers that act on stored objects, by kind.
enum ObjectControllers {
    static let all: [ResourceKind: any ObjectController.Type] = [
        DeploymentObjectController.kind: DeploymentObjectController.self,
        DaemonSetObjectController.kind: DaemonSetObjectController.self,
        StatefulSetObjectController.kind: StatefulSetObjectController.self,
        JobObjectController.kind: JobObjectController.self,
        DisruptionBudgetObjectController.kind: DisruptionBudgetObjectController.self,
        HorizontalPodAutoscalerObjectController.kind: HorizontalPodAutoscalerObjectController.self,
        PersistentVolumeClaimObjectController.kind: PersistentVolumeClaimObjectController.self,
        PersistentVolumeObjectController.kind: PersistentVolumeObjectController.self,
        CronJobObjectController.kind: CronJobObjectController.self,
        ResourceQuotaObjectController.kind: ResourceQuotaObjectController.self,
        LimitRangeObjectController.kind: LimitRangeObjectController.self,
        PodObjectController.kind: PodObjectController.self,
    ]

    /// Controllers that also act when objects of other kinds change, by those kinds.
    static let watching: [ResourceKind: [any ObjectController.Type]] = [
        ResourceKinds.persistentVolume: [PersistentVolumeClaimObjectController.self],
    ]
}
