/// Why the object store refused a request, as the API server says it (the `Status` a client gets).
public enum StoreError: Error, Sendable, Equatable {
    /// 404: `deployments.apps "checkout" not found`.
    case notFound(kind: ResourceKind, name: String)
    /// 404 on create: the object's namespace does not exist (`namespaces "shop" not found`).
    case namespaceNotFound(String)
    /// 409: `deployments.apps "checkout" already exists`.
    case alreadyExists(kind: ResourceKind, name: String)
    /// 409 on create: an object of that name is still going (finalizers hold it):
    /// `object is being deleted: namespaces "shop" already exists`.
    case beingDeleted(kind: ResourceKind, name: String)
    /// 409: the write was based on an older `resourceVersion` than the stored one.
    case conflict(kind: ResourceKind, name: String)
    /// 422: the object is malformed; each cause is `field: message`.
    case invalid(kind: ResourceKind, name: String, causes: [FieldError])
    /// 409: server-side apply would change fields other managers own (`--force-conflicts` takes them).
    case applyConflict(ApplyConflicts)
    /// 413: the request's body is over the API server's limit (3 MiB), before it is even read.
    case requestTooLarge
    /// 403 from admission: `namespaces "default" is forbidden: this namespace may not be deleted`.
    case forbidden(kind: ResourceKind, name: String, why: String)
    /// 400 under strict field validation: fields the kind's schema does not know, as the request's
    /// version (`v1`) decodes them.
    case unknownFields(kind: ResourceKind, version: String, fields: [String])

    /// kube-apiserver's `MaxRequestBodyBytes`.
    public static let maxRequestBytes = 3 * 1024 * 1024

    /// One reason an object is invalid (`spec.selector: Required value`).
    public struct FieldError: Sendable, Equatable, CustomStringConvertible {
        public var field: String
        public var message: String
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
        public var description: String { "\(field): \(message)" }
    }

    /// The HTTP status code the API server answers with.
    public var code: Int {
        switch self {
        case .notFound, .namespaceNotFound: 404
        case .alreadyExists, .beingDeleted, .conflict, .applyConflict: 409
        case .invalid: 422
        case .requestTooLarge: 413
        case .forbidden: 403
        case .unknownFields: 400
        }
    }

    /// The `Status` reason (`NotFound`, `AlreadyExists`, `Conflict`, `Invalid`).
    public var reason: String {
        switch self {
        case .notFound, .namespaceNotFound: "NotFound"
        case .alreadyExists, .beingDeleted: "AlreadyExists"
        case .conflict, .applyConflict: "Conflict"
        case .invalid: "Invalid"
        case .requestTooLarge: "RequestEntityTooLarge"
        case .forbidden: "Forbidden"
        case .unknownFields: "BadRequest"
        }
    }

    /// The `Status` message, word for word.
    public var message: String {
        switch self {
        case .notFound(let kind, let name): return "\(kind.qualifiedPlural) \"\(name)\" not found"
        case .namespaceNotFound(let name): return "namespaces \"\(name)\" not found"
        case .alreadyExists(let kind, let name): return "\(kind.qualifiedPlural) \"\(name)\" already exists"
        case .beingDeleted(let kind, let name): return "object is being deleted: \(kind.qualifiedPlural) \"\(name)\" already exists"
        case .conflict(let kind, let name):
            return "Operation cannot be fulfilled on \(kind.qualifiedPlural) \"\(name)\": the object has been modified; please apply your changes to the latest version and try again"
        case .invalid(let kind, let name, let causes):
            let qualified = kind.group.isEmpty ? kind.kind : "\(kind.kind).\(kind.group)"
            return "\(qualified) \"\(name)\" is invalid: \(Self.aggregate(causes))"
        case .applyConflict(let conflicts):
            return conflicts.message
        case .requestTooLarge:
            return "Request entity too large: limit is \(Self.maxRequestBytes)"
        case .forbidden(let kind, let name, let why):
            return "\(kind.qualifiedPlural) \"\(name)\" is forbidden: \(why)"
        case .unknownFields(let kind, let version, let fields):
            return "\(kind.kind) in version \"\(version)\" cannot be handled as a \(kind.kind): strict decoding error: "
                + fields.map { "unknown field \"\($0)\"" }.joined(separator: ", ")
        }
    }

    /// How kubectl prints an Invalid status: from its details, not its message.
    public var kubectlInvalidMessage: String? {
        guard case .invalid(let kind, let name, let causes) = self else { return nil }
        // Several causes: kubectl lists them, one per line.
        guard causes.count > 1 else { return "The \(kind.kind) \"\(name)\" is invalid: \(Self.aggregate(causes))" }
        return "The \(kind.kind) \"\(name)\" is invalid: \n" + causes.map { "* \($0.description)" }.joined(separator: "\n")
    }

    /// Go's error aggregate: one error as it is, several in brackets.
    static func aggregate(_ causes: [FieldError]) -> String {
        causes.count == 1 ? causes[0].description : "[" + causes.map(\.description).joined(separator: ", ") + "]"
    }
}
