import ClusterSim
import JSON

extension KubectlResource {
    /// EndpointSlices (discovery.k8s.io/v1): NAME ADDRESSTYPE PORTS ENDPOINTS AGE — one per
    /// Service with a selector (the endpointslice controller's), and the API server's own.
    static let endpointSlices = KubectlResource(
        names: ["endpointslices", "endpointslice"], qualifiedPlural: "endpointslices.discovery.k8s.io",
        nameKind: "endpointslice.discovery.k8s.io", namespaced: true,
        header: { _ in ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"] },
        watchChanges: .byVersion,
        objects: { namespace, simulator in
            simulator.serviceEndpoints(namespace: namespace).map { endpoints in
                let name = KubectlEndpointSlices.name(endpoints)
                return Object(namespace: endpoints.namespace, name: name, labels: KubectlEndpointSlices.labels(endpoints),
                              json: { KubectlEndpointSlices.json(endpoints, simulator: simulator) },
                              row: { _, now in
                                  [name, "IPv4", KubectlEndpointSlices.more(endpoints.ports.map { String($0.port) }),
                                   KubectlEndpointSlices.more((endpoints.addresses + endpoints.notReadyAddresses).map(\.ip)),
                                   HumanDuration.format(now - endpoints.created)]
                              },
                              version: { KubectlEndpoints.column(endpoints) + "|\(endpoints.notReadyAddresses.map(\.ip))" })
            }
        })
}

/// EndpointSlices as the API server shows them, made from a Service's endpoints.
enum KubectlEndpointSlices {
    /// `ui-x7k2p`: the Service's name and a suffix fixed by it (the API server's is random).
    static func name(_ endpoints: ServiceEndpoints) -> String {
        guard endpoints.key != "default/kubernetes" else { return "kubernetes" }
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var hash = StableHash.fnv1a("endpointslice|\(endpoints.key)")
        var suffix = ""
        for _ in 0..<5 {
            suffix.append(alphabet[Int(hash % UInt64(alphabet.count))])
            hash /= UInt64(alphabet.count)
        }
        return "\(endpoints.name)-\(suffix)"
    }

    static func labels(_ endpoints: ServiceEndpoints) -> [String: String] {
        var labels = endpoints.labels.filter { $0.key != "endpointslice.kubernetes.io/skip-mirror" }
        labels["kubernetes.io/service-name"] = endpoints.name
        if endpoints.key != "default/kubernetes" { labels["endpointslice.kubernetes.io/managed-by"] = "endpointslice-controller.k8s.io" }
        return labels
    }

    /// The printer's lists: three, then `+ N more...`; `<unset>` when empty.
    static func more(_ items: [String]) -> String {
        guard !items.isEmpty else { return "<unset>" }
        return items.prefix(3).joined(separator: ",") + (items.count > 3 ? " + \(items.count - 3) more..." : "")
    }

    static func json(_ endpoints: ServiceEndpoints, simulator: Simulator) -> JSONValue {
        func endpoint(_ address: ServiceEndpoints.Address, ready: Bool) -> JSONValue {
            var fields: [(key: String, value: JSONValue)] = [
                ("addresses", .array([.string(address.ip)])),
                ("conditions", .object([("ready", .bool(ready)), ("serving", .bool(ready)), ("terminating", .bool(false))])),
            ]
            if !address.podName.isEmpty {
                fields.append(("nodeName", .string(address.nodeName)))
                fields.append(("targetRef", .object([("kind", .string("Pod")), ("name", .string(address.podName)),
                                                     ("namespace", .string(address.podNamespace)),
                                                     ("uid", .string(KubernetesObjects.uid("pod|\(address.podNamespace)/\(address.podName)|\(address.podId)")))])))
                if let zone = simulator.node(named: address.nodeName)?.availabilityZone { fields.append(("zone", .string(zone))) }
            }
            return .object(fields)
        }
        let name = self.name(endpoints)
        var metadata = KubernetesObjects.metadata(namespace: endpoints.namespace, name: name, created: endpoints.created,
                                                  uidSeed: "endpointslice|\(endpoints.key)", generation: 1, labels: labels(endpoints),
                                                  simulator: simulator)
        if endpoints.key != "default/kubernetes", case .object(var fields) = metadata {
            fields.append(("generateName", .string(endpoints.name + "-")))
            fields.append(("ownerReferences", .array([.object([
                ("apiVersion", .string("v1")), ("blockOwnerDeletion", .bool(true)), ("controller", .bool(true)),
                ("kind", .string("Service")), ("name", .string(endpoints.name)),
                ("uid", .string(simulator.object(ObjectStore.Key(kind: ResourceKinds.service, namespace: endpoints.namespace, name: endpoints.name))?.uid ?? "")),
            ])])))
            metadata = .object(fields)
        }
        let ports: [JSONValue] = endpoints.ports.map { port in
            .object([("name", .string(port.name ?? "")), ("port", .int(port.port)), ("protocol", .string(port.protocol))])
        }
        return KubernetesObjects.sorted(.object([
            ("addressType", .string("IPv4")), ("apiVersion", .string("discovery.k8s.io/v1")),
            ("endpoints", .array(endpoints.addresses.map { endpoint($0, ready: true) } + endpoints.notReadyAddresses.map { endpoint($0, ready: false) })),
            ("kind", .string("EndpointSlice")), ("metadata", metadata), ("ports", .array(ports)),
        ]))
    }
}
