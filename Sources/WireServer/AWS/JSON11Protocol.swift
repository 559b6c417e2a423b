import Actions
import ClusterSim
import JSON

/// SSM's `json` 1.1 protocol: `POST /` with `X-Amz-Target: AmazonSSM.<Operation>` and the members as
/// a JSON body; errors are 400 `{"__type": code, "message": …}`.
enum JSON11Protocol {
    static let contentType = "application/x-amz-json-1.1"

    static func handle(_ request: WireRequest, host: SimulationHost, region: String, service: String, targetPrefix: String) -> WireResponse {
        guard request.method == "POST", let target = request.headers["x-amz-target"], target.hasPrefix(targetPrefix + ".") else {
            return error(ServiceError(code: "UnknownOperationException", message: "Missing or unknown X-Amz-Target", httpStatus: 400))
        }
        let operation = String(target.dropFirst(targetPrefix.count + 1))
        let input: JSONValue
        do {
            input = request.body.isEmpty ? .object([]) : try JSONParser.parse(String(decoding: request.body, as: UTF8.self))
        } catch {
            return self.error(ServiceError(code: "SerializationException", message: "The request body is not valid JSON: \(error)", httpStatus: 400))
        }
        guard case .object = input else {
            return error(ServiceError(code: "SerializationException", message: "The request body must be a JSON object", httpStatus: 400))
        }
        guard AWSServiceAPI.supports(service: service, operation: operation) else {
            return error(ServiceError(code: "UnknownOperationException", message: "\(operation) is not available in Workshop's simulated \(service.uppercased()) yet", httpStatus: 400))
        }
        let result = host.access { simulator in
            AWSServiceAPI.call(service: service, operation: operation, input: input, simulator: simulator, region: region)
        }
        switch result {
        case .success(let reply): return .json(200, JSONSerializer.compact(reply), contentType: contentType)
        case .failure(let failure): return error(failure)
        }
    }

    static func error(_ error: ServiceError) -> WireResponse {
        .json(400, JSONSerializer.compact(.object([("__type", .string(error.code)), ("message", .string(error.message))])), contentType: contentType)
    }
}
