/// A controller that acts on stored objects of one kind: after every change the store records,
/// it brings the simulated cluster in line with the object (or with its absence once deleted).
/// A new kind that does something is a new conforming type listed in ``ObjectControllers``.
protocol ObjectController: Sendable {
    static var kind: ResourceKind { get }
    /// `object` is the stored object after the change, nil once it is gone.
    static func reconcile(_ object: StoredObject?, key: ObjectStore.Key, simulator: Simulator)
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
    ]
}
