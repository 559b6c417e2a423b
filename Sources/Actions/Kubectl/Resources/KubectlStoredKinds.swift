import ClusterSim
import Foundation
import JSON

extension KubectlResource {
    /// ConfigMaps: NAME DATA AGE. Every namespace has `kube-root-ca.crt`, as the root CA publisher makes it.
    static let configMaps = stored(ResourceKinds.configMap, nameKind: "configmap", header: { _ in ["NAME", "DATA", "AGE"] }) { object, _ in
        [String(KubectlStoredKinds.keyCount(object.body["data"]) + KubectlStoredKinds.keyCount(object.body["binaryData"]))]
    }

    /// Secrets: NAME TYPE DATA AGE.
    static let secrets = stored(ResourceKinds.secret, nameKind: "secret", header: { _ in ["NAME", "TYPE", "DATA", "AGE"] }) { object, _ in
        let keys = Set(KubectlStoredKinds.keys(object.body["data"]) + KubectlStoredKinds.keys(object.body["stringData"]))
        return [object.body["type"]?.stringValue ?? "Opaque", String(keys.count)]
    }

    /// Services: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE; wide adds SELECTOR.
    static let services = stored(ResourceKinds.service, nameKind: "service",
                                 header: { wide in ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"] + (wide ? ["SELECTOR"] : []) },
                                 wideCells: { object in
                                     let selector = StoredObject.strings(object.body["spec"]?["selector"])
                                     return [selector.isEmpty ? "<none>" : KubectlDeployments.selectorText(selector)]
                                 }) { object, _ in
        let spec = object.body["spec"]
        let type = spec?["type"]?.stringValue ?? "ClusterIP"
        return [type, KubectlStoredKinds.clusterIP(object), type == "LoadBalancer" ? "<pending>" : "<none>", KubectlStoredKinds.ports(object)]
    }

    /// ServiceAccounts: NAME SECRETS AGE. Every namespace has `default`.
    static let serviceAccounts = stored(ResourceKinds.serviceAccount, nameKind: "serviceaccount", header: { _ in ["NAME", "SECRETS", "AGE"] }) { object, _ in
        [String(KubectlStoredKinds.count(object.body["secrets"]))]
    }

    /// A kind the store holds as written: its objects (and the ones every namespace has) as the
    /// API returns them, with the type's own columns between NAME and AGE.
    /// Kinds the API server has no printer for get its default table: NAME and CREATED AT (`age: false`).
    static func stored(_ kind: ResourceKind, nameKind: String, header: @escaping @Sendable (Bool) -> [String],
                       wideCells: @escaping @Sendable (StoredObject) -> [String] = { _ in [] }, age: Bool = true,
                       shownName: @escaping @Sendable (StoredObject) -> String = { $0.name },
                       cellsAfterAge: @escaping @Sendable (StoredObject, Simulator) -> [String] = { _, _ in [] },
                       cells: @escaping @Sendable (StoredObject, Simulator) -> [String]) -> KubectlResource {
        KubectlResource(
            names: Set([kind.plural, kind.kind.lowercased()] + kind.shortNames), qualifiedPlural: kind.qualifiedPlural, nameKind: nameKind,
            namespaced: kind.namespaced, header: header, watchChanges: .byVersion,
            objects: { namespace, simulator in
                KubectlStoredKinds.objects(kind, namespace: namespace, simulator: simulator).map { object in
                    Object(namespace: object.namespace, name: object.name, labels: object.labels,
                           json: { KubectlStoredKinds.json(object, simulator: simulator) },
                           row: { wide, now in
                               [shownName(object)] + cells(object, simulator) + (age ? [HumanDuration.format(now - object.created)] : [])
                                   + cellsAfterAge(object, simulator) + (wide ? wideCells(object) : [])
                           },
                           version: { String(object.resourceVersion) })
                }
            })
    }
}

/// Stored objects of the kinds no controller acts on, as the API server shows them.
enum KubectlStoredKinds {
    /// The stored objects and the ones the cluster makes in every namespace, by namespace and name.
    static func objects(_ kind: ResourceKind, namespace: String?, simulator: Simulator) -> [StoredObject] {
        var objects = simulator.storedObjects(kind, namespace: namespace)
        let namespaces = simulator.namespaceList().filter { namespace == nil || $0.name == namespace }
        for (name, created) in namespaces {
            for made in builtIn(kind, namespace: name, created: created, simulator: simulator)
            where !objects.contains(where: { $0.namespace == name && $0.name == made.name }) {
                objects.append(made)
            }
        }
        return objects.sorted { ($0.namespace ?? "", $0.name) < ($1.namespace ?? "", $1.name) }
    }

    /// What the control plane creates in a namespace: the root CA bundle, the default service
    /// account, and in `default` the API server's own Service.
    static func builtIn(_ kind: ResourceKind, namespace: String, created: SimTime, simulator: Simulator) -> [StoredObject] {
        let make = { (name: String, body: JSONValue) in
            StoredObject(kind: kind, namespace: namespace, name: name, uid: StableHash.uuid("\(kind.plural)|\(namespace)|\(name)"),
                         resourceVersion: 1, generation: 0, created: created, metadata: .object([]), body: body)
        }
        switch kind {
        case ResourceKinds.configMap:
            return [make("kube-root-ca.crt", .object([("data", .object([("ca.crt", .string(rootCertificate))]))]))]
        case ResourceKinds.serviceAccount:
            return [make("default", .object([]))]
        case ResourceKinds.service where namespace == "default":
            return [make("kubernetes", .object([("spec", .object([
                ("clusterIP", .string("10.100.0.1")), ("ports", .array([.object([("name", .string("https")), ("port", .int(443)),
                                                                                  ("protocol", .string("TCP")), ("targetPort", .int(443))])])),
                ("type", .string("ClusterIP")),
            ]))]))]
        default:
            return []
        }
    }

    /// A stand-in for the cluster's CA bundle: the shape of one, not a usable certificate.
    static let rootCertificate = "-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIWorkshopSimulatedClusterRootCA0DQYJKoZIhvcNAQEL\n-----END CERTIFICATE-----\n"

    /// The object as `kubectl get -o json` shows it: apiVersion, kind, metadata with the server's
    /// fields, then what the client wrote (a Service gains its cluster IP).
    static func json(_ object: StoredObject, simulator: Simulator) -> JSONValue {
        var metadata: [(key: String, value: JSONValue)] = []
        if case .object(let written) = object.metadata { metadata = written }
        metadata += [("creationTimestamp", KubernetesObjects.timestamp(simulator, object.created)), ("name", .string(object.name)),
                     ("resourceVersion", .string(String(object.resourceVersion))), ("uid", .string(object.uid))]
        if let namespace = object.namespace { metadata.append(("namespace", .string(namespace))) }
        if let deletion = object.deletionStarted {
            metadata += [("deletionGracePeriodSeconds", .int(0)), ("deletionTimestamp", KubernetesObjects.timestamp(simulator, deletion))]
        }
        // Kinds whose API strategy counts spec changes show `generation` (custom kinds always do).
        if generationKinds.contains(object.kind) || simulator.definition(of: object.kind) != nil {
            metadata.append(("generation", .int(object.generation)))
        }
        var body: [(key: String, value: JSONValue)] = []
        if case .object(let fields) = object.body { body = fields }
        if object.kind == ResourceKinds.service {
            var spec: [(key: String, value: JSONValue)] = []
            if case .object(let fields)? = object.body["spec"] { spec = fields }
            if !spec.contains(where: { $0.key == "clusterIP" }) {
                spec += [("clusterIP", .string(clusterIP(object))), ("clusterIPs", .array([.string(clusterIP(object))]))]
            }
            if !spec.contains(where: { $0.key == "type" }) { spec.append(("type", .string("ClusterIP"))) }
            // The API server's defaults: one IPv4 family, no session affinity, cluster-wide traffic,
            // each port's protocol TCP and its target the port itself.
            let defaults: [(String, JSONValue)] = [("internalTrafficPolicy", .string("Cluster")), ("ipFamilies", .array([.string("IPv4")])),
                                                   ("ipFamilyPolicy", .string("SingleStack")), ("sessionAffinity", .string("None"))]
            for (field, value) in defaults where !spec.contains(where: { $0.key == field }) { spec.append((field, value)) }
            if let index = spec.firstIndex(where: { $0.key == "ports" }), case .array(let ports) = spec[index].value {
                spec[index].value = .array(ports.map { port in
                    guard case .object(var fields) = port else { return port }
                    if !fields.contains(where: { $0.key == "protocol" }) { fields.append(("protocol", .string("TCP"))) }
                    if !fields.contains(where: { $0.key == "targetPort" }), let number = port["port"] { fields.append(("targetPort", number)) }
                    return .object(fields)
                })
            }
            body.removeAll { $0.key == "spec" }
            body.append(("spec", .object(spec)))
        }
        if object.kind == ResourceKinds.secret, let strings = object.body["stringData"], case .object(let pairs) = strings {
            // The API server stores stringData base64-encoded into data.
            var data: [(key: String, value: JSONValue)] = []
            if case .object(let existing)? = object.body["data"] { data = existing }
            for (key, value) in pairs {
                data.removeAll { $0.key == key }
                data.append((key, .string(Data((value.stringValue ?? "").utf8).base64EncodedString())))
            }
            body.removeAll { $0.key == "stringData" || $0.key == "data" }
            body.append(("data", .object(data)))
        }
        // The API server's default type.
        if object.kind == ResourceKinds.secret, object.body["type"]?.stringValue.map({ !$0.isEmpty }) != true {
            body.removeAll { $0.key == "type" }
            body.append(("type", .string("Opaque")))
        }
        body = KubectlHeldKinds.defaulted(object.kind, body)
        body = KubectlHeldKinds.controllerWritten(object, body, simulator: simulator)
        if object.kind == ResourceKinds.customResourceDefinition { body = KubectlCustomResources.served(body, object, simulator: simulator) }
        return KubernetesObjects.sorted(.object([("apiVersion", .string(object.kind.apiVersion)), ("kind", .string(object.kind.kind)),
                                                 ("metadata", KubernetesObjects.withManagedFields(.object(metadata), object, simulator: simulator))] + body))
    }

    /// Held kinds whose registry strategy sets `metadata.generation`.
    static let generationKinds: Set<ResourceKind> = [ResourceKinds.customResourceDefinition, ResourceKinds.ingress, ResourceKinds.networkPolicy]

    /// A Service's cluster IP: the one it asked for, else one from EKS's service range fixed by its uid.
    static func clusterIP(_ object: StoredObject) -> String {
        if let ip = object.body["spec"]?["clusterIP"]?.stringValue { return ip }
        let hash = StableHash.fnv1a(object.uid)
        return "10.100.\(hash % 254 + 1).\((hash >> 8) % 253 + 2)"
    }

    /// `80/TCP,443:31234/TCP`.
    static func ports(_ object: StoredObject) -> String {
        guard case .array(let ports)? = object.body["spec"]?["ports"], !ports.isEmpty else { return "<none>" }
        return ports.map { port in
            let number = port["port"].map { JSONSerializer.compact($0) } ?? ""
            let node = port["nodePort"].map { ":" + JSONSerializer.compact($0) } ?? ""
            return "\(number)\(node)/\(port["protocol"]?.stringValue ?? "TCP")"
        }.joined(separator: ",")
    }

    static func keys(_ value: JSONValue?) -> [String] {
        guard case .object(let pairs)? = value else { return [] }
        return pairs.map(\.key)
    }

    static func keyCount(_ value: JSONValue?) -> Int { keys(value).count }

    static func count(_ value: JSONValue?) -> Int {
        guard case .array(let items)? = value else { return 0 }
        return items.count
    }
}
