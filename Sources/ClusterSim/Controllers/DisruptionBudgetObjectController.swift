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
        func amount(_ field: String) -> IntOrPercent? {
            switch spec?[field] {
            case .int(let n)?: return .count(n)
            case .string(let text)?: return IntOrPercent(text)
            default: return nil
            }
        }
        let created = simulator.budgetList().first { $0.namespace == key.namespace && $0.name == key.name }?.created ?? object.created
        simulator.addBudget(PodDisruptionBudget(namespace: key.namespace, name: key.name,
                                                selector: StoredObject.strings(spec?["selector"]?["matchLabels"]),
                                                minAvailable: amount("minAvailable"), maxUnavailable: amount("maxUnavailable"), created: created))
        simulator.ensureTick()
    }

    static func scenarioObject(_ key: ObjectStore.Key, simulator: Simulator) -> (metadata: JSONValue, body: JSONValue, created: SimTime)? {
        guard let budget = simulator.budgetList().first(where: { $0.namespace == key.namespace && $0.name == key.name }) else { return nil }
        func amount(_ value: IntOrPercent) -> JSONValue {
            if case .count(let n) = value { return .int(n) }
            return .string(value.description)
        }
        var spec: [(key: String, value: JSONValue)] = []
        if let minAvailable = budget.minAvailable { spec.append(("minAvailable", amount(minAvailable))) }
        if let maxUnavailable = budget.maxUnavailable { spec.append(("maxUnavailable", amount(maxUnavailable))) }
        spec.append(("selector", .object([("matchLabels", .object(budget.selector.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))])))
        return (.object([("name", .string(key.name)), ("namespace", .string(key.namespace))]), .object([("spec", .object(spec))]), budget.created)
    }
}
