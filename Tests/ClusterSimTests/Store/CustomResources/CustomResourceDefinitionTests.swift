@testable import ClusterSim
import JSON
import Testing

/// A stored CustomResourceDefinition serves its kind: manifests may name it, its objects are
/// pruned, defaulted and validated against its schema, and they go when it goes.
@Suite struct CustomResourceDefinitionTests {
    static let definition = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          names: {kind: Widget, plural: widgets, shortNames: [wd]}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [size]
                    properties:
                      size: {type: integer, minimum: 1, maximum: 10}
                      color: {type: string, enum: [red, blue], default: red}
                      name: {type: string, minLength: 3, pattern: '^[a-z]+$'}
                      tags: {type: array, maxItems: 2, items: {type: string}}
                      extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """

    static func manifest(_ yaml: String) throws -> (metadata: JSONValue, body: JSONValue) {
        let object = try #require(try ManifestDecoder.documents(yaml).first)
        return StoredObject.split(object)
    }

    /// A store holding the Widget definition and the `default` namespace.
    static func store() throws -> ObjectStore {
        var store = ObjectStore()
        try store.create(kind: ResourceKinds.namespace, namespace: nil, metadata: .object([("name", .string("default"))]), body: .object([]), now: .zero)
        let (metadata, body) = try manifest(definition)
        try store.create(kind: ResourceKinds.customResourceDefinition, namespace: nil, metadata: metadata, body: body, now: .zero)
        return store
    }

    static func widget(_ spec: String) throws -> (metadata: JSONValue, body: JSONValue) {
        try manifest("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\nspec: \(spec)\n")
    }

    @Test func aDefinitionServesItsKindByManifestAndByEveryName() throws {
        let store = try Self.store()
        let kind = try #require(store.kind(apiVersion: "example.com/v1", kind: "Widget"))
        #expect(kind.qualifiedPlural == "widgets.example.com" && kind.namespaced)
        for word in ["widgets", "widget", "wd", "widgets.example.com"] { #expect(store.kind(named: word) == kind) }
        #expect(store.kind(apiVersion: "example.com/v2", kind: "Widget") == nil)
        #expect(ObjectStore().kind(apiVersion: "example.com/v1", kind: "Widget") == nil)
    }

    @Test func objectsArePrunedDefaultedAndTheUnknownFieldsNamed() throws {
        var store = try Self.store()
        let kind = try #require(store.kind(named: "widget"))
        let (metadata, body) = try Self.widget("{size: 3, colour: blue, extra: {anything: [1]}}")
        #expect(store.unknownFields(kind: kind, body: body) == ["spec.colour"])
        let stored = try store.create(kind: kind, namespace: "default", metadata: metadata, body: body, now: .zero)
        // The unknown field is gone, the default is in, the preserved object is kept whole.
        #expect(stored.body["spec"]?["colour"] == nil)
        #expect(stored.body["spec"]?["color"] == .string("red"))
        #expect(stored.body["spec"]?["extra"]?["anything"] == .array([.int(1)]))
    }

    @Test func invalidObjectsAreRefusedWithKubeOpenAPIsWords() throws {
        var store = try Self.store()
        let kind = try #require(store.kind(named: "widget"))
        let (metadata, body) = try Self.widget("{size: 30, color: pink, name: ab, tags: [a, b, c]}")
        #expect(throws: StoreError.invalid(kind: kind, name: "w1", causes: [
            .init(field: "spec.color", message: "Unsupported value: \"pink\": supported values: \"red\", \"blue\""),
            .init(field: "spec.name", message: "Invalid value: \"ab\": spec.name in body should be at least 3 chars long"),
            .init(field: "spec.size", message: "Invalid value: 30: spec.size in body should be less than or equal to 10"),
            .init(field: "spec.tags", message: "Too many: 3: must have at most 2 items"),
        ])) {
            try store.create(kind: kind, namespace: "default", metadata: metadata, body: body, now: .zero)
        }
        let (_, typed) = try Self.widget("{size: big, name: Abc}")
        #expect(throws: StoreError.invalid(kind: kind, name: "w1", causes: [
            .init(field: "spec.name", message: "Invalid value: \"Abc\": spec.name in body should match '^[a-z]+$'"),
            .init(field: "spec.size", message: "Invalid value: \"string\": spec.size in body must be of type integer: \"string\""),
        ])) {
            try store.create(kind: kind, namespace: "default", metadata: metadata, body: typed, now: .zero)
        }
        let (_, missing) = try Self.widget("{color: blue}")
        #expect(throws: StoreError.invalid(kind: kind, name: "w1", causes: [.init(field: "spec.size", message: "Required value")])) {
            try store.create(kind: kind, namespace: "default", metadata: metadata, body: missing, now: .zero)
        }
        #expect(store.list(kind).isEmpty)
    }

    @Test func deletingTheDefinitionDeletesItsObjectsAndItsKind() throws {
        var store = try Self.store()
        let kind = try #require(store.kind(named: "widget"))
        let (metadata, body) = try Self.widget("{size: 3}")
        try store.create(kind: kind, namespace: "default", metadata: metadata, body: body, now: .zero)
        let gone = try store.delete(ObjectStore.Key(kind: ResourceKinds.customResourceDefinition, namespace: nil, name: "widgets.example.com"))
        // Its objects first (the definition is Terminating meanwhile), then the definition.
        #expect(gone.map(\.name) == ["w1", "widgets.example.com"])
        #expect(store.kind(named: "widgets") == nil)
        #expect(store.list(kind).isEmpty)
    }

    @Test func aDefinitionIsCheckedAsTheAPIServerChecksIt() throws {
        var store = ObjectStore()
        let (metadata, body) = try Self.manifest("""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: gadgets.example}
            spec:
              group: example
              names: {kind: Widget, plural: widgets}
              scope: Everywhere
              versions: [{name: v1, served: true, storage: false}]
            """)
        let kind = ResourceKinds.customResourceDefinition
        do {
            try store.create(kind: kind, namespace: nil, metadata: metadata, body: body, now: .zero)
            Issue.record("an invalid definition was stored")
        } catch {
            guard case .invalid(_, _, let causes) = error else { throw error }
            #expect(causes.map(\.field) == ["metadata.name", "spec.group", "spec.scope", "spec.versions[0].schema.openAPIV3Schema", "spec.versions"])
            #expect(causes[0].message == "Invalid value: \"gadgets.example\": must be spec.names.plural+\".\"+spec.group")
            #expect(causes[1].message == "Invalid value: \"example\": should be a domain with at least one dot")
            #expect(causes[2].message == "Unsupported value: \"Everywhere\": supported values: \"Cluster\", \"Namespaced\"")
        }
        #expect(store.count == 0)
        // Once served, its scope and names stay.
        var serving = try Self.store()
        let key = ObjectStore.Key(kind: kind, namespace: nil, name: "widgets.example.com")
        let stored = try #require(serving.get(key))
        let clusterScoped = ObjectPatch.merge(stored.body, .object([("spec", .object([("scope", .string("Cluster"))]))]))
        #expect(throws: StoreError.invalid(kind: kind, name: "widgets.example.com", causes: [
            .init(field: "spec.scope", message: "Invalid value: \"Cluster\": field is immutable"),
        ])) {
            try serving.update(key, metadata: stored.metadata, body: clusterScoped)
        }
    }

    @Test func aNewStorageVersionTakesTheObjectsAlong() throws {
        var store = try Self.store()
        let v1 = try #require(store.kind(named: "widget"))
        let (metadata, body) = try Self.widget("{size: 3}")
        try store.create(kind: v1, namespace: "default", metadata: metadata, body: body, now: .zero)
        let key = ObjectStore.Key(kind: ResourceKinds.customResourceDefinition, namespace: nil, name: "widgets.example.com")
        let stored = try #require(store.get(key))
        let schema = try #require(stored.body["spec"]?["versions"]?.elements.first?["schema"])
        let versions = JSONValue.array([
            .object([("name", .string("v1")), ("served", .bool(true)), ("storage", .bool(false)), ("schema", schema)]),
            .object([("name", .string("v2")), ("served", .bool(true)), ("storage", .bool(true)), ("schema", schema)]),
        ])
        try store.update(key, metadata: stored.metadata, body: ObjectPatch.merge(stored.body, .object([("spec", .object([("versions", versions)]))])))
        let v2 = try #require(store.kind(apiVersion: "example.com/v1", kind: "Widget"))
        #expect(v2.version == "v2")
        #expect(store.list(v2).map(\.name) == ["w1"])
        #expect(store.kind(apiVersion: "example.com/v2", kind: "Widget") == v2)
    }
}
