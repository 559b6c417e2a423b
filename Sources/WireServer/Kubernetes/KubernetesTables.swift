import Actions
import JSON

/// `meta.k8s.io/v1` Tables: what the API server sends when kubectl asks `as=Table` — the columns and
/// the cells, computed on the server, and each row's object as PartialObjectMetadata.
enum KubernetesTables {
    static func columnDefinitions(_ type: KubernetesResourceType) -> JSONValue {
        .array(KubernetesAPI.columns(type).map { column in
            .object([("name", .string(column.name)), ("type", .string("string")), ("format", .string(column.name == "Name" ? "name" : "")),
                     ("description", .string(column.name)), ("priority", .int(column.priority))])
        })
    }

    static func table(_ type: KubernetesResourceType, rows: [([String], JSONValue)], resourceVersion: Int) -> JSONValue {
        .object([
            ("kind", .string("Table")), ("apiVersion", .string("meta.k8s.io/v1")),
            ("metadata", .object([("resourceVersion", .string(String(resourceVersion)))])),
            ("columnDefinitions", columnDefinitions(type)),
            ("rows", .array(rows.map { cells, json in
                .object([("cells", .array(cells.map { .string($0) })), ("object", partialObjectMetadata(json))])
            })),
        ])
    }

    static func partialObjectMetadata(_ json: JSONValue) -> JSONValue {
        var metadata: [(key: String, value: JSONValue)] = []
        if case .object(let pairs)? = json["metadata"] {
            metadata = pairs.filter { ["name", "namespace", "uid", "resourceVersion", "creationTimestamp", "labels", "deletionTimestamp"].contains($0.key) }
        }
        return .object([("kind", .string("PartialObjectMetadata")), ("apiVersion", .string("meta.k8s.io/v1")), ("metadata", .object(metadata))])
    }
}
