import JSON

/// One object as the store holds it: the fields the server manages (uid, resourceVersion,
/// generation, creation time) apart from what the client wrote (the rest of `metadata`, and every
/// other top-level field: `spec`, `data`, `status` …).
public struct StoredObject: Sendable, Equatable {
    public let kind: ResourceKind
    /// Nil for cluster-scoped kinds.
    public let namespace: String?
    public let name: String
    public let uid: String
    /// The store's version when this object last changed.
    public internal(set) var resourceVersion: Int
    /// Bumped on every change to `spec` (what a controller acts on), not on metadata or status.
    public internal(set) var generation: Int
    public let created: SimTime
    /// `metadata` as the client wrote it, less the fields the server manages.
    public internal(set) var metadata: JSONValue
    /// The object's other top-level fields, in the client's order (no apiVersion, kind, metadata).
    public internal(set) var body: JSONValue
    /// Who owns which fields (`metadata.managedFields`): server-side apply's conflicts come from here.
    public internal(set) var managers: [ManagedFieldsEntry] = []
    /// When its deletion was asked for while finalizers kept it (`metadata.deletionTimestamp`);
    /// nil while it lives. The object stays, read-only but for its finalizers, until the last goes.
    public internal(set) var deletionStarted: SimTime?

    /// `metadata` and the other fields as one object, as field ownership reads it.
    var whole: JSONValue { Self.whole(metadata: metadata, body: body) }

    static func whole(metadata: JSONValue, body: JSONValue) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [("metadata", metadata)]
        if case .object(let fields) = body { pairs += fields }
        return .object(pairs)
    }

    /// Splits a whole object into client metadata and the other fields (apiVersion and kind dropped).
    public static func split(_ whole: JSONValue) -> (metadata: JSONValue, body: JSONValue) {
        guard case .object(let pairs) = whole else { return (.object([]), .object([])) }
        return (whole["metadata"] ?? .object([]), .object(pairs.filter { !["metadata", "apiVersion", "kind"].contains($0.key) }))
    }

    public init(kind: ResourceKind, namespace: String?, name: String, uid: String, resourceVersion: Int, generation: Int,
                created: SimTime, metadata: JSONValue, body: JSONValue, managers: [ManagedFieldsEntry] = []) {
        self.managers = managers
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.generation = generation
        self.created = created
        self.metadata = metadata
        self.body = body
    }

    /// `metadata.labels`.
    public var labels: [String: String] { Self.strings(metadata["labels"]) }
    /// `metadata.annotations`.
    public var annotations: [String: String] { Self.strings(metadata["annotations"]) }
    /// The uids in `metadata.ownerReferences`: deleting any of them deletes this object too.
    public var ownerUIDs: [String] {
        guard case .array(let references)? = metadata["ownerReferences"] else { return [] }
        return references.compactMap { $0["uid"]?.stringValue }
    }

    /// `metadata.finalizers`: what must happen before a deleted object may go.
    public var finalizers: [String] { (metadata["finalizers"]?.elements ?? []).compactMap(\.stringValue) }

    /// Whether its deletion has begun and finalizers still hold it.
    public var isTerminating: Bool { deletionStarted != nil }

    /// Fields of `metadata` the server owns: a client's values for them are not kept.
    static let managedFields: Set<String> = ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink",
                                              "deletionTimestamp", "deletionGracePeriodSeconds"]

    public static func strings(_ value: JSONValue?) -> [String: String] {
        guard case .object(let pairs)? = value else { return [:] }
        var result: [String: String] = [:]
        for (key, value) in pairs { if let text = value.stringValue { result[key] = text } }
        return result
    }
}
