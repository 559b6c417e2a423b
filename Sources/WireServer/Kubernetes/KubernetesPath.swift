import Actions

/// Where a Kubernetes API path points: discovery, a collection, an object, or a subresource.
enum KubernetesPath: Equatable {
    case version
    case coreGroups            // /api
    case namedGroups           // /apis
    case groupVersion(group: String, version: String)
    case resource(group: String, version: String, namespace: String?, plural: String, name: String?, subresource: String?)
    /// `/openapi/v3` (nil) or one group version's document (`api/v1`, `apis/apps/v1`); other OpenAPI paths: `.unknown`.
    case openAPI(groupVersion: String?)
    /// `/openapi/v2`: the whole API in one Swagger 2.0 document.
    case openAPIV2
    case health
    case unknown

    init(_ path: String) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch segments.first {
        case "version": self = segments.count == 1 ? .version : .unknown
        case "healthz", "livez", "readyz": self = .health
        case "openapi":
            if segments.count == 2, segments[1] == "v2" { self = .openAPIV2; return }
            guard segments.count >= 2, segments[1] == "v3" else { self = .unknown; return }
            self = .openAPI(groupVersion: segments.count == 2 ? nil : segments.dropFirst(2).joined(separator: "/"))
        case "api":
            if segments.count == 1 { self = .coreGroups; return }
            self = Self.within(group: "", version: segments[1], Array(segments.dropFirst(2)))
        case "apis":
            if segments.count == 1 { self = .namedGroups; return }
            guard segments.count >= 3 else { self = .unknown; return }
            self = Self.within(group: segments[1], version: segments[2], Array(segments.dropFirst(3)))
        default: self = .unknown
        }
    }

    private static func within(group: String, version: String, _ rest: [String]) -> KubernetesPath {
        if rest.isEmpty { return .groupVersion(group: group, version: version) }
        // /namespaces/NS/PLURAL[/NAME[/SUB]] — but /namespaces and /namespaces/NAME are the Namespace objects.
        if rest[0] == "namespaces", rest.count >= 3 {
            guard rest.count <= 5 else { return .unknown }
            return .resource(group: group, version: version, namespace: rest[1], plural: rest[2],
                             name: rest.count > 3 ? rest[3] : nil, subresource: rest.count > 4 ? rest[4] : nil)
        }
        guard rest.count <= 3 else { return .unknown }
        return .resource(group: group, version: version, namespace: nil, plural: rest[0],
                         name: rest.count > 1 ? rest[1] : nil, subresource: rest.count > 2 ? rest[2] : nil)
    }
}
