import Actions
import JSON

/// A `Status` object: how the API server reports every failure (and an eviction's success); kubectl
/// prints `Error from server (<reason>): <message>`.
struct KubernetesStatus: Error {
    var code: Int
    var reason: String
    var message: String
    var details: JSONValue?
    var success = false

    var json: JSONValue {
        var fields: [(key: String, value: JSONValue)] = [
            ("kind", .string("Status")), ("apiVersion", .string("v1")), ("metadata", .object([])),
            ("status", .string(success ? "Success" : "Failure")),
        ]
        if !success {
            fields.append(("message", .string(message)))
            fields.append(("reason", .string(reason)))
        }
        if let details { fields.append(("details", details)) }
        fields.append(("code", .int(code)))
        return .object(fields)
    }

    static func notFound(_ type: KubernetesResourceType, _ name: String) -> KubernetesStatus {
        var details: [(key: String, value: JSONValue)] = [("name", .string(name))]
        if !type.group.isEmpty { details.append(("group", .string(type.group))) }
        details.append(("kind", .string(type.plural)))
        return KubernetesStatus(code: 404, reason: "NotFound", message: "\(type.qualifiedPlural) \"\(name)\" not found", details: .object(details))
    }

    static let unknownPath = KubernetesStatus(code: 404, reason: "NotFound", message: "the server could not find the requested resource", details: .object([]))

    static func methodNotAllowed(_ what: String) -> KubernetesStatus {
        KubernetesStatus(code: 405, reason: "MethodNotAllowed",
                         message: "the server does not allow this method on the requested resource (\(what) is not available in Workshop's simulated cluster yet)",
                         details: .object([]))
    }

    static func badRequest(_ message: String) -> KubernetesStatus {
        KubernetesStatus(code: 400, reason: "BadRequest", message: message)
    }

    static func unauthorized() -> KubernetesStatus {
        KubernetesStatus(code: 401, reason: "Unauthorized", message: "Unauthorized")
    }

    static func tooLarge(_ limit: Int) -> KubernetesStatus {
        KubernetesStatus(code: 413, reason: "RequestEntityTooLarge", message: "Request entity too large: limit is \(limit)")
    }

    static func invalid(_ type: KubernetesResourceType, _ name: String, _ message: String) -> KubernetesStatus {
        KubernetesStatus(code: 422, reason: "Invalid", message: "\(type.kind) \"\(name)\" is invalid: \(message)",
                         details: .object([("name", .string(name)), ("kind", .string(type.kind))]))
    }
}
