/// An error as an AWS service returns it: code, message, HTTP status. The actions layer prints
/// it the way awscli does: `An error occurred (<code>) when calling the <Operation> operation: <message>`.
public struct ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var httpStatus: Int

    public init(code: String, message: String, httpStatus: Int) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }

    public var description: String { "\(code): \(message)" }

    public static func clusterNotFound(_ name: String) -> ServiceError {
        ServiceError(code: "ResourceNotFoundException", message: "No cluster found for name: \(name).", httpStatus: 404)
    }

    public static func nodegroupNotFound(_ name: String) -> ServiceError {
        ServiceError(code: "ResourceNotFoundException", message: "No node group found for name: \(name).", httpStatus: 404)
    }

    public static func addonNotFound(_ name: String, cluster: String) -> ServiceError {
        ServiceError(code: "ResourceNotFoundException", message: "No addon: \(name) found in cluster: \(cluster)", httpStatus: 404)
    }

    public static func updateNotFound(_ id: String) -> ServiceError {
        ServiceError(code: "ResourceNotFoundException", message: "No update found for ID: \(id).", httpStatus: 404)
    }

    public static func invalidParameter(_ message: String) -> ServiceError {
        ServiceError(code: "InvalidParameterException", message: message, httpStatus: 400)
    }

    public static func inUse(_ message: String) -> ServiceError {
        ServiceError(code: "ResourceInUseException", message: message, httpStatus: 409)
    }

    public static func parameterNotFound(_ name: String) -> ServiceError {
        ServiceError(code: "ParameterNotFound", message: "Parameter \(name) not found.", httpStatus: 400)
    }
}
