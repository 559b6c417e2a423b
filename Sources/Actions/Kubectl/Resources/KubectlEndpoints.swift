import ClusterSim
import JSON

extension KubectlResource {
    /// Endpoints: NAME ENDPOINTS AGE — the endpoints controller's view of each Service with a
    /// selector, and the API server's own in `default/kubernetes`.
    static let endpoints = KubectlResource(
        names: ["endpoints", "ep"], qualifiedPlural: "endpoints", nameKind: "endpoints", namespaced: true,
        header: { _ in ["NAME", "ENDPOINTS", "AGE"] },
        watchChanges: .byVersion,
        objects: { namespace, simulator in
            simulator.serviceEndpoints(namespace: namespace).map { endpoints in
                Object(namespace: endpoints.namespace, name: endpoints.name, labels: endpoints.labels,
                       json: { KubectlEndpoints.json(endpoints, simulator: simulator) },
                       row: { _, now in [endpoints.name, KubectlEndpoints.column(endpoints), HumanDuration.format(now - endpoints.created)] },
                       version: { KubectlEndpoints.column(endpoints) + "|\(endpoints.notReadyAddresses.map(\.ip))" })
            }
        })
}

/// Endpoints as the API server and kubectl show them.
enum KubectlEndpoints {
    /// kubectl's ENDPOINTS column: `ip:port` for each port and ready address, at most three, then
    /// `+ N more...`; `<none>` with no subset at all.
    static func column(_ endpoints: ServiceEndpoints) -> String {
        guard !(endpoints.addresses.isEmpty && endpoints.notReadyAddresses.isEmpty) else { return "<none>" }
        var list: [String] = []
        var count = 0
        var more = false
        let ports: [Int?] = endpoints.ports.isEmpty ? [nil] : endpoints.ports.map(\.port)
        for port in ports {
            count += endpoints.addresses.count
            for address in endpoints.addresses {
                if list.count == 3 { more = true; break }
                list.append(port.map { "\(address.ip):\($0)" } ?? address.ip)
            }
        }
        return list.joined(separator: ",") + (more ? " + \(count - 3) more..." : "")
    }

    static func json(_ endpoints: ServiceEndpoints, simulator: Simulator) -> JSONValue {
        func address(_ address: ServiceEndpoints.Address) -> JSONValue {
            guard !address.podName.isEmpty else { return .object([("ip", .string(address.ip))]) }
            return .object([("ip", .string(address.ip)), ("nodeName", .string(address.nodeName)),
                            ("targetRef", .object([("kind", .string("Pod")), ("name", .string(address.podName)),
                                                   ("namespace", .string(address.podNamespace)),
                                                   ("uid", .string(KubernetesObjects.uid("pod|\(address.podNamespace)/\(address.podName)|\(address.podId)")))]))])
        }
        var annotations: [String: String] = [:]
        if let change = endpoints.lastChange {
            annotations["endpoints.kubernetes.io/last-change-trigger-time"] = SimCalendar.iso8601(epoch: simulator.calendar.epoch(change), fractionDigits: 0)
        }
        var fields: [(key: String, value: JSONValue)] = [
            ("apiVersion", .string("v1")), ("kind", .string("Endpoints")),
            ("metadata", KubernetesObjects.metadata(namespace: endpoints.namespace, name: endpoints.name, created: endpoints.created,
                                                    uidSeed: "endpoints|\(endpoints.key)", labels: endpoints.labels,
                                                    annotations: annotations, simulator: simulator)),
        ]
        if !(endpoints.addresses.isEmpty && endpoints.notReadyAddresses.isEmpty) {
            var subset: [(key: String, value: JSONValue)] = []
            if !endpoints.addresses.isEmpty { subset.append(("addresses", .array(endpoints.addresses.map(address)))) }
            if !endpoints.notReadyAddresses.isEmpty { subset.append(("notReadyAddresses", .array(endpoints.notReadyAddresses.map(address)))) }
            if !endpoints.ports.isEmpty {
                subset.append(("ports", .array(endpoints.ports.map { port in
                    .object((port.name.map { [("name", JSONValue.string($0))] } ?? []) + [("port", .int(port.port)), ("protocol", .string(port.protocol))])
                })))
            }
            fields.append(("subsets", .array([.object(subset)])))
        }
        return KubernetesObjects.sorted(.object(fields))
    }
}
