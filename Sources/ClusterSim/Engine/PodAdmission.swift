import Foundation
import JSON

/// A pod's containers' resources after admission: requests and limits summed over its containers
/// (`cpu`, `memory`), and what the LimitRanger filled in (its `kubernetes.io/limit-ranger` annotation).
public struct PodResources: Sendable, Equatable {
    public var requests: [String: KubernetesQuantity] = [:]
    public var limits: [String: KubernetesQuantity] = [:]
    /// `LimitRanger plugin set: cpu, memory request for container web; …`, nil when it set nothing.
    public var limitRangerAnnotation: String?
}

/// The admission plugins a pod made by a controller passes before it exists, as the API server
/// runs them: the LimitRanger fills in its namespace's LimitRange defaults, then ResourceQuota
/// refuses it when a quota of the namespace would be exceeded or when a quota tracks CPU or memory
/// and a container does not say how much it wants. A refused pod is not made; its controller
/// records `FailedCreate` and tries again when the namespace's pods, quotas or limit ranges change.
extension Simulator {
    public static let limitRangerAnnotation = "kubernetes.io/limit-ranger"

    /// What a controller's new pod would hold, or the API server's Forbidden message for it.
    func admitPod(for workload: Workload, name: String, containers written: [ContainerResources]? = nil) -> Result<PodResources, PodAdmissionRefusal> {
        var containers = written ?? Self.containerResources(of: workload, simulator: self)
        var notes: [String] = []
        // LimitRanger: each Container item's defaults, for what a container does not set.
        for range in storedObjects(ResourceKinds.limitRange, namespace: workload.namespace) {
            for item in range.body["spec"]?["limits"]?.elements ?? [] where (item["type"]?.stringValue ?? "") == "Container" {
                let defaults = (limits: Self.quantities(item["default"]), requests: Self.quantities(item["defaultRequest"]))
                for index in containers.indices {
                    var setLimits: [String] = [], setRequests: [String] = []
                    for (resource, amount) in defaults.limits where containers[index].limits[resource] == nil {
                        containers[index].limits[resource] = amount
                        setLimits.append(resource)
                    }
                    for (resource, amount) in defaults.requests where containers[index].requests[resource] == nil {
                        containers[index].requests[resource] = amount
                        setRequests.append(resource)
                    }
                    if !setRequests.isEmpty { notes.append("\(setRequests.sorted().joined(separator: ", ")) request for container \(containers[index].name)") }
                    if !setLimits.isEmpty { notes.append("\(setLimits.sorted().joined(separator: ", ")) limit for container \(containers[index].name)") }
                }
            }
        }
        let forbidden = { (reason: String) in PodAdmissionRefusal(pod: name, reason: reason) }
        // LimitRanger's validation, before any quota: each Container item's min, max and ratio for
        // each container, each Pod item's for the containers together.
        var violations: [String] = []
        for range in storedObjects(ResourceKinds.limitRange, namespace: workload.namespace) {
            for item in range.body["spec"]?["limits"]?.elements ?? [] {
                switch item["type"]?.stringValue ?? "" {
                case "Container":
                    for container in containers {
                        violations += Self.limitViolations(item, type: "Container", requests: container.requests, limits: container.limits)
                    }
                case "Pod":
                    var requests: [String: KubernetesQuantity] = [:], limits: [String: KubernetesQuantity] = [:]
                    for container in containers {
                        for (resource, amount) in container.requests { requests[resource] = (requests[resource] ?? .zero) + amount }
                        for (resource, amount) in container.limits { limits[resource] = (limits[resource] ?? .zero) + amount }
                    }
                    violations += Self.limitViolations(item, type: "Pod", requests: requests, limits: limits)
                default:
                    break
                }
            }
        }
        if !violations.isEmpty {
            // apimachinery's aggregate: each message once, bracketed when there are several.
            var seen: Set<String> = []
            let unique = violations.filter { seen.insert($0).inserted }
            return .failure(forbidden(unique.count == 1 ? unique[0] : "[" + unique.joined(separator: ", ") + "]"))
        }
        var resources = PodResources(limitRangerAnnotation: notes.isEmpty ? nil : "LimitRanger plugin set: " + notes.joined(separator: "; "))
        for container in containers {
            for (resource, amount) in container.requests { resources.requests[resource] = (resources.requests[resource] ?? .zero) + amount }
            for (resource, amount) in container.limits { resources.limits[resource] = (resources.limits[resource] ?? .zero) + amount }
        }
        let quotas = storedObjects(ResourceKinds.resourceQuota, namespace: workload.namespace).sorted { $0.name < $1.name }
        guard !quotas.isEmpty else { return .success(resources) }
        // What the pod adds to each resource a quota can track.
        var requested: [String: KubernetesQuantity] = ["pods": KubernetesQuantity(millis: 1000, format: .decimalSI)]
        requested["count/pods"] = requested["pods"]
        for (resource, amount) in resources.requests {
            requested["requests.\(resource)"] = amount
            requested[resource] = amount
        }
        for (resource, amount) in resources.limits { requested["limits.\(resource)"] = amount }
        let used = quotaUsage(namespace: workload.namespace)
        for quota in quotas {
            let hard = Self.quantities(quota.body["spec"]?["hard"])
            // A quota on CPU or memory requests or limits needs every container to say its amount.
            var missing: [(resource: String, containers: [String])] = []
            for resource in ["limits.cpu", "limits.memory", "requests.cpu", "requests.memory", "cpu", "memory"] where hard[resource] != nil {
                let (section, name) = resource.hasPrefix("limits.") ? ("limits", String(resource.dropFirst(7)))
                    : ("requests", resource.hasPrefix("requests.") ? String(resource.dropFirst(9)) : resource)
                let lacking = containers.filter { (section == "limits" ? $0.limits : $0.requests)[name] == nil }.map(\.name)
                if !lacking.isEmpty { missing.append((resource, lacking)) }
            }
            if !missing.isEmpty {
                let text = missing.sorted { $0.resource < $1.resource }.map { "\($0.resource) for: \($0.containers.joined(separator: ","))" }.joined(separator: "; ")
                return .failure(forbidden("failed quota: \(quota.name): must specify \(text)"))
            }
            var exceeded: [String] = []
            for (resource, limit) in hard {
                guard let amount = requested[resource], amount.millis != 0 else { continue }
                if (used[resource] ?? .zero).millis + amount.millis > limit.millis { exceeded.append(resource) }
            }
            if !exceeded.isEmpty {
                let names = exceeded.sorted()
                func list(_ values: [String: KubernetesQuantity]) -> String {
                    names.map { "\($0)=\((values[$0] ?? .zero).description)" }.joined(separator: ",")
                }
                return .failure(forbidden("exceeded quota: \(quota.name), requested: \(list(requested)), used: \(list(used)), limited: \(list(hard))"))
            }
        }
        return .success(resources)
    }

    /// The LimitRanger's refusals of one limit item (`min`, `max`, `maxLimitRequestRatio`) for
    /// `requests` and `limits` (a container's, or a pod's together), in its words; resources in
    /// name order (the plugin walks a map).
    static func limitViolations(_ item: JSONValue, type: String, requests: [String: KubernetesQuantity],
                                limits: [String: KubernetesQuantity]) -> [String] {
        var found: [String] = []
        for (resource, enforced) in quantities(item["min"]).sorted(by: { $0.key < $1.key }) {
            let prefix = "minimum \(resource) usage per \(type) is \(enforced.description)"
            guard let request = requests[resource] else {
                found.append("\(prefix).  No request is specified")
                continue
            }
            if request.millis < enforced.millis {
                found.append("\(prefix), but request is \(request.description)")
            } else if let limit = limits[resource], limit.millis < enforced.millis {
                found.append("\(prefix), but limit is \(limit.description)")
            }
        }
        for (resource, enforced) in quantities(item["max"]).sorted(by: { $0.key < $1.key }) {
            let prefix = "maximum \(resource) usage per \(type) is \(enforced.description)"
            guard let limit = limits[resource] else {
                found.append("\(prefix).  No limit is specified")
                continue
            }
            if limit.millis > enforced.millis {
                found.append("\(prefix), but limit is \(limit.description)")
            } else if let request = requests[resource], request.millis > enforced.millis {
                found.append("\(prefix), but request is \(request.description)")
            }
        }
        for (resource, enforced) in quantities(item["maxLimitRequestRatio"]).sorted(by: { $0.key < $1.key }) {
            let prefix = "\(resource) max limit to request ratio per \(type) is \(enforced.description)"
            guard let request = requests[resource], request.millis != 0 else {
                found.append("\(prefix), but no request is specified or request is 0")
                continue
            }
            guard let limit = limits[resource], limit.millis != 0 else {
                found.append("\(prefix), but no limit is specified or limit is 0")
                continue
            }
            let ratio = Double(limit.millis) / Double(request.millis)
            if ratio * 1000 > Double(enforced.millis) {
                found.append("\(prefix), but provided ratio is \(String(format: "%.6f", ratio))")
            }
        }
        return found
    }

    /// What the namespace's pods that have not ended use, by every resource name a quota can track
    /// for pods (`pods`, `count/pods`, `requests.cpu` and `cpu`, `limits.memory` …).
    public func quotaUsage(namespace: String) -> [String: KubernetesQuantity] {
        var used: [String: KubernetesQuantity] = [:]
        func add(_ resource: String, _ amount: KubernetesQuantity) { used[resource] = (used[resource] ?? .zero) + amount }
        for id in pods.ids(inNamespace: namespace) {
            guard let pod = pods[id], pod.phase != .succeeded, pod.phase != .failed else { continue }
            let one = KubernetesQuantity(millis: 1000, format: .decimalSI)
            add("pods", one)
            add("count/pods", one)
            let resources = pod.resources ?? PodResources(requests: Self.scenarioRequests(cpuMillis: pod.cpuMillis, memoryMi: pod.memoryMi))
            for (resource, amount) in resources.requests {
                add("requests.\(resource)", amount)
                add(resource, amount)
            }
            for (resource, amount) in resources.limits { add("limits.\(resource)", amount) }
        }
        return used
    }

    /// One container's name, requests and limits (`cpu`, `memory`).
    struct ContainerResources {
        var name: String
        var requests: [String: KubernetesQuantity]
        var limits: [String: KubernetesQuantity]
    }

    /// The containers of the workload's stored template as written, requests defaulted from limits
    /// (the API server's pod defaulting); a scenario workload's one container with its requests.
    static func containerResources(of workload: Workload, simulator: Simulator) -> [ContainerResources] {
        guard let spec = simulator.storedPodSpec(of: workload) else {
            return [ContainerResources(name: workload.containerName ?? workload.name,
                                       requests: scenarioRequests(cpuMillis: workload.cpuMillis, memoryMi: workload.memoryMi), limits: [:])]
        }
        return containerResources(ofPodSpec: spec)
    }

    /// A pod spec's containers' requests and limits, requests defaulted from limits.
    static func containerResources(ofPodSpec spec: JSONValue?) -> [ContainerResources] {
        (spec?["containers"]?.elements ?? []).map { container in
            let limits = quantities(container["resources"]?["limits"])
            var requests = quantities(container["resources"]?["requests"])
            for (resource, amount) in limits where requests[resource] == nil { requests[resource] = amount }
            return ContainerResources(name: container["name"]?.stringValue ?? "", requests: requests, limits: limits)
        }
    }

    static func scenarioRequests(cpuMillis: Int, memoryMi: Int) -> [String: KubernetesQuantity] {
        var requests: [String: KubernetesQuantity] = [:]
        if cpuMillis > 0 { requests["cpu"] = KubernetesQuantity(millis: Int64(cpuMillis), format: .decimalSI) }
        if memoryMi > 0 { requests["memory"] = KubernetesQuantity(millis: Int64(memoryMi) * 1_048_576_000, format: .binarySI) }
        return requests
    }

    /// A resource list (`{cpu: 250m, memory: 1Gi}`) as quantities.
    static func quantities(_ json: JSONValue?) -> [String: KubernetesQuantity] {
        guard case .object(let pairs)? = json else { return [:] }
        var result: [String: KubernetesQuantity] = [:]
        for (key, value) in pairs {
            if let amount = KubernetesQuantity(value.stringValue ?? JSONSerializer.compact(value)) { result[key] = amount }
        }
        return result
    }

    /// Admission of a pod a client writes (`kind: Pod`): refused before it is stored, as the API
    /// server answers the request itself (403) rather than a controller's event.
    func admitWrittenPod(namespace: String, metadata: JSONValue, body: JSONValue) throws(StoreError) {
        guard store.hasAdmissionPolicies(namespace: namespace) else { return }
        let name = metadata["name"]?.stringValue ?? ""
        let object = StoredObject(kind: ResourceKinds.pod, namespace: namespace, name: name, uid: "", resourceVersion: 0, generation: 1,
                                  created: now, metadata: metadata, body: body)
        let workload = PodObjectController.workload(key: ObjectStore.Key(kind: ResourceKinds.pod, namespace: namespace, name: name), object: object)
        if case .failure(let refusal) = admitPod(for: workload, name: name, containers: Self.containerResources(ofPodSpec: body["spec"])) {
            throw .forbidden(kind: ResourceKinds.pod, name: name, why: refusal.reason)
        }
    }

    // MARK: Trying again

    /// A refused controller is tried again a moment after its namespace's pods, quotas or limit ranges change.
    func retryRefusedControllers(in namespace: String) {
        guard refusedWorkloads.contains(where: { $0.hasPrefix(namespace + "/") }), retryScheduled.insert(namespace).inserted else { return }
        schedule(.retryAdmission(namespace), after: .seconds(1))
    }

    func retryAdmission(_ namespace: String) {
        retryScheduled.remove(namespace)
        let keys = refusedWorkloads.filter { $0.hasPrefix(namespace + "/") }.sorted()
        for key in keys {
            refusedWorkloads.remove(key)
            if workloads[key]?.kind == .daemonSet { reconcileDaemonSets() } else { reconcile(workload: key) }
        }
        flushScheduling()
    }
}

/// The API server's Forbidden answer to a pod's creation.
struct PodAdmissionRefusal: Error {
    var pod: String
    /// `exceeded quota: …`, `failed quota: …`.
    var reason: String
    /// `pods "NAME" is forbidden: REASON`.
    var message: String { "pods \"\(pod)\" is forbidden: \(reason)" }
}
