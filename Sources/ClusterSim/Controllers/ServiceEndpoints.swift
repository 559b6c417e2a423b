import JSON

/// What the endpoints controller keeps for a Service with a selector: the addresses of the pods it
/// selects (ready ones, and not-ready ones apart; terminating and unplaced pods left out) and the
/// ports they serve on (each Service port's `targetPort`, a number or a container port's name).
public struct ServiceEndpoints: Sendable, Equatable {
    public struct Address: Sendable, Equatable {
        public var ip: String
        public var nodeName: String
        public var podNamespace: String
        public var podName: String
        public var podId: Int
    }

    public struct Port: Sendable, Equatable {
        /// The Service port's name (omitted when it has none).
        public var name: String?
        public var port: Int
        public var `protocol`: String
    }

    public var namespace: String
    public var name: String
    /// The Service's labels (the Endpoints object carries them).
    public var labels: [String: String]
    public var created: SimTime
    public var addresses: [Address]
    public var notReadyAddresses: [Address]
    public var ports: [Port]
    /// When a selected pod last changed (its creation, start or deletion): the controller's
    /// `endpoints.kubernetes.io/last-change-trigger-time`.
    public var lastChange: SimTime?

    public var key: String { "\(namespace)/\(name)" }

    /// The API's order: by IP, compared as numbers.
    static func ordered(_ addresses: [Address]) -> [Address] {
        func octets(_ ip: String) -> [Int] { ip.split(separator: ".").map { Int($0) ?? 0 } }
        return addresses.sorted { (octets($0.ip), $0.podName) < (octets($1.ip), $1.podName) }
    }
}

private func < (a: ([Int], String), b: ([Int], String)) -> Bool {
    a.0 == b.0 ? a.1 < b.1 : a.0.lexicographicallyPrecedes(b.0)
}

extension Simulator {
    /// The endpoints of every stored Service with a selector, and the API server's own
    /// (`default/kubernetes`), in one namespace or all, by namespace and name.
    public func serviceEndpoints(namespace: String? = nil) -> [ServiceEndpoints] {
        var list = store.list(ResourceKinds.service, namespace: namespace).compactMap(endpoints(of:))
        if namespace == nil || namespace == "default", !list.contains(where: { $0.key == "default/kubernetes" }) {
            list.append(apiServerEndpoints())
        }
        return list.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
    }

    /// The API server's endpoints: EKS's two cross-account network interfaces in the cluster's
    /// subnets, serving 443.
    func apiServerEndpoints() -> ServiceEndpoints {
        let created = namespaceList().first { $0.name == "default" }?.created ?? .zero
        let addresses = environment.subnets.prefix(2).enumerated().map { index, subnet in
            let hash = Int(StableHash.fnv1a("api-eni|\(cluster.name)|\(index)") % 8000)
            return ServiceEndpoints.Address(ip: "10.42.\(subnet.octet + hash / 256).\(hash % 250 + 4)", nodeName: "",
                                            podNamespace: "", podName: "", podId: 0)
        }
        return ServiceEndpoints(namespace: "default", name: "kubernetes", labels: ["endpointslice.kubernetes.io/skip-mirror": "true"],
                                created: created, addresses: addresses, notReadyAddresses: [],
                                ports: [.init(name: "https", port: 443, protocol: "TCP")], lastChange: nil)
    }

    func endpoints(of service: StoredObject) -> ServiceEndpoints? {
        let spec = service.body["spec"]
        let selector = StoredObject.strings(spec?["selector"])
        // A Service without a selector has no controller-made endpoints.
        guard !selector.isEmpty, let namespace = service.namespace else { return nil }
        var ready: [ServiceEndpoints.Address] = [], notReady: [ServiceEndpoints.Address] = []
        var lastChange: SimTime?
        var servingWorkload: Workload?
        for key in workloadOrder {
            guard let workload = workloads[key], workload.namespace == namespace,
                  selector.allSatisfy({ workload.labels[$0.key] == $0.value }) else { continue }
            for id in podsByWorkload[key] ?? [] {
                guard let pod = pods[id] else { continue }
                lastChange = max(lastChange ?? pod.created, pod.deletionStarted ?? pod.started ?? pod.created)
                // Pods that ran to their end serve nothing.
                guard !pod.terminating, pod.phase != .succeeded, pod.phase != .failed,
                      let ip = pod.podIp, let node = pod.nodeName else { continue }
                servingWorkload = servingWorkload ?? workload
                let address = ServiceEndpoints.Address(ip: ip, nodeName: node, podNamespace: pod.namespace, podName: pod.name, podId: pod.id)
                if pod.ready { ready.append(address) } else { notReady.append(address) }
            }
        }
        var ports: [ServiceEndpoints.Port] = []
        if case .array(let servicePorts)? = spec?["ports"] {
            for servicePort in servicePorts {
                guard case .int(let port)? = servicePort["port"] else { continue }
                let target: Int?
                switch servicePort["targetPort"] {
                case .int(let number)?: target = number
                case .string(let name)?: target = Int(name) ?? servingWorkload.flatMap { containerPort(named: name, of: $0) }
                default: target = port
                }
                guard let target else { continue }
                ports.append(.init(name: servicePort["name"]?.stringValue, port: target,
                                   protocol: servicePort["protocol"]?.stringValue ?? "TCP"))
            }
        }
        return ServiceEndpoints(namespace: namespace, name: service.name, labels: service.labels, created: service.created,
                                addresses: ServiceEndpoints.ordered(ready), notReadyAddresses: ServiceEndpoints.ordered(notReady),
                                ports: ports, lastChange: lastChange)
    }

    /// A named container port of a workload's stored pod template.
    private func containerPort(named name: String, of workload: Workload) -> Int? {
        guard case .array(let containers)? = storedPodSpec(of: workload)?["containers"] else { return nil }
        for container in containers {
            guard case .array(let ports)? = container["ports"] else { continue }
            for port in ports where port["name"]?.stringValue == name {
                if case .int(let number)? = port["containerPort"] { return number }
            }
        }
        return nil
    }
}
