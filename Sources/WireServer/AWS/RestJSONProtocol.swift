import Actions
import ClusterSim
import JSON

/// EKS's `rest-json` protocol: the operation is the method and path; path segments, query parameters
/// and the JSON body carry the members; errors are the HTTP status, an `x-amzn-ErrorType` header and
/// `{"message": …}`.
enum RestJSONProtocol {
    struct Route {
        var method: String
        /// Segments; `{member}` binds a request member.
        var template: [String]
        var operation: String

        init(_ method: String, _ path: String, _ operation: String) {
            self.method = method
            self.template = path.split(separator: "/").map(String.init)
            self.operation = operation
        }

        func bind(_ segments: [String]) -> [(String, JSONValue)]? {
            guard segments.count == template.count else { return nil }
            var members: [(String, JSONValue)] = []
            for (pattern, segment) in zip(template, segments) {
                if pattern.hasPrefix("{") {
                    members.append((String(pattern.dropFirst().dropLast()), .string(FormDecoding.decode(Substring(segment)))))
                } else if pattern != segment {
                    return nil
                }
            }
            return members
        }
    }

    /// The EKS operations as botocore's model places them (members named as the native operations name them).
    static let routes: [Route] = [
        Route("GET", "/clusters", "ListClusters"),
        Route("GET", "/clusters/{name}", "DescribeCluster"),
        Route("GET", "/clusters/{clusterName}/node-groups", "ListNodegroups"),
        Route("GET", "/clusters/{clusterName}/node-groups/{nodegroupName}", "DescribeNodegroup"),
        Route("POST", "/clusters/{clusterName}/node-groups/{nodegroupName}/update-version", "UpdateNodegroupVersion"),
        Route("POST", "/clusters/{clusterName}/node-groups/{nodegroupName}/update-config", "UpdateNodegroupConfig"),
        Route("GET", "/clusters/{name}/updates/{updateId}", "DescribeUpdate"),
        Route("GET", "/clusters/{name}/updates", "ListUpdates"),
        Route("POST", "/clusters/{name}/updates", "UpdateClusterVersion"),
        Route("GET", "/clusters/{clusterName}/addons", "ListAddons"),
        Route("GET", "/clusters/{clusterName}/addons/{addonName}", "DescribeAddon"),
        Route("POST", "/clusters/{clusterName}/addons/{addonName}/update", "UpdateAddon"),
        Route("POST", "/clusters/{clusterName}/addons", "CreateAddon"),
        Route("DELETE", "/clusters/{clusterName}/addons/{addonName}", "DeleteAddon"),
        Route("GET", "/addons/supported-versions", "DescribeAddonVersions"),
        Route("POST", "/clusters/{clusterName}/insights", "ListInsights"),
        Route("GET", "/clusters/{clusterName}/insights/{id}", "DescribeInsight"),
        // In botocore's model, not (yet) in the simulator: answered with an error that says so.
        Route("POST", "/clusters", "CreateCluster"),
        Route("DELETE", "/clusters/{name}", "DeleteCluster"),
        Route("POST", "/clusters/{clusterName}/node-groups", "CreateNodegroup"),
        Route("DELETE", "/clusters/{clusterName}/node-groups/{nodegroupName}", "DeleteNodegroup"),
    ]

    static func handle(_ request: WireRequest, host: SimulationHost, region: String) -> WireResponse {
        let segments = request.path.split(separator: "/").map(String.init)
        guard let (route, bound) = routes.lazy.compactMap({ route in route.method == request.method ? route.bind(segments).map { (route, $0) } : nil }).first else {
            return error(ServiceError(code: "UnknownOperationException", message: "Workshop's simulated EKS has no operation at \(request.method) \(request.path)", httpStatus: 404))
        }
        var members: [(key: String, value: JSONValue)] = bound.map { ($0.0, $0.1) }
        for (name, value) in FormDecoding.pairs(request.query) {
            // A list member (`types=a&types=b`) repeats its name; the path's members win.
            if let index = members.firstIndex(where: { $0.key == name }) {
                guard !bound.contains(where: { $0.0 == name }) else { continue }
                switch members[index].value {
                case .array(let items): members[index].value = .array(items + [.string(value)])
                default: members[index].value = .array([members[index].value, .string(value)])
                }
            } else {
                members.append((name, .string(value)))
            }
        }
        if !request.body.isEmpty {
            let body: JSONValue
            do {
                body = try JSONParser.parse(String(decoding: request.body, as: UTF8.self))
            } catch {
                return self.error(ServiceError(code: "SerializationException", message: "The request body is not valid JSON: \(error)", httpStatus: 400))
            }
            guard case .object(let pairs) = body else {
                return self.error(ServiceError(code: "SerializationException", message: "The request body must be a JSON object", httpStatus: 400))
            }
            for pair in pairs where !members.contains(where: { $0.key == pair.key }) { members.append(pair) }
        }
        guard AWSServiceAPI.supports(service: "eks", operation: route.operation) else {
            return error(ServiceError(code: "InvalidRequestException",
                                      message: "\(route.operation) is not available in Workshop's simulated EKS yet", httpStatus: 400))
        }
        let result = host.access { simulator in
            AWSServiceAPI.call(service: "eks", operation: route.operation, input: .object(members), simulator: simulator, region: region)
        }
        switch result {
        case .success(let reply): return .json(200, JSONSerializer.compact(reply))
        case .failure(let failure): return error(failure)
        }
    }

    static func error(_ error: ServiceError) -> WireResponse {
        .json(error.httpStatus, JSONSerializer.compact(.object([("message", .string(error.message))])),
              extraHeaders: [("x-amzn-ErrorType", error.code)])
    }
}
