import Actions
import ClusterSim
import Foundation
import JSON

/// The Kubernetes API of the served cluster: discovery, get/list (plain or as Tables) with label and
/// field selectors, watches, node PATCH (cordon, labels, taints), pod eviction and DELETE, each error
/// as the API server's Status.
struct KubernetesHandler: Sendable {
    let host: SimulationHost
    let serverAddress: String

    func handle(_ request: WireRequest) -> WireResponse {
        do {
            return try route(request)
        } catch {
            return Self.status(error)
        }
    }

    static func status(_ status: KubernetesStatus) -> WireResponse {
        .json(status.code, JSONSerializer.compact(status.json))
    }

    private func route(_ request: WireRequest) throws(KubernetesStatus) -> WireResponse {
        let accept = request.headers["accept"]
        switch KubernetesPath(request.path) {
        case .version:
            let info = host.access { KubernetesAPI.serverVersion($0) }
            // no-store: the kubectl dispatcher picks its binary by this reply and would cache it for hours.
            return .json(200, JSONSerializer.compact(KubernetesDiscovery.version(info)), extraHeaders: [("Cache-Control", "no-store")])
        case .health:
            return .complete(status: 200, headers: [("Content-Type", "text/plain; charset=utf-8")], body: "ok")
        case .coreGroups:
            if let version = KubernetesDiscovery.aggregatedVersion(accept: accept) {
                return .json(200, JSONSerializer.compact(KubernetesDiscovery.aggregated(core: true, version: version, types: KubernetesAPI.resourceTypes)),
                             contentType: KubernetesDiscovery.aggregatedContentType(version))
            }
            return .json(200, JSONSerializer.compact(KubernetesDiscovery.legacyCore(serverAddress: serverAddress)))
        case .namedGroups:
            let types = servedTypes()
            if let version = KubernetesDiscovery.aggregatedVersion(accept: accept) {
                return .json(200, JSONSerializer.compact(KubernetesDiscovery.aggregated(core: false, version: version, types: types)),
                             contentType: KubernetesDiscovery.aggregatedContentType(version))
            }
            return .json(200, JSONSerializer.compact(KubernetesDiscovery.legacyGroups(types)))
        case .groupVersion(let group, let version):
            guard request.method == "GET", let list = KubernetesDiscovery.resourceList(group: group, version: version, types: servedTypes()) else {
                throw .unknownPath
            }
            return .json(200, JSONSerializer.compact(list))
        case .openAPI(let groupVersion):
            guard request.method == "GET" else { throw .unknownPath }
            let types = servedTypes()
            guard let groupVersion else { return .json(200, JSONSerializer.compact(KubernetesOpenAPI.root(types))) }
            guard let document = KubernetesOpenAPI.document(groupVersion, types) else { throw .unknownPath }
            return .json(200, JSONSerializer.compact(document))
        case .openAPIV2:
            guard request.method == "GET" else { throw .unknownPath }
            return .bytes(status: 200, headers: [("Content-Type", KubernetesOpenAPIV2.contentType)], body: KubernetesOpenAPIV2.document)
        case .unknown:
            throw .unknownPath
        case .resource(let group, let version, let namespace, let plural, let name, let subresource):
            guard let type = host.access({ KubernetesAPI.resourceType(group: group, version: version, plural: plural, simulator: $0) }) else {
                throw .unknownPath
            }
            if namespace != nil && !type.namespaced { throw .unknownPath }
            return try resource(request, type: type, namespace: namespace, name: name, subresource: subresource)
        }
    }

    /// The types served now: the built-in ones and those the stored CustomResourceDefinitions add.
    private func servedTypes() -> [KubernetesResourceType] {
        host.access { KubernetesAPI.resourceTypes($0) }
    }

    private func resource(_ request: WireRequest, type: KubernetesResourceType, namespace: String?, name: String?,
                          subresource: String?) throws(KubernetesStatus) -> WireResponse {
        let query = request.queryItems
        let table = request.headers["accept"]?.contains("as=Table") ?? false
        switch (request.method, name, subresource) {
        case ("GET", nil, nil):
            let labels: KubernetesAPI.LabelMatcher?
            switch query["labelSelector"].map({ KubernetesAPI.labelSelector($0) }) {
            case .failure(let error)?: throw .badRequest("unable to parse requirement: \(error.message)")
            case .success(let matcher)?: labels = matcher
            case nil: labels = nil
            }
            let fields: FieldSelector
            do { fields = try FieldSelector(query["fieldSelector"] ?? "") } catch { throw .badRequest(error.message) }
            // The API server lets each kind select on a few fields only.
            if let refusal = fields.unsupported(for: type.plural) { throw .badRequest(refusal) }
            let filter = ObjectFilter(namespace: namespace, labels: labels, fields: fields, name: nil)
            if query["watch"] == "true" || query["watch"] == "1" {
                return watch(type, filter: filter, table: table, from: query["resourceVersion"], timeout: query["timeoutSeconds"].flatMap(Double.init))
            }
            return host.access { simulator in
                host.hub.ensureFeed(type, simulator)
                let objects = KubernetesAPI.objects(type, namespace: namespace, simulator: simulator)
                let version = WatchHub.resourceVersion(simulator)
                if filter.fields.isEmpty {
                    // The common requests, and the costly ones: written straight to bytes.
                    let admitted = objects.filter { filter.admitsLabels($0.labels) }
                    if table {
                        return .json(200, bytes: host.tableRows.table(type, objects: admitted, now: simulator.now, resourceVersion: version))
                    }
                    let now = SimCalendar.iso8601(epoch: simulator.calendar.epoch(simulator.now), fractionDigits: 0)
                    return .json(200, bytes: host.listItems.list(type, objects: admitted, now: now, resourceVersion: version))
                }
                var rows: [([String], JSONValue)] = []
                for object in objects where filter.admitsLabels(object.labels) {
                    let json = object.json()
                    guard filter.fields.isEmpty || filter.fields.matches(json) else { continue }
                    rows.append((table ? object.cells(at: simulator.now) : [], json))
                }
                if table { return .json(200, bytes: JSONSerializer.compactBytes(KubernetesTables.table(type, rows: rows, resourceVersion: version))) }
                return .json(200, bytes: JSONSerializer.compactBytes(.object([
                    ("kind", .string(type.listKind)), ("apiVersion", .string(type.groupVersion)),
                    ("metadata", .object([("resourceVersion", .string(String(version)))])), ("items", .array(rows.map(\.1))),
                ])))
            }
        case ("GET", let name?, nil):
            return try host.access { (simulator: Simulator) throws(KubernetesStatus) -> WireResponse in
                guard let object = KubernetesAPI.objects(type, namespace: namespace, simulator: simulator).first(where: { $0.name == name }) else {
                    throw .notFound(type, name)
                }
                let json = object.json()
                if table {
                    let body = KubernetesTables.table(type, rows: [(object.cells(at: simulator.now), json)],
                                                      resourceVersion: WatchHub.resourceVersion(simulator))
                    return .json(200, JSONSerializer.compact(body))
                }
                return .json(200, JSONSerializer.compact(json))
            }
        case ("PATCH", let name?, nil) where type.plural == "nodes":
            return try patchNode(name, request: request)
        case ("POST", let name?, "eviction") where type.plural == "pods":
            guard let namespace else { throw .unknownPath }
            return try evict(namespace: namespace, name: name)
        case ("DELETE", let name?, nil) where type.plural == "pods":
            guard let namespace else { throw .unknownPath }
            return try deletePod(namespace: namespace, name: name)
        case ("GET", let name?, "log") where type.plural == "pods":
            guard let namespace else { throw .unknownPath }
            let result = host.access { simulator in
                KubernetesAPI.podLog(namespace: namespace, name: name, container: query["container"], tailLines: query["tailLines"].flatMap { Int($0) },
                                     timestamps: query["timestamps"] == "true", simulator: simulator)
            }
            switch result {
            case .success(let text): return .complete(status: 200, headers: [("Content-Type", "text/plain")], body: text)
            case .failure(let error): throw KubernetesStatus(code: error.code, reason: error.reason, message: error.message)
            }
        case (_, let name?, "scale") where ["deployments", "statefulsets"].contains(type.plural) && ["GET", "PATCH", "PUT"].contains(request.method):
            return try write(type, request) { (writes: ObjectWrites) throws(KubernetesStatus) -> WireResponse in try writes.scale(request.method, namespace: namespace, name: name, contentType: request.headers["content-type"] ?? "", body: request.body) }
        case ("POST", nil, nil) where ObjectWrites.kind(of: type) != nil:
            return try write(type, request) { (writes: ObjectWrites) throws(KubernetesStatus) -> WireResponse in try writes.create(namespace: namespace, contentType: request.headers["content-type"] ?? "", body: request.body) }
        case ("PUT", let name?, nil) where ObjectWrites.kind(of: type) != nil:
            return try write(type, request) { (writes: ObjectWrites) throws(KubernetesStatus) -> WireResponse in try writes.replace(namespace: namespace, name: name, contentType: request.headers["content-type"] ?? "", body: request.body) }
        case ("PATCH", let name?, nil) where ObjectWrites.kind(of: type) != nil:
            return try write(type, request) { (writes: ObjectWrites) throws(KubernetesStatus) -> WireResponse in try writes.patch(namespace: namespace, name: name, contentType: request.headers["content-type"] ?? "", body: request.body) }
        case ("DELETE", let name?, nil) where ObjectWrites.kind(of: type) != nil:
            return try write(type, request) { (writes: ObjectWrites) throws(KubernetesStatus) -> WireResponse in try writes.delete(namespace: namespace, name: name, query: query, body: request.body) }
        case ("GET", _, _?):
            throw .unknownPath
        default:
            throw .methodNotAllowed("\(request.method) of \(type.qualifiedPlural)\(subresource.map { "/" + $0 } ?? "")")
        }
    }

    // MARK: Watches

    private func watch(_ type: KubernetesResourceType, filter: ObjectFilter, table: Bool, from version: String?, timeout: Double?) -> WireResponse {
        let after = version.flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
        let hub = host.hub
        let subscription = host.access { simulator in hub.subscribe(type, after: after, simulator: simulator) }
        let (lines, continuation) = AsyncStream<String>.makeStream()
        let relay = Task {
            for event in subscription.backlog where filter.admits(event) {
                continuation.yield(table ? event.tableLine : event.plainLine)
            }
            for await batch in subscription.events {
                let lines = batch.filter { filter.admits($0) }.map { table ? $0.tableLine : $0.plainLine }.joined()
                if !lines.isEmpty { continuation.yield(lines) }
            }
            continuation.finish()
        }
        let timer = timeout.map { seconds in
            Task {
                try? await Task.sleep(for: .milliseconds(Int64(Swift.max(0, Swift.min(seconds, 86_400)) * 1000)))
                hub.unsubscribe(type, id: subscription.id)
            }
        }
        return .stream(headers: [("Content-Type", "application/json")], lines: lines, cancel: {
            relay.cancel()
            timer?.cancel()
            hub.unsubscribe(type, id: subscription.id)
        })
    }

    // MARK: Writes

    /// A write to a kind the object store holds, made with the simulator held.
    private func write(_ type: KubernetesResourceType, _ request: WireRequest,
                       _ body: (ObjectWrites) throws(KubernetesStatus) -> WireResponse) throws(KubernetesStatus) -> WireResponse {
        guard let kind = ObjectWrites.kind(of: type) else { throw .methodNotAllowed(type.qualifiedPlural) }
        let query = request.queryItems
        // The request's field manager, else the API server's default: the user agent's program name.
        let agent = request.headers["user-agent"].map { String($0.prefix { $0 != "/" }) } ?? ""
        let manager = query["fieldManager"] ?? (agent.isEmpty ? "unknown" : agent)
        let force = query["force"] == "true"
        let strict = query["fieldValidation"] == "Strict"
        return try host.access { (simulator: Simulator) throws(KubernetesStatus) -> WireResponse in
            try body(ObjectWrites(simulator: simulator, type: type, kind: kind, managerName: manager, force: force, strictFields: strict))
        }
    }

    private func patchNode(_ name: String, request: WireRequest) throws(KubernetesStatus) -> WireResponse {
        let nodes = KubernetesAPI.resourceType(group: "", version: "v1", plural: "nodes")!
        let patch: JSONValue
        do {
            patch = try JSONParser.parse(String(decoding: request.body, as: UTF8.self))
        } catch {
            throw .badRequest("error decoding patch: \(error)")
        }
        return try host.access { (simulator: Simulator) throws(KubernetesStatus) -> WireResponse in
            guard let node = KubernetesAPI.objects(nodes, namespace: nil, simulator: simulator).first(where: { $0.name == name }) else {
                throw .notFound(nodes, name)
            }
            let before = node.json()
            // The same patch rules as every stored object's (ClusterSim's), applied to the node's JSON.
            let after = try ObjectWrites.patched(before, with: patch, contentType: request.headers["content-type"] ?? "")
            try NodeChanges.apply(before: before, after: after, name: name, type: nodes, simulator: simulator)
            let updated = KubernetesAPI.objects(nodes, namespace: nil, simulator: simulator).first { $0.name == name }!
            return .json(200, JSONSerializer.compact(updated.json()))
        }
    }

    private func evict(namespace: String, name: String) throws(KubernetesStatus) -> WireResponse {
        let pods = KubernetesAPI.resourceType(group: "", version: "v1", plural: "pods")!
        return try host.access { (simulator: Simulator) throws(KubernetesStatus) -> WireResponse in
            let outcome: Simulator.EvictionOutcome
            do {
                outcome = try simulator.evict(namespace: namespace, pod: name)
            } catch {
                throw .notFound(pods, name)
            }
            switch outcome {
            case .evicted:
                return .json(201, JSONSerializer.compact(KubernetesStatus(code: 201, reason: "", message: "", success: true).json))
            case .notFound:
                throw .notFound(pods, name)
            case .refused(let budget, let healthy, let required):
                // No Retry-After: kubectl then prints the refusal and retries every 5 s, as learners should see.
                throw KubernetesStatus(
                    code: 429, reason: "TooManyRequests", message: "Cannot evict pod as it would violate the pod's disruption budget.",
                    details: .object([("causes", .array([.object([
                        ("reason", .string("DisruptionBudget")),
                        ("message", .string("The disruption budget \(budget) needs \(required) healthy pods and has \(healthy) currently")),
                    ])]))]))
            }
        }
    }

    private func deletePod(namespace: String, name: String) throws(KubernetesStatus) -> WireResponse {
        let pods = KubernetesAPI.resourceType(group: "", version: "v1", plural: "pods")!
        return try host.access { (simulator: Simulator) throws(KubernetesStatus) -> WireResponse in
            do {
                try simulator.deletePod(namespace: namespace, name: name)
            } catch {
                throw .notFound(pods, name)
            }
            guard let object = KubernetesAPI.objects(pods, namespace: namespace, simulator: simulator).first(where: { $0.name == name }) else {
                return .json(200, JSONSerializer.compact(KubernetesStatus(code: 200, reason: "", message: "", success: true).json))
            }
            return .json(200, JSONSerializer.compact(object.json()))
        }
    }
}

/// What a list or watch keeps: a namespace, a label selector, a field selector.
struct ObjectFilter: Sendable {
    var namespace: String?
    var labels: KubernetesAPI.LabelMatcher?
    var fields: FieldSelector
    var name: String?

    func admitsLabels(_ labels: [String: String]) -> Bool { self.labels?.matches(labels) ?? true }

    func admits(_ event: WatchEvent) -> Bool {
        (namespace == nil || event.namespace == namespace) && admitsLabels(event.labels) && (fields.isEmpty || fields.matches(event.object))
    }
}
