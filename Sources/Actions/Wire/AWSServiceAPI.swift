import ClusterSim
import JSON

/// The AWS operations the native `aws` runs, reached by service and API name with their request
/// members: how `workshop serve` answers the real CLIs and SDKs. One model, two ways in — the server
/// decodes a protocol's request into members, and the same operation the command line runs answers.
public enum AWSServiceAPI {
    /// Whether Workshop answers `operation` (`DescribeNodegroup`) of `service` (`eks`).
    public static func supports(service: String, operation: String) -> Bool {
        AWSProgram.operations[service]?.contains { $0.apiName == operation } ?? false
    }

    /// Runs `operation` with `input` (an object of request members: `clusterName`, `Names`, …).
    /// Unknown members are ignored, as AWS ignores them; a missing required one is the service's
    /// validation error.
    public static func call(service: String, operation: String, input: JSONValue, simulator: Simulator, region: String) -> Result<JSONValue, ServiceError> {
        guard let type = AWSProgram.operations[service]?.first(where: { $0.apiName == operation }) else {
            return .failure(ServiceError(code: "UnknownOperationException", message: "Workshop's simulated \(service) does not implement \(operation)", httpStatus: 400))
        }
        var arguments = AWSArguments()
        if case .object(let pairs) = input {
            for pair in pairs where pair.value != .null {
                if let parameter = type.parameters.first(where: { $0.member == pair.key }) { arguments.values[parameter.flag] = coerce(pair.value, parameter.kind) }
            }
        }
        for parameter in type.parameters where parameter.required && arguments.values[parameter.flag] == nil {
            return .failure(missing(parameter.member, service: service))
        }
        do {
            return .success(try type.invoke(arguments, AWSCallContext(simulator: simulator, region: region)))
        } catch {
            return .failure(error)
        }
    }

    /// The operations of a service, by API name (what a router lists).
    public static func operations(of service: String) -> [String] {
        AWSProgram.operations[service]?.map { $0.apiName } ?? []
    }

    /// Query strings and forms carry every value as text: numbers and booleans become what the
    /// member is.
    static func coerce(_ value: JSONValue, _ kind: AWSParameter.Kind) -> JSONValue {
        guard case .string(let text) = value else { return value }
        switch kind {
        case .integer: return Int(text).map { .int($0) } ?? value
        case .boolean: return text == "true" ? .bool(true) : text == "false" ? .bool(false) : value
        case .list: return .array([value])
        default: return value
        }
    }

    static func missing(_ member: String, service: String) -> ServiceError {
        switch service {
        case "eks":
            return .invalidParameter("\(member) is a required parameter")
        case "ssm":
            return ServiceError(code: "ValidationException",
                                message: "1 validation error detected: Value null at '\(lowerFirst(member))' failed to satisfy constraint: Member must not be null",
                                httpStatus: 400)
        default:
            return ServiceError(code: "MissingParameter", message: "The request must contain the parameter \(member)", httpStatus: 400)
        }
    }

    static func lowerFirst(_ text: String) -> String { text.prefix(1).lowercased() + text.dropFirst() }
}
