import JSON

/// The API server's storage: objects of any known kind, namespaced or not, with the semantics
/// clients rely on — a `resourceVersion` that only grows, `generation` that counts spec changes,
/// uids, creation times, owner references whose dependents go when their owner goes, a watch
/// that replays every change once, in order, and requests that change nothing when refused.
///
/// A value type: a caller that must not see a half-applied batch keeps a copy and puts it back.
public struct ObjectStore: Sendable {
    /// Where an object lives: its kind, its namespace ("" for cluster-scoped kinds) and its name.
    public struct Key: Hashable, Sendable {
        public let kind: ResourceKind
        public let namespace: String
        public let name: String

        public init(kind: ResourceKind, namespace: String?, name: String) {
            self.kind = kind
            self.namespace = kind.namespaced ? (namespace ?? "default") : ""
            self.name = name
        }
    }

    /// One change, as a watch delivers it.
    public struct Change: Sendable, Equatable {
        public enum EventType: String, Sendable { case added = "ADDED", modified = "MODIFIED", deleted = "DELETED" }
        public let type: EventType
        /// The object after the change (for a deletion, as it was, with the deletion's version).
        public let object: StoredObject
        public var resourceVersion: Int { object.resourceVersion }
    }

    private var objects: [Key: StoredObject] = [:]
    /// Owner uid → the objects naming it in `ownerReferences` (what the garbage collector follows).
    private var dependents: [String: Set<Key>] = [:]
    /// How many objects of a kind a namespace holds: whether it has any, without a scan (pod
    /// admission asks on every pod it makes).
    private var counts: [Key: Int] = [:]
    /// Namespace → the objects it holds (what its deletion deletes, and waits for).
    private var namespaceContents: [String: Set<Key>] = [:]
    /// Kind → its objects: a listing reads its own kind, not the whole store.
    private var kindContents: [ResourceKind: Set<Key>] = [:]
    /// Namespace → how many quotas and limit ranges it holds (what pod admission asks of every pod).
    private var admissionPolicies: [String: Int] = [:]
    /// Namespaces being deleted (their namespace object has a `deletionTimestamp`).
    private var terminating: Set<String> = []
    /// Every change so far, oldest first (a watch from any version replays from here).
    public private(set) var changes: [Change] = []
    /// The version of the newest change; 0 when nothing was ever written.
    public private(set) var resourceVersion = 0
    /// Checks a kind's objects before they are stored (the API server's validation).
    private let validation: ObjectValidation
    /// The kinds stored CustomResourceDefinitions add, by the CRD's name.
    public private(set) var definitions: [String: CustomResourceDefinition] = [:]
    /// Definitions deleted since: kubectl's discovery cache still names their kinds.
    public private(set) var retiredDefinitions: [String: CustomResourceDefinition] = [:]

    /// `firstVersion` lets a store continue numbering from versions a client has already seen.
    public init(firstVersion: Int = 0, validation: ObjectValidation = .standard) {
        self.resourceVersion = firstVersion
        self.validation = validation
    }

    public var count: Int { objects.count }

    public func get(_ key: Key) -> StoredObject? { objects[key] }

    /// Objects of a kind, in one namespace or all, by namespace then name (the API server's order).
    public func list(_ kind: ResourceKind, namespace: String? = nil) -> [StoredObject] {
        let keys: Set<Key>
        if let namespace, kind.namespaced {
            keys = (namespaceContents[namespace] ?? []).filter { $0.kind == kind }
        } else {
            keys = kindContents[kind] ?? []
        }
        return keys.compactMap { objects[$0] }.sorted { ($0.namespace ?? "", $0.name) < ($1.namespace ?? "", $1.name) }
    }

    // MARK: Kinds

    /// The kind a manifest's `apiVersion` and `kind` name: a built-in one, or one a stored
    /// CustomResourceDefinition serves (stored under its storage version).
    public func kind(apiVersion: String, kind name: String) -> ResourceKind? {
        if let builtIn = ResourceKinds.manifest(apiVersion: apiVersion, kind: name) { return builtIn }
        return definitions.values.sorted { $0.name < $1.name }
            .first { $0.kindName == name && $0.served(apiVersion: apiVersion) != nil }?.kind
    }

    /// The kind kubectl's word names (`deploy`, `widgets`, `widgets.example.com`), built-in first.
    public func kind(named word: String) -> ResourceKind? {
        ResourceKinds.named(word) ?? definitions.values.sorted { $0.name < $1.name }.first { $0.kind.isNamed(word) }?.kind
    }

    /// The CustomResourceDefinition behind a custom kind.
    public func definition(of kind: ResourceKind) -> CustomResourceDefinition? {
        guard !definitions.isEmpty else { return nil }
        return definitions[kind.qualifiedPlural].flatMap { $0.kind == kind ? $0 : nil }
    }

    /// Fields of a custom object its schema does not know (`spec.colour`), which a client asking for
    /// strict field validation is refused; empty for built-in kinds.
    public func unknownFields(kind: ResourceKind, body: JSONValue) -> [String] {
        guard let definition = definition(of: kind) else { return [] }
        return CustomResourceSchema.prepare(body, schema: definition.storageVersion?.schema).unknown
    }

    /// Strict field validation (what kubectl asks for): refuses fields the kind's schema does not
    /// know, naming the version the request used.
    public func checkKnownFields(kind: ResourceKind, version: String, body: JSONValue) throws(StoreError) {
        let unknown = unknownFields(kind: kind, body: body)
        if !unknown.isEmpty { throw .unknownFields(kind: kind, version: version, fields: unknown) }
    }

    /// Changes after `version`, optionally of one kind only: what a watch started at `version` gets.
    public func changes(after version: Int, kind: ResourceKind? = nil) -> [Change] {
        // Versions grow with the log, so the first change after `version` is found by bisection.
        var low = 0, high = changes.count
        while low < high {
            let middle = (low + high) / 2
            if changes[middle].resourceVersion <= version { low = middle + 1 } else { high = middle }
        }
        return changes[low...].filter { kind == nil || $0.object.kind == kind }
    }

    // MARK: Writes

    /// Creates an object from a manifest's `metadata` and other fields. `namespaceExists` answers
    /// for namespaces the store does not hold itself. `uid` is for objects that had one before
    /// they were stored (the scenario's); otherwise it is derived from the object and the version.
    @discardableResult
    public mutating func create(kind: ResourceKind, namespace: String?, metadata: JSONValue, body: JSONValue, now: SimTime,
                                manager: FieldManager? = nil, uid: String? = nil,
                                namespaceExists: (String) -> Bool = { _ in false }) throws(StoreError) -> StoredObject {
        let name = metadata["name"]?.stringValue ?? ""
        let key = Key(kind: kind, namespace: namespace, name: name)
        // Admission (the namespace must exist) comes before validation, as in the API server.
        if kind.namespaced, !self.namespaceExists(key.namespace, otherwise: namespaceExists) {
            throw .namespaceNotFound(key.namespace)
        }
        // The NamespaceLifecycle plugin: nothing new in a namespace on its way out.
        if kind.namespaced, terminating.contains(key.namespace) {
            throw .forbidden(kind: kind, name: name, why: "unable to create new content in namespace \(key.namespace) because it is being terminated")
        }
        let body = prepared(kind, body)
        try validate(kind: kind, name: name, metadata: metadata, body: body)
        if let existing = objects[key] {
            throw existing.isTerminating ? .beingDeleted(kind: kind, name: name) : .alreadyExists(kind: kind, name: name)
        }
        resourceVersion += 1
        var object = StoredObject(kind: kind, namespace: kind.namespaced ? key.namespace : nil, name: name,
                                  // Derived from what the object is and when it was made: a run is reproducible.
                                  uid: uid ?? StableHash.uuid("\(kind.qualifiedName)|\(key.namespace)|\(name)|\(resourceVersion)"),
                                  resourceVersion: resourceVersion, generation: 1, created: now,
                                  metadata: Self.admitted(kind, Self.clientMetadata(metadata)), body: body)
        if let manager { object.managers = ManagedFields.update([], by: manager, old: nil, new: object.whole, at: now) }
        objects[key] = object
        index(object, at: key)
        changes.append(Change(type: .added, object: object))
        if kind == ResourceKinds.customResourceDefinition { define(object) }
        return object
    }

    /// Replaces an object's client fields. With `expectedVersion`, refuses (409) when the object
    /// has changed since. Returns whether anything changed: an identical write bumps nothing.
    @discardableResult
    public mutating func update(_ key: Key, metadata: JSONValue, body: JSONValue, expectedVersion: Int? = nil,
                                manager: FieldManager? = nil, now: SimTime = .zero) throws(StoreError) -> (object: StoredObject, changed: Bool) {
        guard var object = objects[key] else { throw .notFound(kind: key.kind, name: key.name) }
        if let expectedVersion, expectedVersion != object.resourceVersion { throw .conflict(kind: key.kind, name: key.name) }
        let body = prepared(key.kind, body)
        try validate(kind: key.kind, name: key.name, metadata: metadata, body: body, previous: object)
        let clientMetadata = Self.clientMetadata(metadata)
        if object.isTerminating {
            // ValidateObjectMetaUpdate: a terminating object's finalizers may only shrink.
            let old = Set(object.finalizers)
            let added = Set((clientMetadata["finalizers"]?.elements ?? []).compactMap(\.stringValue)).subtracting(old).sorted()
            if !added.isEmpty {
                let list = added.map { "\"\($0)\"" }.joined(separator: ", ")
                throw .invalid(kind: key.kind, name: key.name, causes: [.init(
                    field: "metadata.finalizers",
                    message: "Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\(list)}")])
            }
        }
        guard clientMetadata != object.metadata || body != object.body else { return (object, false) }
        if body["spec"] != object.body["spec"] { object.generation += 1 }
        unindex(object, at: key)
        resourceVersion += 1
        object.resourceVersion = resourceVersion
        if let manager {
            object.managers = ManagedFields.update(object.managers, by: manager, old: object.whole,
                                                   new: StoredObject.whole(metadata: clientMetadata, body: body), at: now)
        }
        object.metadata = clientMetadata
        object.body = body
        objects[key] = object
        index(object, at: key)
        changes.append(Change(type: .modified, object: object))
        if key.kind == ResourceKinds.customResourceDefinition { define(object) }
        if object.isTerminating, object.finalizers.isEmpty {
            // The last finalizer gone: so is the object (a namespace or definition once it holds nothing).
            switch key.kind {
            case ResourceKinds.namespace:
                break  // the namespace controller finishes it (``finishNamespace(_:)``)
            case ResourceKinds.customResourceDefinition:
                if let definition = definitions[key.name], !objects.keys.contains(where: { $0.kind == definition.kind }) {
                    return (remove(key, now: now).first ?? object, true)
                }
            default:
                return (remove(key, now: now).first ?? object, true)
            }
        }
        return (object, true)
    }

    /// Server-side apply: `applied` (metadata and fields) merged into the object — or created —
    /// with field ownership tracked; refused (409) when it would change fields other managers own,
    /// unless forced. Returns the object and whether anything changed.
    @discardableResult
    public mutating func apply(_ key: Key, metadata: JSONValue, body: JSONValue, manager: FieldManager, force: Bool, now: SimTime,
                               namespaceExists: (String) -> Bool = { _ in false }) throws(StoreError) -> (object: StoredObject, changed: Bool) {
        let applied = StoredObject.whole(metadata: Self.clientMetadata(metadata), body: body)
        guard var object = objects[key] else {
            let created = try create(kind: key.kind, namespace: key.kind.namespaced ? key.namespace : nil, metadata: metadata, body: body, now: now,
                                     manager: nil, namespaceExists: namespaceExists)
            var owned = created
            owned.managers = [ManagedFieldsEntry(manager: manager, time: now, fields: FieldSet.of(applied))]
            objects[key] = owned
            return (owned, true)
        }
        switch ManagedFields.apply(object.managers, by: manager, applied: applied, live: object.whole, force: force, at: now) {
        case .failure(let conflicts):
            throw .applyConflict(conflicts)
        case .success(let (merged, managers)):
            let (newMetadata, newBody) = StoredObject.split(merged)
            let result = try update(key, metadata: newMetadata, body: newBody)
            object = result.object
            if object.managers != managers {
                object.managers = managers
                objects[key] = object
            }
            return (object, result.changed)
        }
    }

    /// Deletes an object as the API server does. One without finalizers goes at once and, as the
    /// garbage collector does in the background, so does every object that names it (or one of
    /// them) as owner. One with finalizers only gets its `deletionTimestamp`: it stays, terminating,
    /// until a write removes the last finalizer (``update(_:metadata:body:expectedVersion:manager:now:)``).
    /// A namespace turns Terminating and its objects are deleted; it goes once it holds nothing
    /// (``finishNamespace(_:)``: the namespace controller also waits for the simulator's pods).
    /// A CustomResourceDefinition takes its kind's objects and goes once they have. Deleting an
    /// object already terminating changes nothing. Returns what went, the requested object first.
    @discardableResult
    public mutating func delete(_ key: Key, now: SimTime = .zero) throws(StoreError) -> [StoredObject] {
        guard let object = objects[key] else { throw .notFound(kind: key.kind, name: key.name) }
        // The NamespaceLifecycle admission plugin keeps the namespaces the cluster runs on.
        if key.kind == ResourceKinds.namespace, Self.immortalNamespaces.contains(key.name) {
            throw .forbidden(kind: key.kind, name: key.name, why: "this namespace may not be deleted")
        }
        guard !object.isTerminating else { return [] }
        if key.kind == ResourceKinds.namespace {
            markTerminating(key, now: now)
            var gone: [StoredObject] = []
            for inside in (namespaceContents[key.name] ?? []).sorted(by: Self.order) where objects[inside]?.isTerminating == false {
                gone += (try? delete(inside, now: now)) ?? []
            }
            return gone
        }
        if key.kind == ResourceKinds.customResourceDefinition, let definition = definitions[key.name] {
            let instances = objects.keys.filter { $0.kind == definition.kind }.sorted(by: Self.order)
            if !instances.isEmpty {
                markTerminating(key, now: now)
                var gone: [StoredObject] = []
                for instance in instances where objects[instance]?.isTerminating == false { gone += (try? delete(instance, now: now)) ?? [] }
                // The last instance's going took the definition with it, unless finalizers hold one.
                return gone
            }
        }
        guard object.finalizers.isEmpty else {
            markTerminating(key, now: now)
            return []
        }
        return remove(key, now: now)
    }

    /// Removes a terminating namespace that holds nothing and no finalizer keeps: the namespace
    /// controller's last step, once the pods the simulator runs there are gone too. Returns whether it went.
    @discardableResult
    public mutating func finishNamespace(_ name: String) -> Bool {
        let key = Key(kind: ResourceKinds.namespace, namespace: nil, name: name)
        guard let namespace = objects[key], namespace.isTerminating, namespace.finalizers.isEmpty,
              (namespaceContents[name] ?? []).isEmpty else { return false }
        _ = remove(key, now: namespace.deletionStarted ?? .zero)
        return true
    }

    /// The namespaces being deleted, by name.
    public var terminatingNamespaces: [String] { terminating.sorted() }

    /// The objects of a namespace that finalizers hold, in the API server's order.
    public func terminatingObjects(namespace: String) -> [StoredObject] {
        (namespaceContents[namespace] ?? []).sorted(by: Self.order).compactMap { objects[$0] }.filter(\.isTerminating)
    }

    /// Whether a namespace holds any stored object.
    public func holdsObjects(namespace: String) -> Bool { !(namespaceContents[namespace] ?? []).isEmpty }

    /// Gives an object its `deletionTimestamp` (a namespace, its Terminating phase too).
    private mutating func markTerminating(_ key: Key, now: SimTime) {
        guard var object = objects[key], !object.isTerminating else { return }
        resourceVersion += 1
        object.resourceVersion = resourceVersion
        object.deletionStarted = now
        if key.kind == ResourceKinds.namespace {
            object.body = ObjectPatch.merge(object.body, .object([("status", .object([("phase", .string("Terminating"))]))]))
            terminating.insert(key.name)
        }
        objects[key] = object
        changes.append(Change(type: .modified, object: object))
    }

    /// Removes an object and its dependents (those finalizers hold turn terminating and keep theirs).
    private mutating func remove(_ key: Key, now: SimTime) -> [StoredObject] {
        var gone: [StoredObject] = []
        var doomed = [key]
        var queued: Set<Key> = [key]
        var next = 0
        while next < doomed.count {
            let current = doomed[next]
            next += 1
            guard let object = objects[current] else { continue }
            if current != key, !object.finalizers.isEmpty {
                markTerminating(current, now: now)
                continue
            }
            guard var removed = objects.removeValue(forKey: current) else { continue }
            unindex(removed, at: current)
            resourceVersion += 1
            removed.resourceVersion = resourceVersion
            changes.append(Change(type: .deleted, object: removed))
            gone.append(removed)
            if current.kind == ResourceKinds.namespace { terminating.remove(current.name) }
            if current.kind == ResourceKinds.customResourceDefinition, let definition = definitions.removeValue(forKey: current.name) {
                retiredDefinitions[current.name] = definition
            }
            for dependent in (dependents.removeValue(forKey: removed.uid) ?? []).sorted(by: Self.order) where queued.insert(dependent).inserted {
                doomed.append(dependent)
            }
            // A terminating definition goes with its kind's last object.
            if let definition = definitions.values.first(where: { $0.kind == current.kind }),
               let owner = objects[Key(kind: ResourceKinds.customResourceDefinition, namespace: nil, name: definition.name)],
               owner.isTerminating, owner.finalizers.isEmpty, !objects.keys.contains(where: { $0.kind == definition.kind }),
               queued.insert(Key(kind: ResourceKinds.customResourceDefinition, namespace: nil, name: definition.name)).inserted {
                doomed.append(Key(kind: ResourceKinds.customResourceDefinition, namespace: nil, name: definition.name))
            }
        }
        return gone
    }

    /// Namespaces no one may delete.
    static let immortalNamespaces: Set<String> = ["default", "kube-public", "kube-system"]

    // MARK: Helpers

    private mutating func index(_ object: StoredObject, at key: Key) {
        for owner in object.ownerUIDs { dependents[owner, default: []].insert(key) }
        counts[Key(kind: key.kind, namespace: key.namespace, name: ""), default: 0] += 1
        if key.kind.namespaced { namespaceContents[key.namespace, default: []].insert(key) }
        kindContents[key.kind, default: []].insert(key)
        if Self.admissionPolicyKinds.contains(key.kind) { admissionPolicies[key.namespace, default: 0] += 1 }
    }

    private mutating func unindex(_ object: StoredObject, at key: Key) {
        for owner in object.ownerUIDs {
            dependents[owner]?.remove(key)
            if dependents[owner]?.isEmpty == true { dependents[owner] = nil }
        }
        let bucket = Key(kind: key.kind, namespace: key.namespace, name: "")
        counts[bucket, default: 0] -= 1
        if counts[bucket] == 0 { counts[bucket] = nil }
        if key.kind.namespaced {
            namespaceContents[key.namespace]?.remove(key)
            if namespaceContents[key.namespace]?.isEmpty == true { namespaceContents[key.namespace] = nil }
        }
        kindContents[key.kind]?.remove(key)
        if kindContents[key.kind]?.isEmpty == true { kindContents[key.kind] = nil }
        if Self.admissionPolicyKinds.contains(key.kind) {
            admissionPolicies[key.namespace, default: 0] -= 1
            if admissionPolicies[key.namespace] == 0 { admissionPolicies[key.namespace] = nil }
        }
    }

    /// The kinds whose objects change what pod admission does in their namespace.
    static let admissionPolicyKinds: Set<ResourceKind> = [ResourceKinds.resourceQuota, ResourceKinds.limitRange]

    /// Whether a namespace holds a ResourceQuota or a LimitRange: one lookup per pod a controller makes.
    public func hasAdmissionPolicies(namespace: String) -> Bool { admissionPolicies[namespace] != nil }

    /// Whether a namespace holds any object of a kind.
    public func hasObjects(_ kind: ResourceKind, namespace: String) -> Bool {
        counts[Key(kind: kind, namespace: namespace, name: ""), default: 0] > 0
    }

    private func namespaceExists(_ name: String, otherwise: (String) -> Bool) -> Bool {
        objects[Key(kind: ResourceKinds.namespace, namespace: nil, name: name)] != nil || otherwise(name)
    }

    private func validate(kind: ResourceKind, name: String, metadata: JSONValue, body: JSONValue, previous: StoredObject? = nil) throws(StoreError) {
        var causes = ObjectValidation.name(name, kind: kind) + ObjectValidation.annotationsSize(metadata)
        if kind == ResourceKinds.customResourceDefinition {
            // Its own name rule replaces the generic one.
            causes = CustomResourceDefinitionValidation.check(name: name, body: body) + ObjectValidation.annotationsSize(metadata)
            if let previous { causes += CustomResourceDefinitionValidation.immutable(previous.body, body) }
        } else if causes.isEmpty || causes.allSatisfy({ $0.field == "metadata.annotations" }) {
            causes += validation.check(kind: kind, body: body) + ObjectValidation.dataSize(kind: kind, body: body)
            if let definition = definition(of: kind) { causes += CustomResourceSchema.validate(body, schema: definition.storageVersion?.schema) }
        }
        if !causes.isEmpty { throw .invalid(kind: kind, name: name, causes: causes) }
    }

    /// An object's fields as they are stored: a custom object's unknown ones pruned and defaults
    /// filled in; a built-in one in the API server's stored form (``StoredForm``).
    private func prepared(_ kind: ResourceKind, _ body: JSONValue) -> JSONValue {
        guard let definition = definition(of: kind) else { return StoredForm.normalized(kind, body) }
        return CustomResourceSchema.prepare(body, schema: definition.storageVersion?.schema).body
    }

    /// Serves the kind a stored CRD defines; its objects move with it when its storage version changes.
    private mutating func define(_ object: StoredObject) {
        guard let definition = CustomResourceDefinition(name: object.name, body: object.body) else { return }
        let old = definitions[object.name]
        definitions[object.name] = definition
        retiredDefinitions[object.name] = nil
        guard let old, old.kind != definition.kind else { return }
        for key in objects.keys where key.kind == old.kind {
            guard let moved = objects.removeValue(forKey: key) else { continue }
            let rekeyed = StoredObject(kind: definition.kind, namespace: moved.namespace, name: moved.name, uid: moved.uid,
                                       resourceVersion: moved.resourceVersion, generation: moved.generation, created: moved.created,
                                       metadata: moved.metadata, body: moved.body, managers: moved.managers)
            let newKey = Key(kind: definition.kind, namespace: moved.namespace, name: moved.name)
            unindex(moved, at: key)
            objects[newKey] = rekeyed
            index(rekeyed, at: newKey)
        }
    }

    static func order(_ a: Key, _ b: Key) -> Bool {
        (a.kind.qualifiedName, a.namespace, a.name) < (b.kind.qualifiedName, b.namespace, b.name)
    }

    /// Finalizers the API server's admission adds to new objects of a kind (the
    /// StorageObjectInUseProtection plugin: a claim or volume in use is not removed under its pod).
    static let admissionFinalizers: [ResourceKind: String] = [
        ResourceKinds.persistentVolumeClaim: "kubernetes.io/pvc-protection",
        ResourceKinds.persistentVolume: "kubernetes.io/pv-protection",
    ]

    /// A new object's metadata with the finalizers admission adds.
    static func admitted(_ kind: ResourceKind, _ metadata: JSONValue) -> JSONValue {
        guard let finalizer = admissionFinalizers[kind] else { return metadata }
        let present = (metadata["finalizers"]?.elements ?? [])
        guard !present.contains(.string(finalizer)) else { return metadata }
        return ObjectPatch.merge(metadata, .object([("finalizers", .array(present + [.string(finalizer)]))]))
    }

    static func clientMetadata(_ metadata: JSONValue) -> JSONValue {
        guard case .object(let fields) = metadata else { return .object([]) }
        return .object(fields.filter { !StoredObject.managedFields.contains($0.key) })
    }

}
