import Actions
import ClusterSim
import JSON

/// Just enough OpenAPI v3 for kubectl 1.29+: each writable kind's PATCH declares the
/// `fieldValidation` parameter, so kubectl leaves validation to the server (which the store does)
/// and `apply` needs no `--validate=false`. Without it kubectl refuses to apply ("failed to download
/// openapi"). The schemas themselves are not served: kubectl then computes apply patches from its
/// built-in types, as it does against any server whose OpenAPI lacks them.
enum KubernetesOpenAPI {
    /// A fixed hash for the built-in group versions, whose documents change only with Workshop
    /// itself; a custom kind's group version hashes its kinds (kubectl caches each document by URL).
    static let hash = "0123456789ABCDEF"

    static func hash(_ groupVersion: String, _ all: [KubernetesResourceType]) -> String {
        // Only custom kinds' types carry a store kind.
        let custom = all.filter { $0.storeKind != nil && Self.groupVersion($0) == groupVersion }
        guard !custom.isEmpty else { return hash }
        let hashed = StableHash.fnv1a(custom.map { "\($0.kind)/\($0.plural)/\($0.namespaced)" }.joined(separator: ","))
        return String(String(hashed, radix: 16, uppercase: true).suffix(16))
    }

    static func groupVersion(_ type: KubernetesResourceType) -> String {
        type.group.isEmpty ? "api/\(type.version)" : "apis/\(type.group)/\(type.version)"
    }

    static func root(_ all: [KubernetesResourceType]) -> JSONValue {
        var seen: [String] = []
        for type in all where !seen.contains(groupVersion(type)) { seen.append(groupVersion(type)) }
        return .object([("paths", .object(seen.map { ($0, .object([("serverRelativeURL", .string("/openapi/v3/\($0)?hash=\(hash($0, all))"))])) }))])
    }

    static func document(_ groupVersion: String, _ all: [KubernetesResourceType]) -> JSONValue? {
        let types = all.filter { Self.groupVersion($0) == groupVersion }
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
