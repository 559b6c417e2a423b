import JSON

/// The object store's API as clients use it (`kubectl apply`, `create`, `patch`, `delete`, `scale`,
/// and the same requests over the wire): each write goes to the store, and the controller of the
/// object's kind then brings the simulated cluster in line (``ObjectController``).
extension Simulator {
    /// The namespaces every cluster has.
    static let systemNamespaces = ["default", "kube-node-lease", "kube-public", "kube-system"]

    /// A stored object: one applied, created or patched since, or one the scenario made.
    public func object(_ key: ObjectStore.Key) -> StoredObject? { store.get(key) }

    /// Every namespace with when it was made: the cluster's own, those the scenario's workloads run
    /// in, and those created since.
    public func namespaceList() -> [(name: String, created: SimTime)] {
        store.list(ResourceKinds.namespace).map { ($0.name, $0.created) }
    }

    // MARK: Kinds

    /// The kind a manifest names: built-in, or served by a stored CustomResourceDefinition.
    public func kind(apiVersion: String, kind: String) -> ResourceKind? { store.kind(apiVersion: apiVersion, kind: kind) }

    /// The kind kubectl's word names (`deploy`, `widgets`), custom kinds included.
    public func kind(named word: String) -> ResourceKind? { store.kind(named: word) }

    /// The CustomResourceDefinition serving a custom kind (nil for built-in kinds).
    public func definition(of kind: ResourceKind) -> CustomResourceDefinition? { store.definition(of: kind) }

    /// The kind a deleted CustomResourceDefinition served, if `word` names it (and no live kind does).
    public func retiredKind(named word: String) -> ResourceKind? {
        guard store.kind(named: word) == nil else { return nil }
        return store.retiredDefinitions.values.sorted { $0.name < $1.name }.first { $0.kind.isNamed(word) }?.kind
    }

    /// Every stored CustomResourceDefinition, by name.
    public var customResourceDefinitions: [CustomResourceDefinition] { store.definitions.values.sorted { $0.name < $1.name } }

    /// Strict field validation: refuses fields a custom kind's schema does not know (400).
    public func checkKnownFields(kind: ResourceKind, version: String, body: JSONValue) throws(StoreError) {
        try store.checkKnownFields(kind: kind, version: version, body: body)
    }

    /// Whether a write's `status` is kept: for a custom kind without the status subresource only
    /// (every built-in kind's status is its controller's).
    public func keepsWrittenStatus(_ kind: ResourceKind) -> Bool { definition(of: kind)?.keepsWrittenStatus ?? false }

    /// Creates an object (`kubectl create`, the create half of `apply`).
    @discardableResult
    public func createObject(kind: ResourceKind, namespace: String?, metadata: JSONValue, body: JSONValue,
                             manager: FieldManager? = nil) throws(StoreError) -> StoredObject {
        try ObjectControllers.all[kind]?.admit(namespace: kind.namespaced ? namespace ?? "default" : "", metadata: metadata, body: body, simulator: self)
        defer { reconcileObjects() }
        return try store.create(kind: kind, namespace: namespace, metadata: metadata, body: body, now: now, manager: manager)
    }

    /// Server-side apply (`kubectl apply --server-side`, an apply patch over the wire): creates or
    /// merges, refusing to change fields other managers own unless `force`.
    @discardableResult
    public func applyObject(_ key: ObjectStore.Key, metadata: JSONValue, body: JSONValue, manager: FieldManager,
                            force: Bool) throws(StoreError) -> (object: StoredObject, changed: Bool) {
        if store.get(key) == nil { try ObjectControllers.all[key.kind]?.admit(namespace: key.namespace, metadata: metadata, body: body, simulator: self) }
        defer { reconcileObjects() }
        return try store.apply(key, metadata: metadata, body: body, manager: manager, force: force, now: now)
    }

    /// Replaces an object's client-owned fields (`apply`, `patch`, `scale`, `label` …); whether anything changed.
    @discardableResult
    public func updateObject(_ key: ObjectStore.Key, metadata: JSONValue, body: JSONValue, expectedVersion: Int? = nil,
                             manager: FieldManager? = nil) throws(StoreError) -> (object: StoredObject, changed: Bool) {
        defer { reconcileObjects() }
        return try store.update(key, metadata: metadata, body: body, expectedVersion: expectedVersion, manager: manager, now: now)
    }

    /// Why a patch was refused: the patch itself (a JSON patch that does not apply) or the store.
    public enum PatchRefusal: Error, Sendable {
        case patch(ObjectPatch.Failure)
        case store(StoreError)
        /// A strategic merge patch to a custom object: its schema has no merge keys (415).
        case unsupportedMediaType

        /// The API server's words for a patch type the kind does not take.
        public static let unsupportedMessage = "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
    }

    /// Patches an object (`kubectl patch`, `label`, `set image`, a PATCH over the wire): the patch
    /// applied to its metadata and fields as one object, the result stored for `manager`.
    @discardableResult
    public func patchObject(_ key: ObjectStore.Key, with patch: JSONValue, kind: ObjectPatch.Kind,
                            manager: FieldManager) throws(PatchRefusal) -> (object: StoredObject, changed: Bool) {
        guard let current = object(key) else { throw .store(.notFound(kind: key.kind, name: key.name)) }
        if kind == .strategic, definition(of: key.kind) != nil { throw .unsupportedMediaType }
        let patched: JSONValue
        do { patched = try ObjectPatch.apply(kind, patch, to: current.whole) } catch { throw .patch(error) }
        let (metadata, body) = StoredObject.split(patched)
        do { return try updateObject(key, metadata: metadata, body: body, manager: manager) } catch { throw .store(error) }
    }

    /// Deletes an object and its dependents; what went.
    @discardableResult
    public func deleteObject(_ key: ObjectStore.Key) throws(StoreError) -> [StoredObject] {
        defer { reconcileObjects() }
        return try store.delete(key, now: now)
    }

    /// Stored objects of a kind.
    public func storedObjects(_ kind: ResourceKind, namespace: String? = nil) -> [StoredObject] {
        store.list(kind, namespace: namespace)
    }

    /// Hands each change since the last call to its kind's controller.
    func reconcileObjects() {
        let pending = store.changes(after: reconciledVersion)
        guard !pending.isEmpty else { return }
        reconciledVersion = store.resourceVersion
        for change in pending {
            let key = ObjectStore.Key(kind: change.object.kind, namespace: change.object.namespace, name: change.object.name)
            ObjectControllers.all[change.object.kind]?.reconcile(change.type == .deleted ? nil : change.object, key: key, simulator: self)
            for controller in ObjectControllers.watching[change.object.kind] ?? [] where change.type != .deleted {
                for owner in controller.owners(of: change.object, simulator: self) {
                    controller.reconcile(object(owner), key: owner, simulator: self)
                }
            }
        }
        writes += 1
        if !store.terminatingNamespaces.isEmpty { finishTerminatingNamespaces() }
        // New pods wait in the scheduler's queue: a pass places them.
        schedulingRequested = true
        flushScheduling()
        ensureTick()
    }

    // MARK: Workloads the controllers run

    /// Adds a workload, or brings an existing one to the new spec: replicas first (pods created or
    /// the newest deleted), then what later pods get.
    func upsertWorkload(_ workload: Workload) {
        let key = workload.key
        scheduler.noteWorkload(workload)
        if workloads[key] == nil {
            workloads[key] = workload
            workloadOrder.append(key)
            podsByWorkload[key] = podsByWorkload[key] ?? []
            disruptionBudgets.workloadsChanged()
            if workload.kind == .daemonSet {
                daemonSetKeys.append(key)
                reconcileDaemonSets()
            } else {
                reconcile(workload: key)
            }
            return
        }
        let labelsChanged = workloads[key]!.labels != workload.labels
        workloads[key] = workload
        if labelsChanged { disruptionBudgets.workloadsChanged() }
        if workload.kind == .daemonSet { reconcileDaemonSets() } else { reconcile(workload: key) }
    }

    /// Removes a workload and deletes its pods (with their grace period).
    func removeWorkload(_ key: String) {
        guard workloads[key] != nil else { return }
        workloads[key] = nil
        workloadOrder.removeAll { $0 == key }
        templateRevisions[key] = nil
        replicaSetSizes[key] = nil
        rollingOut.remove(key)
        jobs[key] = nil
        daemonSetKeys.removeAll { $0 == key }
        scheduler.forgetWorkload(key)
        disruptionBudgets.workloadsChanged()
        for id in podsByWorkload[key] ?? [] { terminatePod(id, forced: false, evicted: false) }
    }
}
