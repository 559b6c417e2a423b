import Actions
import JSON

/// Just enough OpenAPI v3 for kubectl 1.29+: each writable kind's PATCH declares the
/// `fieldValidation` parameter, so kubectl leaves validation to the server (which the store does)
/// and `apply` needs no `--validate=false`. Without it kubectl refuses to apply ("failed to download
/// openapi"). The schemas themselves are not served: kubectl then computes apply patches from its
/// built-in types, as it does against any server whose OpenAPI lacks them.
enum KubernetesOpenAPI {
    /// A fixed hash: the documents change only with Workshop itself.
    static let hash = "0123456789ABCDEF"

    static func groupVersion(_ type: KubernetesResourceType) -> String {
        type.group.isEmpty ? "api/\(type.version)" : "apis/\(type.group)/\(type.version)"
    }

    static func root() -> JSONValue {
        var seen: [String] = []
        for type in KubernetesAPI.resourceTypes where !seen.contains(groupVersion(type)) { seen.append(groupVersion(type)) }
        return .object([("paths", .object(seen.map { ($0, .object([("serverRelativeURL", .string("/openapi/v3/\($0)?hash=\(hash)"))])) }))])
    }

    static func document(_ groupVersion: String) -> JSONValue? {
        let types = KubernetesAPI.resourceTypes.filter { Self.groupVersion($0) == groupVersion }
        guard !types.isEmpty else { return nil }
        let fieldValidation: JSONValue = .array([.object([("name", .string("fieldValidation")), ("in", .string("query")),
                                                          ("schema", .object([("type", .string("string"))]))])])
        var paths: [(key: String, value: JSONValue)] = []
        for type in types where type.verbs.contains("patch") {
            let path = "/\(groupVersion)\(type.namespaced ? "/namespaces/{namespace}" : "")/\(type.plural)/{name}"
            let gvk: JSONValue = .object([("group", .string(type.group)), ("version", .string(type.version)), ("kind", .string(type.kind))])
            paths.append((path, .object([("patch", .object([("x-kubernetes-group-version-kind", gvk), ("parameters", fieldValidation),
                                                            ("responses", .object([]))]))])))
        }
        return .object([("openapi", .string("3.0.0")), ("info", .object([("title", .string("Kubernetes")), ("version", .string("v1.32.1"))])),
                        ("paths", .object(paths))])
    }
}
