import Actions
import JSON

/// Discovery: `/version`, the aggregated `/api` and `/apis` (v2 or v2beta1, as the client asks), their
/// legacy forms, and each group version's resource list (which `kubectl drain` reads to find
/// `pods/eviction`).
enum KubernetesDiscovery {
    static func version(_ info: (major: String, minor: String, gitVersion: String)) -> JSONValue {
        .object([("major", .string(info.major)), ("minor", .string(info.minor)), ("gitVersion", .string(info.gitVersion)),
                 ("gitCommit", .string("3cfe0ce1e1b2b3a4c5d6e7f8a9b0c1d2e3f4a5b6")), ("gitTreeState", .string("clean")),
                 ("buildDate", .string("2025-01-01T00:00:00Z")), ("goVersion", .string("go1.23.4")), ("compiler", .string("gc")),
                 ("platform", .string("linux/amd64"))])
    }

    /// The aggregated-discovery version the client accepts (`v2`, `v2beta1`), if any.
    static func aggregatedVersion(accept: String?) -> String? {
        guard let accept, accept.contains("as=APIGroupDiscoveryList") else { return nil }
        if accept.contains("g=apidiscovery.k8s.io;v=v2;") || accept.contains("g=apidiscovery.k8s.io;v=v2,") || accept.hasSuffix("v=v2") { return "v2" }
        if accept.contains("v=v2beta1") { return "v2beta1" }
        return nil
    }

    static func aggregatedContentType(_ version: String) -> String {
        "application/json;g=apidiscovery.k8s.io;v=\(version);as=APIGroupDiscoveryList"
    }

    static func aggregated(core: Bool, version: String, types all: [KubernetesResourceType]) -> JSONValue {
        let groups = core ? [""] : KubernetesAPI.groups(all)
        return .object([
            ("kind", .string("APIGroupDiscoveryList")), ("apiVersion", .string("apidiscovery.k8s.io/\(version)")), ("metadata", .object([])),
            ("items", .array(groups.map { group in
                let types = all.filter { $0.group == group }
                var versions: [String] = []
                for type in types where !versions.contains(type.version) { versions.append(type.version) }
                return .object([
                    ("metadata", .object([("name", .string(group))])),
                    ("versions", .array(versions.map { served in .object([
                        ("version", .string(served)), ("freshness", .string("Current")),
                        ("resources", .array(types.filter { $0.version == served }.map { type in
                            var fields: [(key: String, value: JSONValue)] = [
                                ("resource", .string(type.plural)),
                                ("responseKind", .object([("group", .string(type.group)), ("version", .string(type.version)), ("kind", .string(type.kind))])),
                                ("scope", .string(type.namespaced ? "Namespaced" : "Cluster")), ("singularResource", .string(type.singular)),
                                ("verbs", .array(type.verbs.map { .string($0) })),
                            ]
                            if !type.shortNames.isEmpty { fields.append(("shortNames", .array(type.shortNames.map { .string($0) }))) }
                            if !type.categories.isEmpty { fields.append(("categories", .array(type.categories.map { .string($0) }))) }
                            if !type.subresources.isEmpty {
                                fields.append(("subresources", .array(type.subresources.map { sub in
                                    .object([("subresource", .string(sub.name)),
                                             ("responseKind", .object([("group", .string(sub.group)), ("version", .string(sub.version)), ("kind", .string(sub.kind))])),
                                             ("verbs", .array(sub.verbs.map { .string($0) }))])
                                })))
                            }
                            return .object(fields)
                        })),
                    ]) })),
                ])
            })),
        ])
    }

    static func legacyCore(serverAddress: String) -> JSONValue {
        .object([("kind", .string("APIVersions")), ("versions", .array([.string("v1")])),
                 ("serverAddressByClientCIDRs", .array([.object([("clientCIDR", .string("0.0.0.0/0")), ("serverAddress", .string(serverAddress))])]))])
    }

    static func legacyGroups(_ all: [KubernetesResourceType]) -> JSONValue {
        .object([("kind", .string("APIGroupList")), ("apiVersion", .string("v1")),
                 ("groups", .array(KubernetesAPI.groups(all).map { group in
                     var versions: [String] = []
                     for type in all where type.group == group && !versions.contains(type.version) { versions.append(type.version) }
                     let listed = versions.map { JSONValue.object([("groupVersion", .string("\(group)/\($0)")), ("version", .string($0))]) }
                     return .object([("name", .string(group)), ("versions", .array(listed)), ("preferredVersion", listed[0])])
                 }))])
    }

    /// `/api/v1`, `/apis/apps/v1`: nil when the group version is not served.
    static func resourceList(group: String, version: String, types all: [KubernetesResourceType]) -> JSONValue? {
        let types = all.filter { $0.group == group && $0.version == version }
        guard !types.isEmpty else { return nil }
        var resources: [JSONValue] = []
        for type in types {
            var fields: [(key: String, value: JSONValue)] = [
                ("name", .string(type.plural)), ("singularName", .string(type.singular)), ("namespaced", .bool(type.namespaced)),
                ("kind", .string(type.kind)), ("verbs", .array(type.verbs.map { .string($0) })),
            ]
            if !type.shortNames.isEmpty { fields.append(("shortNames", .array(type.shortNames.map { .string($0) }))) }
            if !type.categories.isEmpty { fields.append(("categories", .array(type.categories.map { .string($0) }))) }
            resources.append(.object(fields))
            for sub in type.subresources {
                resources.append(.object([("name", .string("\(type.plural)/\(sub.name)")), ("singularName", .string("")),
                                          ("namespaced", .bool(type.namespaced)), ("group", .string(sub.group)), ("version", .string(sub.version)),
                                          ("kind", .string(sub.kind)), ("verbs", .array(sub.verbs.map { .string($0) }))]))
            }
        }
        return .object([("kind", .string("APIResourceList")), ("apiVersion", .string("v1")),
                        ("groupVersion", .string(group.isEmpty ? version : "\(group)/\(version)")), ("resources", .array(resources))])
    }
}
