import ClusterSim
import JSON

extension KubectlResource {
    /// ResourceQuotas: NAME AGE REQUEST LIMIT, each resource the quota sets as `used/hard` (the
    /// `limits.` ones under LIMIT). Usage is counted as the quota controller counts it; nothing is
    /// refused for exceeding it (the simulated API server has no quota admission). EKS creates none.
    static let resourceQuotas = stored(ResourceKinds.resourceQuota, nameKind: "resourcequota", header: { _ in ["NAME", "AGE", "REQUEST", "LIMIT"] },
                                       cellsAfterAge: KubectlQuotas.cells) { _, _ in [] }

    /// LimitRanges: NAME CREATED AT (the API server has no printer for them). EKS creates none; the
    /// simulated API server does not apply their defaults to new pods.
    static let limitRanges = KubectlHeldKinds.defaultTable(ResourceKinds.limitRange)
}

/// The quota controller's count of what a namespace holds, for the resources a quota names.
enum KubectlQuotas {
    /// REQUEST and LIMIT: each resource as `used/hard`, the `limits.` ones under LIMIT.
    static func cells(_ quota: StoredObject, _ simulator: Simulator) -> [String] {
        let (hard, used) = usage(quota, simulator: simulator)
        var request: [String] = [], limit: [String] = []
        for (resource, amount) in hard {
            let cell = "\(resource): \(used.first { $0.key == resource }?.value ?? "0")/\(amount)"
            if resource.hasPrefix("limits.") { limit.append(cell) } else { request.append(cell) }
        }
        return [request.joined(separator: ", "), limit.joined(separator: ", ")]
    }

    /// `status.hard` (the spec's, sorted by name, canonical quantities) and `status.used` for each.
    static func usage(_ quota: StoredObject, simulator: Simulator) -> (hard: [(key: String, value: String)], used: [(key: String, value: String)]) {
        var hard: [(key: String, value: String)] = []
        if case .object(let pairs)? = quota.body["spec"]?["hard"] { hard = pairs.map { ($0.key, KubectlVolumes.quantity($0.value)) } }
        hard.sort { $0.key < $1.key }
        let namespace = quota.namespace ?? "default"
        // The pods' share as admission counts it (their requests and limits, LimitRange defaults included).
        let podUsage = simulator.quotaUsage(namespace: namespace)
        func count(_ plural: String) -> String {
            guard let resource = KubectlResource.named(plural) else { return "0" }
            return String(resource.objects(namespace, simulator).count)
        }
        let used = hard.map { resource, _ -> (key: String, value: String) in
            let value: String
            switch resource {
            case "pods", "count/pods", "cpu", "requests.cpu", "memory", "requests.memory", "limits.cpu", "limits.memory":
                value = (podUsage[resource] ?? .zero).description
            case "services.loadbalancers", "services.nodeports":
                let type = resource == "services.loadbalancers" ? "LoadBalancer" : "NodePort"
                value = String(simulator.storedObjects(ResourceKinds.service, namespace: namespace)
                    .filter { $0.body["spec"]?["type"]?.stringValue == type || (type == "NodePort" && $0.body["spec"]?["type"]?.stringValue == "LoadBalancer") }.count)
            default:
                let plural = resource.hasPrefix("count/") ? String(resource.dropFirst("count/".count)) : resource
                value = count(plural)
            }
            return (resource, value)
        }
        return (hard, used)
    }

    /// The status the quota controller writes.
    static func status(_ quota: StoredObject, simulator: Simulator) -> JSONValue {
        let (hard, used) = usage(quota, simulator: simulator)
        guard !hard.isEmpty else { return .object([]) }
        return .object([("hard", .object(hard.map { ($0.key, .string($0.value)) })), ("used", .object(used.map { ($0.key, .string($0.value)) }))])
    }
}
