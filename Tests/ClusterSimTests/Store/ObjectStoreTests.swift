import JSON
import Testing
@testable import ClusterSim

/// The store's promises, on random sequences of writes: versions only grow, a watch from any
/// version replays every later change once and in order, deleting an owner leaves no dependent
/// behind, and a refused write changes nothing.
@Suite struct ObjectStoreTests {
    static func configMap(_ name: String, owner: String? = nil, data: Int = 0) -> (JSONValue, JSONValue) {
        var metadata: [(key: String, value: JSONValue)] = [("name", .string(name))]
        if let owner { metadata.append(("ownerReferences", .array([.object([("uid", .string(owner))])]))) }
        return (.object(metadata), .object([("data", .object([("n", .string(String(data)))]))]))
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func invariantsHoldOnRandomWrites(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        var store = ObjectStore()
        let kind = ResourceKinds.configMap
        var lastVersion = 0
        for step in 0..<400 {
            let names = store.list(kind).map(\.name)
            let before = store
            switch generator.next() % 4 {
            case 0, 1:
                let owner = names.isEmpty || generator.next() % 2 == 0 ? nil : store.list(kind)[Int(generator.next() % UInt64(names.count))].uid
                let (metadata, body) = Self.configMap("cm-\(generator.next() % 60)", owner: owner, data: step)
                do { try store.create(kind: kind, namespace: "default", metadata: metadata, body: body, now: .zero) { _ in true } } catch {
                    #expect(error.reason == "AlreadyExists")
                    #expect(store.changes.count == before.changes.count, "a refused create changed the store")
                }
            case 2 where !names.isEmpty:
                let name = names[Int(generator.next() % UInt64(names.count))]
                let key = ObjectStore.Key(kind: kind, namespace: "default", name: name)
                let stale = generator.next() % 5 == 0
                let current = store.get(key)!
                let (_, body) = Self.configMap(name, data: step)
                do {
                    try store.update(key, metadata: current.metadata, body: body, expectedVersion: stale ? current.resourceVersion - 1 : current.resourceVersion)
                    #expect(!stale)
                } catch {
                    #expect(stale && error.reason == "Conflict")
                    #expect(store.changes.count == before.changes.count)
                }
            case 3 where !names.isEmpty:
                let name = names[Int(generator.next() % UInt64(names.count))]
                try store.delete(ObjectStore.Key(kind: kind, namespace: "default", name: name))
            default: break
            }
            // Versions strictly increase.
            for change in store.changes.dropFirst(before.changes.count) {
                #expect(change.resourceVersion > lastVersion)
                lastVersion = change.resourceVersion
            }
            // No object names an owner that is gone.
            let uids = Set(store.list(kind).map(\.uid))
            #expect(store.list(kind).allSatisfy { $0.ownerUIDs.allSatisfy(uids.contains) }, "an orphan survived its owner's deletion")
        }
        // Replaying the watch from any point rebuilds exactly what is stored.
        for start in [0, store.changes.count / 2] {
            let from = start == 0 ? 0 : store.changes[start - 1].resourceVersion
            var replayed: [String: StoredObject] = [:]
            for object in (start == 0 ? [] : Self.state(at: from, store)) { replayed[object.name] = object }
            for change in store.changes(after: from) {
                if change.type == .deleted { replayed[change.object.name] = nil } else { replayed[change.object.name] = change.object }
            }
            #expect(replayed.values.sorted { $0.name < $1.name } == store.list(kind))
        }
    }

    /// The objects as they stood at `version`, from the whole log.
    static func state(at version: Int, _ store: ObjectStore) -> [StoredObject] {
        var objects: [String: StoredObject] = [:]
        for change in store.changes where change.resourceVersion <= version {
            if change.type == .deleted { objects[change.object.name] = nil } else { objects[change.object.name] = change.object }
        }
        return Array(objects.values)
    }

    @Test func generationCountsSpecChangesAndAnIdenticalWriteChangesNothing() throws {
        var store = ObjectStore()
        let kind = ResourceKinds.podDisruptionBudget
        let metadata: JSONValue = .object([("name", .string("ui"))])
        let spec: (Int) -> JSONValue = { .object([("spec", .object([("minAvailable", .int($0)), ("selector", .object([]))]))]) }
        let created = try store.create(kind: kind, namespace: "ui", metadata: metadata, body: spec(1), now: .zero) { _ in true }
        #expect(created.generation == 1)
        let key = ObjectStore.Key(kind: kind, namespace: "ui", name: "ui")
        #expect(try store.update(key, metadata: metadata, body: spec(1)).changed == false)
        #expect(store.resourceVersion == created.resourceVersion)
        let labelled = try store.update(key, metadata: .object([("name", .string("ui")), ("labels", .object([("a", .string("b"))]))]), body: spec(1)).object
        #expect(labelled.generation == 1 && labelled.resourceVersion > created.resourceVersion)
        #expect(try store.update(key, metadata: metadata, body: spec(2)).object.generation == 2)
    }

    @Test func refusalsSayWhatTheAPIServerSays() {
        var store = ObjectStore()
        #expect(throws: StoreError.namespaceNotFound("shop")) {
            try store.create(kind: ResourceKinds.deployment, namespace: "shop", metadata: .object([("name", .string("web"))]),
                             body: .object([("spec", .object([]))]), now: .zero)
        }
        do {
            try store.create(kind: ResourceKinds.deployment, namespace: "default", metadata: .object([("name", .string("web"))]),
                             body: .object([("spec", .object([("selector", .object([("matchLabels", .object([("app", .string("web"))]))])),
                                                              ("template", .object([("metadata", .object([("labels", .object([("app", .string("api"))]))]))]))]))]),
                             now: .zero) { _ in true }
            Issue.record("an invalid Deployment was stored")
        } catch {
            // Several causes: kubectl lists them a line each (the real kubectl's words, seen over the wire).
            #expect(error.kubectlInvalidMessage == "The Deployment \"web\" is invalid: \n* spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"api\"}: `selector` does not match template `labels`\n* spec.template.spec.containers: Required value")
            #expect(error.message == "Deployment.apps \"web\" is invalid: [spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"api\"}: `selector` does not match template `labels`, spec.template.spec.containers: Required value]")
        }
        #expect(store.count == 0)
    }

    @Test func deletingANamespaceTakesItsObjectsAndTheirDependents() throws {
        var store = ObjectStore()
        try store.create(kind: ResourceKinds.namespace, namespace: nil, metadata: .object([("name", .string("shop"))]), body: .object([]), now: .zero)
        let parent = try store.create(kind: ResourceKinds.configMap, namespace: "shop", metadata: .object([("name", .string("a"))]), body: .object([]), now: .zero)
        let (metadata, body) = Self.configMap("b", owner: parent.uid)
        try store.create(kind: ResourceKinds.configMap, namespace: "default", metadata: metadata, body: body, now: .zero) { _ in true }
        let gone = try store.delete(ObjectStore.Key(kind: ResourceKinds.namespace, namespace: nil, name: "shop"))
        #expect(gone.map(\.name) == ["a", "b"])
        // Terminating until the namespace controller sees it empty.
        #expect(store.terminatingNamespaces == ["shop"] && store.count == 1)
        let finished = store.finishNamespace("shop")
        #expect(finished && store.count == 0 && store.terminatingNamespaces.isEmpty)
    }

    @Test func patchesApplyAsTheAPIServerAppliesThem() throws {
        let object: JSONValue = .object([("spec", .object([("minAvailable", .int(3)), ("selector", .object([("matchLabels", .object([("app", .string("x"))]))]))]))])
        #expect(ObjectPatch.merge(object, .object([("spec", .object([("minAvailable", .null), ("maxUnavailable", .int(1))]))]))["spec"]?["maxUnavailable"] == .int(1))
        #expect(ObjectPatch.merge(object, .object([("spec", .object([("minAvailable", .null)]))]))["spec"]?["minAvailable"] == nil)
        let patched = try ObjectPatch.json(object, .array([.object([("op", .string("replace")), ("path", .string("/spec/minAvailable")), ("value", .int(2))])]))
        #expect(patched["spec"]?["minAvailable"] == .int(2))
        #expect(throws: ObjectPatch.Failure.self) {
            try ObjectPatch.json(object, .array([.object([("op", .string("replace")), ("path", .string("/spec/nothing")), ("value", .int(2))])]))
        }
        let containers: JSONValue = .object([("containers", .array([.object([("name", .string("a")), ("image", .string("x:1"))]), .object([("name", .string("b")), ("image", .string("y:1"))])]))])
        let strategic = ObjectPatch.strategic(containers, .object([("containers", .array([.object([("name", .string("b")), ("image", .string("y:2"))])]))]))
        #expect(strategic["containers"] == .array([.object([("name", .string("a")), ("image", .string("x:1"))]), .object([("name", .string("b")), ("image", .string("y:2"))])]))
    }
}
