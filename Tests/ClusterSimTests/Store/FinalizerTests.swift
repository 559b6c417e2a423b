import JSON
import Testing
@testable import ClusterSim

/// Deletion as the API server does it when finalizers are involved: an object they hold stays with
/// its `deletionTimestamp` until the last one is removed, takes no new ones meanwhile, and blocks a
/// new object of its name; a namespace turns Terminating and refuses new content; a definition waits
/// for its kind's objects. The store's promises hold on random writes that add and remove finalizers.
@Suite struct FinalizerTests {
    static let kind = ResourceKinds.configMap

    static func metadata(_ name: String, finalizers: [String] = [], owner: String? = nil) -> JSONValue {
        var fields: [(key: String, value: JSONValue)] = [("name", .string(name))]
        if !finalizers.isEmpty { fields.append(("finalizers", .array(finalizers.map { .string($0) }))) }
        if let owner { fields.append(("ownerReferences", .array([.object([("uid", .string(owner))])]))) }
        return .object(fields)
    }

    static func key(_ name: String, namespace: String = "default") -> ObjectStore.Key {
        ObjectStore.Key(kind: kind, namespace: namespace, name: name)
    }

    @Test(arguments: [11, 12, 13, 14, 15, 16] as [UInt64])
    func invariantsHoldWhenFinalizersComeAndGo(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        var store = ObjectStore()
        var lastVersion = 0
        for step in 0..<400 {
            let live = store.list(Self.kind)
            let before = store
            let pick = { live[Int(generator.next() % UInt64(live.count))] }
            switch generator.next() % 5 {
            case 0, 1:
                let owner = live.isEmpty || generator.next() % 2 == 0 ? nil : pick().uid
                let finalizers = generator.next() % 3 == 0 ? ["example.com/f\(generator.next() % 2)"] : []
                do {
                    try store.create(kind: Self.kind, namespace: "default", metadata: Self.metadata("cm-\(generator.next() % 40)", finalizers: finalizers, owner: owner),
                                     body: .object([("data", .object([("n", .string(String(step)))]))]), now: .seconds(Double(step))) { _ in true }
                } catch {
                    #expect(error.reason == "AlreadyExists")
                    #expect(store.changes.count == before.changes.count, "a refused create changed the store")
                }
            case 2 where !live.isEmpty:
                // A controller finishing its work: one finalizer fewer (or one more, refused while terminating).
                let object = pick()
                let adding = generator.next() % 4 == 0 && !object.finalizers.contains("example.com/late")
                let finalizers = adding ? object.finalizers + ["example.com/late"] : Array(object.finalizers.dropFirst())
                let metadata = ObjectPatch.merge(object.metadata, .object([("finalizers", finalizers.isEmpty ? .null : .array(finalizers.map { .string($0) }))]))
                do {
                    try store.update(Self.key(object.name), metadata: metadata, body: object.body)
                    #expect(!(adding && object.isTerminating), "a terminating object took a new finalizer")
                } catch {
                    #expect(adding && object.isTerminating && error.reason == "Invalid")
                    #expect(store.changes.count == before.changes.count)
                }
            case 3 where !live.isEmpty, 4 where !live.isEmpty:
                try store.delete(Self.key(pick().name), now: .seconds(Double(step)))
            default: break
            }
            for change in store.changes.dropFirst(before.changes.count) {
                #expect(change.resourceVersion > lastVersion)
                lastVersion = change.resourceVersion
            }
            let objects = store.list(Self.kind)
            let uids = Set(objects.map(\.uid))
            // Only finalizers keep an object whose deletion began, or whose owner went.
            #expect(objects.allSatisfy { !$0.isTerminating || !$0.finalizers.isEmpty }, "a terminating object without finalizers was left")
            #expect(objects.allSatisfy { $0.ownerUIDs.allSatisfy(uids.contains) || $0.isTerminating }, "a dependent outlived its owner unheld")
        }
        // The watch still rebuilds exactly what is stored.
        var replayed: [String: StoredObject] = [:]
        for change in store.changes(after: 0) {
            if change.type == .deleted { replayed[change.object.name] = nil } else { replayed[change.object.name] = change.object }
        }
        #expect(replayed.values.sorted { $0.name < $1.name } == store.list(Self.kind))
    }

    @Test func anObjectHeldByAFinalizerGoesWhenTheLastIsRemovedAndTakesItsDependents() throws {
        var store = ObjectStore()
        let held = try store.create(kind: Self.kind, namespace: "default", metadata: Self.metadata("held", finalizers: ["example.com/a", "example.com/b"]),
                                    body: .object([]), now: .zero) { _ in true }
        try store.create(kind: Self.kind, namespace: "default", metadata: Self.metadata("child", owner: held.uid), body: .object([]), now: .zero) { _ in true }
        let first = try store.delete(Self.key("held"), now: .seconds(5))
        #expect(first.isEmpty)
        let terminating = try #require(store.get(Self.key("held")))
        #expect(terminating.deletionStarted == .seconds(5) && terminating.resourceVersion > held.resourceVersion)
        #expect(store.changes.last?.type == .modified)
        // A second delete changes nothing; the dependent stays while its owner does.
        let version = store.resourceVersion
        let second = try store.delete(Self.key("held"), now: .seconds(9))
        #expect(second.isEmpty)
        #expect(store.resourceVersion == version && store.get(Self.key("child")) != nil)
        // A new object of that name waits for the old one to go.
        #expect(throws: StoreError.beingDeleted(kind: Self.kind, name: "held")) {
            try store.create(kind: Self.kind, namespace: "default", metadata: Self.metadata("held"), body: .object([]), now: .zero) { _ in true }
        }
        #expect(StoreError.beingDeleted(kind: Self.kind, name: "held").message == "object is being deleted: configmaps \"held\" already exists")
        // No new finalizer while it is going: the API server's words, the store unchanged.
        do {
            try store.update(Self.key("held"), metadata: Self.metadata("held", finalizers: ["example.com/a", "example.com/b", "example.com/c", "example.com/0"]),
                             body: .object([]))
            Issue.record("a terminating object took new finalizers")
        } catch {
            #expect(error.message == #"ConfigMap "held" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/0", "example.com/c"}"#)
        }
        #expect(store.resourceVersion == version)
        // One removed: still there, still terminating.
        let fewer = try store.update(Self.key("held"), metadata: Self.metadata("held", finalizers: ["example.com/b"]), body: .object([]))
        #expect(fewer.object.isTerminating)
        // The last removed: it goes, and the garbage collector takes its dependent.
        try store.update(Self.key("held"), metadata: Self.metadata("held"), body: .object([]))
        #expect(store.get(Self.key("held")) == nil && store.get(Self.key("child")) == nil)
        #expect(store.changes.suffix(2).map(\.type) == [.deleted, .deleted])
    }

    @Test func aTerminatingNamespaceRefusesNewContentAndWaitsForWhatFinalizersHold() throws {
        var store = ObjectStore()
        try store.create(kind: ResourceKinds.namespace, namespace: nil, metadata: .object([("name", .string("shop"))]), body: .object([]), now: .zero) { _ in true }
        try store.create(kind: Self.kind, namespace: "shop", metadata: Self.metadata("plain"), body: .object([]), now: .zero) { _ in true }
        try store.create(kind: Self.kind, namespace: "shop", metadata: Self.metadata("held", finalizers: ["example.com/a"]), body: .object([]), now: .zero) { _ in true }
        let gone = try store.delete(ObjectStore.Key(kind: ResourceKinds.namespace, namespace: nil, name: "shop"), now: .seconds(3))
        #expect(gone.map(\.name) == ["plain"])
        let namespace = try #require(store.get(ObjectStore.Key(kind: ResourceKinds.namespace, namespace: nil, name: "shop")))
        #expect(namespace.isTerminating && namespace.body["status"]?["phase"] == .string("Terminating"))
        #expect(store.terminatingObjects(namespace: "shop").map(\.name) == ["held"])
        do {
            try store.create(kind: ResourceKinds.secret, namespace: "shop", metadata: .object([("name", .string("s"))]), body: .object([]), now: .zero) { _ in true }
            Issue.record("a terminating namespace took new content")
        } catch {
            #expect(error.message == "secrets \"s\" is forbidden: unable to create new content in namespace shop because it is being terminated")
            #expect(error.code == 403)
        }
        let early = store.finishNamespace("shop")
        #expect(!early, "a namespace went while an object in it was held")
        try store.update(Self.key("held", namespace: "shop"), metadata: Self.metadata("held"), body: .object([]))
        let finished = store.finishNamespace("shop")
        #expect(finished && store.count == 0)
    }

    @Test func aDefinitionWaitsForItsKindsHeldObjects() throws {
        var store = ObjectStore()
        let definition: JSONValue = .object([("spec", .object([
            ("group", .string("example.com")), ("scope", .string("Namespaced")),
            ("names", .object([("plural", .string("widgets")), ("singular", .string("widget")), ("kind", .string("Widget"))])),
            ("versions", .array([.object([("name", .string("v1")), ("served", .bool(true)), ("storage", .bool(true)),
                                          ("schema", .object([("openAPIV3Schema", .object([("type", .string("object")),
                                                                                            ("x-kubernetes-preserve-unknown-fields", .bool(true))]))]))])])),
        ]))])
        try store.create(kind: ResourceKinds.customResourceDefinition, namespace: nil, metadata: .object([("name", .string("widgets.example.com"))]),
                         body: definition, now: .zero) { _ in true }
        let widget = try #require(store.kind(apiVersion: "example.com/v1", kind: "Widget"))
        try store.create(kind: widget, namespace: "default", metadata: Self.metadata("w", finalizers: ["example.com/cleanup"]), body: .object([]), now: .zero) { _ in true }
        let crd = ObjectStore.Key(kind: ResourceKinds.customResourceDefinition, namespace: nil, name: "widgets.example.com")
        try store.delete(crd, now: .seconds(1))
        #expect(store.get(crd)?.isTerminating == true && store.kind(apiVersion: "example.com/v1", kind: "Widget") != nil,
                "the kind is served while its objects are finalized")
        let w = ObjectStore.Key(kind: widget, namespace: "default", name: "w")
        #expect(store.get(w)?.isTerminating == true)
        try store.update(w, metadata: Self.metadata("w"), body: .object([]))
        #expect(store.get(w) == nil && store.get(crd) == nil && store.kind(apiVersion: "example.com/v1", kind: "Widget") == nil)
    }

    @Test func claimsAndVolumesAreAdmittedWithTheirProtectionFinalizers() throws {
        var store = ObjectStore()
        let claim = try store.create(kind: ResourceKinds.persistentVolumeClaim, namespace: "default", metadata: .object([("name", .string("data"))]),
                                     body: .object([("spec", .object([("accessModes", .array([.string("ReadWriteOnce")])),
                                                                      ("resources", .object([("requests", .object([("storage", .string("1Gi"))]))]))]))]),
                                     now: .zero) { _ in true }
        #expect(claim.finalizers == ["kubernetes.io/pvc-protection"])
        let volume = try store.create(kind: ResourceKinds.persistentVolume, namespace: nil,
                                      metadata: Self.metadata("pv", finalizers: ["external-provisioner.volume.kubernetes.io/finalizer"]),
                                      body: .object([("spec", .object([("accessModes", .array([.string("ReadWriteOnce")])),
                                                                       ("capacity", .object([("storage", .string("1Gi"))])),
                                                                       ("hostPath", .object([("path", .string("/data"))]))]))]),
                                      now: .zero) { _ in true }
        #expect(volume.finalizers == ["external-provisioner.volume.kubernetes.io/finalizer", "kubernetes.io/pv-protection"])
    }
}
