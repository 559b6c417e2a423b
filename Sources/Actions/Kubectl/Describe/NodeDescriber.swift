import ClusterSim
import JSON

/// `kubectl describe node`: kubectl's `describeNode`, fed with the same API objects it would fetch
/// (the node, its lease, its non-terminated pods, and the events about it).
struct NodeDescriber {
    var node: JSONValue
    var lease: JSONValue?
    var pods: [JSONValue]
    var events: [JSONValue]
    /// Unix seconds now (ages are measured from it).
    var now: Double

    func describe() -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(node.text("metadata", "name"))\n")
        let labels = node[path: "metadata", "labels"]?.stringMap ?? []
        var roles = Set<String>()
        for (key, value) in labels {
            if key.hasPrefix("node-role.kubernetes.io/"), key.count > "node-role.kubernetes.io/".count {
                roles.insert(String(key.dropFirst("node-role.kubernetes.io/".count)))
            } else if key == "kubernetes.io/role", !value.isEmpty {
                roles.insert(value)
            }
        }
        w.write(0, "Roles:\t\(roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ","))\n")
        Self.labels(&w, "Labels", labels)
        Self.annotations(&w, "Annotations", node[path: "metadata", "annotations"]?.stringMap ?? [])
        w.write(0, "CreationTimestamp:\t\(Self.time(node.text("metadata", "creationTimestamp")))\n")
        taints(&w)
        w.write(0, "Unschedulable:\t\(node[path: "spec", "unschedulable"] == .bool(true) ? "true" : "false")\n")
        if let lease {
            w.write(0, "Lease:\n")
            let holder = lease.text("spec", "holderIdentity")
            let acquire = lease.text("spec", "acquireTime"), renew = lease.text("spec", "renewTime")
            w.write(1, "HolderIdentity:\t\(holder.isEmpty ? "<unset>" : holder)\n")
            w.write(1, "AcquireTime:\t\(acquire.isEmpty ? "<unset>" : Self.time(acquire))\n")
            w.write(1, "RenewTime:\t\(renew.isEmpty ? "<unset>" : Self.time(renew))\n")
        } else {
            w.write(0, "Lease:\tFailed to get lease: leases.coordination.k8s.io \"\(node.text("metadata", "name"))\" not found\n")
        }
        let conditions = node[path: "status", "conditions"]?.items ?? []
        if !conditions.isEmpty {
            w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
            w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
            for c in conditions {
                w.write(1, "\(c.text("type")) \t\(c.text("status")) \t\(Self.time(c.text("lastHeartbeatTime"))) \t"
                    + "\(Self.time(c.text("lastTransitionTime"))) \t\(c.text("reason")) \t\(c.text("message"))\n")
            }
        }
        w.write(0, "Addresses:\n")
        for address in node[path: "status", "addresses"]?.items ?? [] {
            w.write(1, "\(address.text("type")):\t\(address.text("address"))\n")
        }
        let capacity = node[path: "status", "capacity"]?.stringMap ?? []
        let allocatableList = node[path: "status", "allocatable"]?.stringMap ?? []
        for (title, list) in [("Capacity", capacity), ("Allocatable", allocatableList)] where !list.isEmpty {
            w.write(0, "\(title):\n")
            for (name, value) in list.sorted(by: { $0.key < $1.key }) {
                w.write(0, "  \(name):\t\(KubernetesQuantity(value)?.description ?? value)\n")
            }
        }
        w.write(0, "System Info:\n")
        for (label, key) in [("Machine ID", "machineID"), ("System UUID", "systemUUID"), ("Boot ID", "bootID"),
                             ("Kernel Version", "kernelVersion"), ("OS Image", "osImage"), ("Operating System", "operatingSystem"),
                             ("Architecture", "architecture"), ("Container Runtime Version", "containerRuntimeVersion"),
                             ("Kubelet Version", "kubeletVersion"), ("Kube-Proxy Version", "kubeProxyVersion")] {
            w.write(0, "  \(label):\t\(node.text("status", "nodeInfo", key))\n")
        }
        if !node.text("spec", "podCIDR").isEmpty { w.write(0, "PodCIDR:\t\(node.text("spec", "podCIDR"))\n") }
        let cidrs = (node[path: "spec", "podCIDRs"]?.items ?? []).compactMap(\.stringValue)
        if !cidrs.isEmpty { w.write(0, "PodCIDRs:\t\(cidrs.joined(separator: ","))\n") }
        if !node.text("spec", "providerID").isEmpty { w.write(0, "ProviderID:\t\(node.text("spec", "providerID"))\n") }
        let allocatable = Dictionary(allocatableList.isEmpty ? capacity : allocatableList, uniquingKeysWith: { first, _ in first })
            .compactMapValues(KubernetesQuantity.init)
        resources(&w, allocatable)
        Self.events(&w, events, now: now)
        return w.finish()
    }

    private func taints(_ w: inout DescribeWriter) {
        let taints = (node[path: "spec", "taints"]?.items ?? []).map { taint in
            (effect: taint.text("effect"), key: taint.text("key"), value: taint.text("value"))
        }
        w.write(0, "Taints:\t")
        guard !taints.isEmpty else { return w.write(0, "<none>\n") }
        for (i, taint) in taints.sorted(by: { "\($0.effect),\($0.key)" < "\($1.effect),\($1.key)" }).enumerated() {
            if i != 0 { w.write(0, "\t") }
            w.write(0, (taint.value.isEmpty ? taint.key : "\(taint.key)=\(taint.value)") + ":\(taint.effect)\n")
        }
    }

    /// Non-terminated Pods and Allocated resources (`describeNodeResource`).
    private func resources(_ w: inout DescribeWriter, _ allocatable: [String: KubernetesQuantity]) {
        func percent(_ part: Int64, _ whole: Int64) -> Int64 { whole == 0 ? 0 : Int64(Double(part) / Double(whole) * 100) }
        let cpu = allocatable["cpu"] ?? .zero, memory = allocatable["memory"] ?? .zero
        w.write(0, "Non-terminated Pods:\t(\(pods.count) in total)\n")
        w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
        w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
        var requests: [String: KubernetesQuantity] = [:], limits: [String: KubernetesQuantity] = [:]
        for pod in pods {
            let (request, limit) = Self.requestsAndLimits(pod)
            for (name, q) in request { requests[name] = (requests[name] ?? .zero) + q }
            for (name, q) in limit { limits[name] = (limits[name] ?? .zero) + q }
            let cpuRequest = request["cpu"] ?? .zero, cpuLimit = limit["cpu"] ?? .zero
            let memoryRequest = request["memory"] ?? .zero, memoryLimit = limit["memory"] ?? .zero
            let age = DescribeTime.epoch(pod.text("metadata", "creationTimestamp")).map { HumanDuration.format(seconds: now - $0) } ?? "<unknown>"
            w.write(1, "\(pod.text("metadata", "namespace"))\t\(pod.text("metadata", "name"))\t\t"
                + "\(cpuRequest.description) (\(percent(cpuRequest.milliValue, cpu.milliValue))%)\t"
                + "\(cpuLimit.description) (\(percent(cpuLimit.milliValue, cpu.milliValue))%)\t"
                + "\(memoryRequest.description) (\(percent(memoryRequest.value, memory.value))%)\t"
                + "\(memoryLimit.description) (\(percent(memoryLimit.value, memory.value))%)\t\(age)\n")
        }
        w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
        w.write(1, "Resource\tRequests\tLimits\n")
        w.write(1, "--------\t--------\t------\n")
        let storage = allocatable["ephemeral-storage"] ?? .zero
        for (name, whole, useMillis) in [("cpu", cpu, true), ("memory", memory, false), ("ephemeral-storage", storage, false)] {
            let request = requests[name] ?? .zero, limit = limits[name] ?? .zero
            let part = { (q: KubernetesQuantity) in useMillis ? percent(q.milliValue, whole.milliValue) : percent(q.value, whole.value) }
            w.write(1, "\(name)\t\(request.description) (\(part(request))%)\t\(limit.description) (\(part(limit))%)\n")
        }
        for name in allocatable.keys.filter({ $0.hasPrefix("hugepages-") }).sorted() {
            let request = requests[name] ?? .zero, limit = limits[name] ?? .zero, whole = allocatable[name] ?? .zero
            w.write(1, "\(name)\t\(request.description) (\(percent(request.value, whole.value))%)\t"
                + "\(limit.description) (\(percent(limit.value, whole.value))%)\n")
        }
        let standard: Set<String> = ["cpu", "memory", "ephemeral-storage", "storage", "pods"]
        for name in allocatable.keys.filter({ !$0.hasPrefix("hugepages-") && !standard.contains($0) }).sorted() {
            w.write(1, "\(name)\t\((requests[name] ?? .zero).description)\t\((limits[name] ?? .zero).description)\n")
        }
    }

    /// A pod's requests and limits: the sum over its containers (the simulator's pods have no init containers).
    static func requestsAndLimits(_ pod: JSONValue) -> ([String: KubernetesQuantity], [String: KubernetesQuantity]) {
        var requests: [String: KubernetesQuantity] = [:], limits: [String: KubernetesQuantity] = [:]
        for container in pod[path: "spec", "containers"]?.items ?? [] {
            for (name, value) in container[path: "resources", "requests"]?.stringMap ?? [] {
                if let q = KubernetesQuantity(value) { requests[name] = (requests[name] ?? .zero) + q }
            }
            for (name, value) in container[path: "resources", "limits"]?.stringMap ?? [] {
                if let q = KubernetesQuantity(value) { limits[name] = (limits[name] ?? .zero) + q }
            }
        }
        return (requests, limits)
    }

    static func time(_ text: String) -> String { DescribeTime.epoch(text).map(DescribeTime.rfc1123Z) ?? text }

    static func labels(_ w: inout DescribeWriter, _ title: String, _ labels: [(key: String, value: String)]) {
        w.write(0, "\(title):\t")
        guard !labels.isEmpty else { return w.write(0, "<none>\n") }
        for (i, label) in labels.sorted(by: { $0.key < $1.key }).enumerated() {
            if i != 0 { w.write(0, "\t") }
            w.write(0, "\(label.key)=\(label.value)\n")
        }
    }

    /// `printAnnotationsMultiline`: values longer than 140 characters (with the key) or with line
    /// breaks go on lines of their own, each cut at 138 characters.
    static func annotations(_ w: inout DescribeWriter, _ title: String, _ annotations: [(key: String, value: String)]) {
        w.write(0, "\(title):\t")
        let shown = annotations.filter { $0.key != "kubectl.kubernetes.io/last-applied-configuration" }.sorted { $0.key < $1.key }
        guard !shown.isEmpty else { return w.write(0, "<none>\n") }
        for (i, annotation) in shown.enumerated() {
            if i != 0 { w.write(0, "\t") }
            let value = annotation.value.hasSuffix("\n") ? String(annotation.value.dropLast()) : annotation.value
            if value.utf8.count + annotation.key.utf8.count + 2 > 140 || value.contains("\n") {
                w.write(0, "\(annotation.key):\n")
                for line in value.split(separator: "\n", omittingEmptySubsequences: false) {
                    let cut = line.utf8.count > 138 ? String(decoding: Array(line.utf8.prefix(138)), as: UTF8.self) + "..." : String(line)
                    w.write(0, "\t  \(cut)\n")
                }
            } else {
                w.write(0, "\(annotation.key): \(value)\n")
            }
        }
    }

    /// `DescribeEvents`: oldest last-seen first; `<none>` joins the block above it.
    static func events(_ w: inout DescribeWriter, _ events: [JSONValue], now: Double) {
        guard !events.isEmpty else { return w.write(0, "Events:\t<none>\n") }
        w.flush()
        let sorted = events.enumerated().sorted { a, b in
            let x = DescribeTime.epoch(a.element.text("lastTimestamp")) ?? 0, y = DescribeTime.epoch(b.element.text("lastTimestamp")) ?? 0
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
        w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
        w.write(1, "----\t------\t----\t----\t-------\n")
        func since(_ text: String) -> String {
            DescribeTime.epoch(text).map { HumanDuration.format(seconds: now - $0) } ?? "<unknown>"
        }
        for event in sorted {
            let first = since(event.text("firstTimestamp"))
            let count = Int(event.text("count")) ?? 0
            let interval = count > 1 ? "\(since(event.text("lastTimestamp"))) (x\(count) over \(first))" : first
            var source = event.text("source", "component")
            if source.isEmpty { source = event.text("reportingComponent") }
            w.write(1, "\(event.text("type"))\t\(event.text("reason"))\t\(interval)\t\(source)\t"
                + "\(event.text("message").trimmingGoSpace)\n")
        }
    }
}
