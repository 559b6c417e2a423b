import JSON

/// policy/v1 PodDisruptionBudgets: an applied or patched budget is the one the eviction API and
/// the upgrade's drains obey from that moment (a drain held by it retries and goes on once the
/// budget allows); a deleted one holds nothing any more.
enum DisruptionBudgetObjectController: ObjectController {
    static let kind = ResourceKinds.podDisruptionBudget

    static func reconcile(_ object: StoredObject?, key: ObjectStore.Key, simulator: Simulator) {
        guard let object else {
            simulator.removeBudget(namespace: key.namespace, name: key.name)
            return
        }
        let spec = object.body["spec"]
        let created = simulator.budgetList().first { $0.namespace == key.namespace && $0.name == key.name }?.created ?? object.created
        simulator.addBudget(PodDisruptionBudget(namespace: key.namespace, name: key.name,
                                                selector: StoredObject.strings(spec?["selector"]?["matchLabels"]),
                                                minAvailable: IntOrPercent(json: spec?["minAvailable"]), maxUnavailable: IntOrPercent(json: spec?["maxUnavailable"]),
                                                created: created))
        simulator.ensureTick()
    }
}
