import Actions
import ClusterSim
import Foundation
import JSON

/// Writes to the kinds the object store holds — what real `kubectl apply`, `create`, `replace`,
/// `patch`, `scale`, `label`, `rollout` and `delete` send: POST to a collection, PUT, PATCH (JSON,
/// merge, strategic merge, server-side apply) and DELETE of an object, and a Deployment's `scale`
/// subresource. Each goes to the same simulator API the native kubectl uses; the reply is the
/// object as a GET would show it next.
struct ObjectWrites {
    let simulator: Simulator
    let type: KubernetesResourceType
    let kind: ResourceKind
    /// The request's field manager (`fieldManager`, else the client's program name) and `force`.
    var managerName = "unknown"
    var force = false
    /// `fieldValidation=Strict` (kubectl's default): fields a custom kind's schema does not know
    /// are refused rather than pruned.
    var strictFields = false

    /// The manager of an update through this type's API version.
    func updater(subresource: String = "") -> FieldManager {
        FieldManager(managerName, .update, apiVersion: kind.apiVersion, subresource: subresource)
    }

    /// The store's kind for an API resource type (nil: not writable this way).
    static func kind(of type: KubernetesResourceType) -> ResourceKind? {
        type.storeKind ?? ResourceKinds.all.first { $0.group == type.group && $0.version == type.version && $0.plural == type.plural }
    }

    /// Strict field validation's refusal (400) of fields the kind's schema does not know.
    func checkFields(_ body: JSONValue) throws(KubernetesStatus) {
        guard strictFields else { return }
        do { try simulator.checkKnownFields(kind: kind, version: type.version, body: body) } catch { throw Self.status(error) }
    }

    // MARK: Verbs

    func create(namespace: String?, contentType: String, body: [UInt8]) throws(KubernetesStatus) -> WireResponse {
        let object = try Self.decode(body, contentType: contentType)
        try checkKind(object)
        let name = object["metadata"]?["name"]?.stringValue ?? ""
        if let given = object["metadata"]?["namespace"]?.stringValue, let namespace, given != namespace {
            throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        return try store(object, namespace: namespace, name: name)
    }

    /// Creates the object and replies 201 with it.
    private func store(_ object: JSONValue, namespace: String?, name: String) throws(KubernetesStatus) -> WireResponse {
        let (metadata, rest) = try split(object)
        do {
            try simulator.createObject(kind: kind, namespace: kind.namespaced ? (namespace ?? "default") : nil, metadata: metadata, body: rest,
                                       manager: updater())
        } catch {
            throw Self.status(error)
        }
        return try reply(201, namespace: namespace, name: name)
    }

    func replace(namespace: String?, name: String, contentType: String, body: [UInt8]) throws(KubernetesStatus) -> WireResponse {
        let object = try Self.decode(body, contentType: contentType)
        try checkKind(object)
        let key = ObjectStore.Key(kind: kind, namespace: namespace, name: name)
        let (metadata, rest) = try split(object)
        let expected = object["metadata"]?["resourceVersion"]?.stringValue.flatMap(Int.init)
        do {
            try simulator.updateObject(key, metadata: metadata, body: rest, expectedVersion: expected, manager: updater())
        } catch {
            throw Self.status(error)
        }
        return try reply(200, namespace: namespace, name: name)
    }

    func patch(namespace: String?, name: String, contentType: String, body: [UInt8]) throws(KubernetesStatus) -> WireResponse {
        let key = ObjectStore.Key(kind: kind, namespace: namespace, name: name)
        let isApply = contentType.hasPrefix("application/apply-patch")
        let patch: JSONValue
        if isApply {
            // Server-side apply sends YAML (kubectl sends JSON, which is YAML too).
            do throws(ManifestDecoder.Failure) {
                guard let document = try ManifestDecoder.documents(String(decoding: body, as: UTF8.self)).first else {
                    throw ManifestDecoder.Failure(message: "empty apply configuration")
                }
                patch = document
            } catch {
                throw .badRequest("error decoding YAML: \(error.message)")
            }
        } else {
            patch = try Self.decode(body)
        }
        if isApply {
            // Server-side apply: the store merges the configuration and keeps who owns which field.
            let (metadata, rest) = try split(Self.withoutTypeFields(patch))
            let existed = simulator.object(key) != nil
            do {
                try simulator.applyObject(key, metadata: metadata, body: rest,
                                          manager: FieldManager(managerName, .apply, apiVersion: kind.apiVersion), force: force)
            } catch {
                throw Self.status(error)
            }
            return try reply(existed ? 200 : 201, namespace: namespace, name: name)
        }
        let patchKind = try Self.patchKind(contentType)
        if patchKind != .json { try checkFields(Self.split(patch).body) }
        do {
            try simulator.patchObject(key, with: patch, kind: patchKind, manager: updater())
        } catch {
            switch error {
            case .patch(let failure): throw KubernetesStatus(code: 422, reason: "Invalid", message: failure.message)
            case .store(let error): throw Self.status(error)
            case .unsupportedMediaType: throw KubernetesStatus(code: 415, reason: "UnsupportedMediaType", message: Simulator.PatchRefusal.unsupportedMessage)
            }
        }
        return try reply(200, namespace: namespace, name: name)
    }

    /// The patch form a request's content type names (415 for any other).
    static func patchKind(_ contentType: String) throws(KubernetesStatus) -> ClusterSim.ObjectPatch.Kind {
        if contentType.hasPrefix("application/json-patch+json") { return .json }
        if contentType.hasPrefix("application/merge-patch+json") { return .merge }
        if contentType.hasPrefix("application/strategic-merge-patch+json") { return .strategic }
        throw KubernetesStatus(code: 415, reason: "UnsupportedMediaType",
                               message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json")
    }

    /// An object's JSON (a node's) with the request's patch applied.
    static func patched(_ whole: JSONValue, with patch: JSONValue, contentType: String) throws(KubernetesStatus) -> JSONValue {
        let kind = try patchKind(contentType)
        do { return try ClusterSim.ObjectPatch.apply(kind, patch, to: whole) } catch {
            throw KubernetesStatus(code: 422, reason: "Invalid", message: error.message)
        }
    }

    func delete(namespace: String?, name: String, query: [String: String] = [:], body: [UInt8] = []) throws(KubernetesStatus) -> WireResponse {
        let key = ObjectStore.Key(kind: kind, namespace: namespace, name: name)
        // DeleteOptions (kubectl sends them as the body): deletion here is always in the background.
        let options = body.isEmpty ? nil : try? Self.decode(body)
        if let policy = query["propagationPolicy"] ?? options?["propagationPolicy"]?.stringValue, policy != "Background" {
            throw .badRequest("propagationPolicy \(policy) is not simulated by workshop serve: deletion is always in the background (dependents go after their owner)")
        }
        // The reply is the object as it was, or — when finalizers (or a namespace's contents) keep
        // it — as it now is, with its deletionTimestamp.
        let before = KubernetesAPI.objects(type, namespace: namespace, simulator: simulator).first { $0.name == name }?.json()
        do {
            try simulator.deleteObject(key)
        } catch {
            throw Self.status(error)
        }
        if simulator.object(key)?.isTerminating == true,
           let after = KubernetesAPI.objects(type, namespace: namespace, simulator: simulator).first(where: { $0.name == name })?.json() {
            return .json(200, JSONSerializer.compact(after))
        }
        if let before { return .json(200, JSONSerializer.compact(before)) }
        return .json(200, JSONSerializer.compact(KubernetesStatus(code: 200, reason: "", message: "", success: true).json))
    }

    /// `GET` or `PATCH`/`PUT` of `deployments/NAME/scale`: an `autoscaling/v1` Scale.
    func scale(_ method: String, namespace: String?, name: String, contentType: String, body: [UInt8]) throws(KubernetesStatus) -> WireResponse {
        let key = ObjectStore.Key(kind: kind, namespace: namespace, name: name)
        guard let current = simulator.object(key) else { throw Self.status(.notFound(kind: kind, name: name)) }
        if method != "GET" {
            let request = try Self.decode(body)
            guard let replicas = request["spec"]?["replicas"] else { throw .badRequest("a Scale needs spec.replicas") }
            var spec: [(key: String, value: JSONValue)] = []
            if case .object(let fields)? = current.body["spec"] { spec = fields }
            if let index = spec.firstIndex(where: { $0.key == "replicas" }) { spec[index].value = replicas } else { spec.insert(("replicas", replicas), at: 0) }
            var rest: [(key: String, value: JSONValue)] = []
            if case .object(let fields) = current.body { rest = fields.filter { $0.key != "spec" } }
            do {
                try simulator.updateObject(key, metadata: current.metadata, body: .object([("spec", .object(spec))] + rest),
                                           manager: updater(subresource: "scale"))
            } catch {
                throw Self.status(error)
            }
        }
        let workload = simulator.workload(key: "\(key.namespace)/\(name)")
        let replicas = workload?.replicas ?? 0
        let status = simulator.workloadStatus("\(key.namespace)/\(name)")
        let selector = (workload?.labels ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        let scale: JSONValue = .object([
            ("kind", .string("Scale")), ("apiVersion", .string("autoscaling/v1")),
            ("metadata", .object([("name", .string(name)), ("namespace", .string(key.namespace)), ("uid", .string(current.uid)),
                                  ("resourceVersion", .string(String(simulator.object(key)?.resourceVersion ?? current.resourceVersion)))])),
            ("spec", .object([("replicas", .int(replicas))])),
            ("status", .object([("replicas", .int(status.current)), ("selector", .string(selector))])),
        ])
        return .json(200, JSONSerializer.compact(scale))
    }

    // MARK: Parts

    private func reply(_ code: Int, namespace: String?, name: String) throws(KubernetesStatus) -> WireResponse {
        guard let object = KubernetesAPI.objects(type, namespace: namespace, simulator: simulator).first(where: { $0.name == name }) else {
            throw .notFound(type, name)
        }
        return .json(code, JSONSerializer.compact(object.json()))
    }

    private func checkKind(_ object: JSONValue) throws(KubernetesStatus) {
        let apiVersion = object["apiVersion"]?.stringValue ?? kind.apiVersion, given = object["kind"]?.stringValue ?? kind.kind
        guard apiVersion == kind.apiVersion, given == kind.kind else {
            throw .badRequest("the API version in the data (\(apiVersion)) does not match the expected API version (\(kind.apiVersion))")
        }
    }

    /// A request body as JSON: typed clients (`kubectl create deployment`) send protobuf, which
    /// they cannot be asked to change, so it is read too.
    static func decode(_ body: [UInt8], contentType: String) throws(KubernetesStatus) -> JSONValue {
        guard contentType.contains("protobuf") else { return try decode(body) }
        do {
            return try KubernetesProtobuf.decode(body)
        } catch {
            throw KubernetesStatus(code: 415, reason: "UnsupportedMediaType",
                                   message: "the body of the request could not be read as protobuf (\(error.message)); send it as application/json")
        }
    }

    static func decode(_ body: [UInt8]) throws(KubernetesStatus) -> JSONValue {
        do {
            return try JSONParser.parse(String(decoding: body, as: UTF8.self))
        } catch {
            throw .badRequest("error decoding the request body: \(error)")
        }
    }

    /// An object's metadata apart from its other fields (less apiVersion and kind).
    static func split(_ object: JSONValue, keepStatus: Bool = false) -> (metadata: JSONValue, body: JSONValue) {
        guard case .object(let fields) = object else { return (.object([]), .object([])) }
        let metadata = fields.first { $0.key == "metadata" }?.value ?? .object([])
        let dropped: Set<String> = keepStatus ? ["metadata", "apiVersion", "kind"] : ["metadata", "apiVersion", "kind", "status"]
        return (metadata, .object(fields.filter { !dropped.contains($0.key) }))
    }

    /// The request's object split for the store: a custom kind without a status subresource keeps
    /// the `status` it was sent (every other kind's status is its controller's), and strict field
    /// validation has had its say.
    func split(_ object: JSONValue) throws(KubernetesStatus) -> (metadata: JSONValue, body: JSONValue) {
        let parts = Self.split(object, keepStatus: simulator.keepsWrittenStatus(kind))
        try checkFields(parts.body)
        return parts
    }

    static func withoutTypeFields(_ object: JSONValue) -> JSONValue {
        guard case .object(let fields) = object else { return object }
        return .object(fields.filter { $0.key != "apiVersion" && $0.key != "kind" })
    }

    /// A store refusal as the API server's Status (an Invalid one with its causes, which kubectl
    /// prints as `The Deployment "web" is invalid: …`).
    static func status(_ error: StoreError) -> KubernetesStatus {
        var details: [(key: String, value: JSONValue)] = []
        switch error {
        case .notFound(let kind, let name), .alreadyExists(let kind, let name), .beingDeleted(let kind, let name), .conflict(let kind, let name),
             .forbidden(let kind, let name, _):
            details = [("name", .string(name))]
            if !kind.group.isEmpty { details.append(("group", .string(kind.group))) }
            details.append(("kind", .string(kind.plural)))
        case .namespaceNotFound(let name):
            details = [("name", .string(name)), ("kind", .string("namespaces"))]
        case .invalid(let kind, let name, let causes):
            details = [("name", .string(name))]
            if !kind.group.isEmpty { details.append(("group", .string(kind.group))) }
            details.append(("kind", .string(kind.kind)))
            details.append(("causes", .array(causes.map { cause in
                let reason = cause.message.hasPrefix("Required value") ? "FieldValueRequired"
                    : cause.message.hasPrefix("Unsupported value") ? "FieldValueNotSupported"
                    : cause.message.hasPrefix("Too long") ? "FieldValueTooLong"
                    : cause.message.hasPrefix("Forbidden") ? "FieldValueForbidden" : "FieldValueInvalid"
                return .object([("reason", .string(reason)), ("message", .string(cause.message)), ("field", .string(cause.field))])
            })))
        case .requestTooLarge:
            return .tooLarge(StoreError.maxRequestBytes)
        case .unknownFields:
            return .badRequest(error.message)
        case .applyConflict(let conflicts):
            details = [("causes", .array(conflicts.conflicts.map { conflict in
                .object([("reason", .string("FieldManagerConflict")), ("message", .string("conflict with \(conflict.manager)")),
                         ("field", .string(conflict.path))])
            }))]
        }
        return KubernetesStatus(code: error.code, reason: error.reason, message: error.message, details: .object(details))
    }
}
