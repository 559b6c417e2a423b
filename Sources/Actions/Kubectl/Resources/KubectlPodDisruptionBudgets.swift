import ClusterSim
import JSON

extension KubectlResource {
    /// PodDisruptionBudgets: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE. The disruption
    /// controller writes the status when the healthy count changes; a watch prints those.
    static let podDisruptionBudgets = KubectlResource(
        names: ["poddisruptionbudgets", "poddisruptionbudget", "pdb"], qualifiedPlural: "poddisruptionbudgets.policy",
        nameKind: "poddisruptionbudget.policy", namespaced: true,
        header: { _ in ["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"] },
        watchChanges: .byVersion,
        objects: { namespace, simulator in
            simulator.budgetList().filter { namespace == nil || $0.namespace == namespace }.map { budget in
                let status = simulator.budgetStatus(budget)
                return Object(namespace: budget.namespace, name: budget.name,
                              json: { KubectlPodDisruptionBudgets.json(budget, status: status, simulator: simulator) },
                              row: { _, now in
                                  [budget.name, budget.minAvailable?.description ?? "N/A", budget.maxUnavailable?.description ?? "N/A",
                                   String(max(0, status.healthy - status.required)), HumanDuration.format(now - budget.created)]
                              },
                              version: { "\(status.healthy)|\(status.required)|\(status.expected)" })
            }
        })
}

/// `kubectl create poddisruptionbudget|pdb NAME --selector k=v (--min-available|--max-unavailable) X [-n NS]`,
/// `kubectl delete pdb NAME [-n NS]` and the `policy/v1` objects.
enum KubectlPodDisruptionBudgets {
    static func create(_ arguments: [String], context: ProgramContext) -> Int32 {
        var namespace = "default"
        var selector: [String: String] = [:]
        var minAvailable: IntOrPercent?
        var maxUnavailable: IntOrPercent?
        var name: String?
        var index = 0
        while index < arguments.count {
            var argument = arguments[index]
            index += 1
            var inline: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                inline = String(argument[argument.index(after: equals)...])
                argument = String(argument[..<equals])
            }
            func value() -> String? {
                if let inline { return inline }
                guard index < arguments.count else { return nil }
                index += 1
                return arguments[index - 1]
            }
            switch argument {
            case "-n", "--namespace": namespace = value() ?? namespace
            case "--selector":
                for pair in (value() ?? "").split(separator: ",") {
                    let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    if kv.count == 2 { selector[kv[0]] = kv[1] }
                }
            case "--min-available":
                guard let v = value(), let amount = IntOrPercent(v) else {
                    context.err("error: invalid --min-available value\n")
                    return 1
                }
                minAvailable = amount
            case "--max-unavailable":
                guard let v = value(), let amount = IntOrPercent(v) else {
                    context.err("error: invalid --max-unavailable value\n")
                    return 1
                }
                maxUnavailable = amount
            default:
                if argument.hasPrefix("-") {
                    context.err("error: unknown flag: \(argument)\nSee 'kubectl create poddisruptionbudget --help' for usage.\n")
                    return 1
                }
                name = argument
            }
        }
        guard let name else {
            context.err("error: exactly one NAME is required, got 0\nSee 'kubectl create poddisruptionbudget -h' for help and examples\n")
            return 1
        }
        guard !selector.isEmpty else {
            context.err("error: a selector must be specified\n")
            return 1
        }
        guard (minAvailable == nil) != (maxUnavailable == nil) else {
            context.err("error: one of min-available or max-unavailable must be specified\n")
            return 1
        }
        let spec = PodDisruptionBudget.spec(selector: selector, minAvailable: minAvailable, maxUnavailable: maxUnavailable)
        do {
            try context.simulator.createObject(kind: ResourceKinds.podDisruptionBudget, namespace: namespace,
                                               metadata: .object([("name", .string(name))]), body: .object([("spec", spec)]),
                                               manager: FieldManager("kubectl-create", apiVersion: "policy/v1"))
        } catch {
            context.err("error: failed to create poddisruptionbudget: \(error.message)\n")
            return 1
        }
        context.out("poddisruptionbudget.policy/\(name) created\n")
        return 0
    }

    /// A `policy/v1` PodDisruptionBudget as the API serves it.
    /// `status` is the one its table row shows (worked out once per listing).
    static func json(_ budget: PodDisruptionBudget, status: (healthy: Int, required: Int, expected: Int), simulator: Simulator) -> JSONValue {
        let allowed = max(0, status.healthy - status.required)
        let stored = simulator.object(ObjectStore.Key(kind: ResourceKinds.podDisruptionBudget, namespace: budget.namespace, name: budget.name))
        // policy/v1's four counts carry no omitempty: a zero is written (clients read a missing
        // disruptionsAllowed as absent, not as zero).
        let statusFields: [(key: String, value: JSONValue)] = [
            ("conditions", .array([.object([
                ("lastTransitionTime", KubernetesObjects.timestamp(simulator, budget.created)), ("message", .string("")),
                ("observedGeneration", .int(1)), ("reason", .string(allowed > 0 ? "SufficientPods" : "InsufficientPods")),
                ("status", .string(allowed > 0 ? "True" : "False")), ("type", .string("DisruptionAllowed")),
            ])])),
            ("currentHealthy", .int(status.healthy)), ("desiredHealthy", .int(status.required)), ("disruptionsAllowed", .int(allowed)),
            ("expectedPods", .int(status.expected)), ("observedGeneration", .int(1)),
        ]
        return KubernetesObjects.sorted(.object([
            ("apiVersion", .string("policy/v1")), ("kind", .string("PodDisruptionBudget")),
            ("metadata", KubernetesObjects.metadata(namespace: budget.namespace, name: budget.name, created: budget.created,
                                                    uidSeed: "pdb|\(budget.key)", generation: stored?.generation ?? 1,
                                                    labels: stored?.labels ?? [:], annotations: stored?.annotations ?? [:], simulator: simulator)),
            ("spec", PodDisruptionBudget.spec(selector: budget.selector, minAvailable: budget.minAvailable, maxUnavailable: budget.maxUnavailable)),
            ("status", .object(statusFields)),
        ]))
    }
}
