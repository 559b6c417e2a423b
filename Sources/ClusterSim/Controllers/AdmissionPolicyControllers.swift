/// v1 ResourceQuotas: a quota's usage is computed from the namespace's pods when read; a change to
/// one lets the controllers whose pods it refused try again (a raised limit admits them).
enum ResourceQuotaObjectController: ObjectController {
    static let kind = ResourceKinds.resourceQuota

    static func reconcile(_ object: StoredObject?, key: ObjectStore.Key, simulator: Simulator) {
        simulator.retryRefusedControllers(in: key.namespace)
    }
}

/// v1 LimitRanges: their defaults are filled into each new pod by admission; a change to one lets
/// refused controllers try again (a container with defaults may now satisfy a quota).
enum LimitRangeObjectController: ObjectController {
    static let kind = ResourceKinds.limitRange

    static func reconcile(_ object: StoredObject?, key: ObjectStore.Key, simulator: Simulator) {
        simulator.retryRefusedControllers(in: key.namespace)
    }
}
