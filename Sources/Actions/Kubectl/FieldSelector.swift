import ClusterSim
import Foundation
import JSON

/// A field selector (`--field-selector spec.nodeName=X,status.phase!=Succeeded`, a list request's
/// `fieldSelector`): each requirement compares the object's field at a dotted path, as a string (a
/// missing field is ""), with `=`, `==` or `!=`.
public struct FieldSelector: Sendable {
    /// Why a selector does not parse: apimachinery's words.
    public struct ParseError: Error, Sendable {
        public var message: String
    }

    struct Requirement: Sendable {
        var path: [String]
        var value: String
        var equal: Bool
        /// The field as written (`spec.host`), before aliases.
        var field: String
    }

    var requirements: [Requirement] = []

    public init(_ text: String) throws(ParseError) {
        for part in text.split(separator: ",") {
            let item = String(part)
            let (key, value, equal): (Substring, Substring, Bool)
            if let range = item.range(of: "!=") {
                (key, value, equal) = (item[..<range.lowerBound], item[range.upperBound...], false)
            } else if let range = item.range(of: "==") {
                (key, value, equal) = (item[..<range.lowerBound], item[range.upperBound...], true)
            } else if let range = item.range(of: "=") {
                (key, value, equal) = (item[..<range.lowerBound], item[range.upperBound...], true)
            } else {
                throw ParseError(message: "invalid selector: '\(text)'; can't understand '\(item)'")
            }
            let trimmed = key.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { throw ParseError(message: "invalid selector: '\(text)'; can't understand '\(item)'") }
            let path = Self.aliases[trimmed] ?? trimmed.split(separator: ".").map(String.init)
            requirements.append(Requirement(path: path, value: String(value), equal: equal, field: trimmed))
        }
    }

    public var isEmpty: Bool { requirements.isEmpty }

    /// The fields the API server lets a list select on, beyond `metadata.name` and
    /// `metadata.namespace`, by resource (its field label conversion functions).
    static let supportedFields: [String: Set<String>] = [
        "pods": ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
                 "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName", "spec.host"],
        "events": ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                   "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
                   "reportingComponent", "source", "type"],
        "nodes": ["spec.unschedulable"], "namespaces": ["status.phase"], "secrets": ["type"], "replicasets": ["status.replicas"],
        "jobs": ["status.successful"], "services": ["spec.clusterIP", "spec.type"],
        "replicationcontrollers": ["status.replicas"], "certificatesigningrequests": ["spec.signerName"],
    ]

    /// Old names the API server still reads for a field (`spec.host` is `spec.nodeName`; an event's
    /// `source` is its component).
    static let aliases: [String: [String]] = ["spec.host": ["spec", "nodeName"], "source": ["source", "component"]]

    /// The API server's refusal of a field `resource` (a plural: `pods`) cannot be selected on;
    /// nil when every field can.
    public func unsupported(for resource: String) -> String? {
        for requirement in requirements {
            let field = requirement.field
            if field == "metadata.name" || field == "metadata.namespace" { continue }
            if let extra = Self.supportedFields[resource] {
                if !extra.contains(field) { return "field label not supported: \(field)" }
            } else {
                return "\"\(field)\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
            }
        }
        return nil
    }

    public func matches(_ object: JSONValue) -> Bool {
        requirements.allSatisfy { requirement in
            var current: JSONValue? = object
            for key in requirement.path { current = current?[key] }
            let text: String
            switch current {
            case .string(let s)?: text = s
            case .int(let i)?: text = String(i)
            case .bool(let b)?: text = b ? "true" : "false"
            default: text = ""
            }
            return (text == requirement.value) == requirement.equal
        }
    }
}

extension KubectlProgram {
    /// The server's refusal of a field selector for a resource (`pods`, `deployments.apps`), as
    /// kubectl's resource builder rewords it; nil when the server takes it.
    static func fieldSelectorRefusal(_ qualifiedPlural: String, labels: String, fields: String, context: ProgramContext) -> String? {
        let plural = qualifiedPlural.split(separator: ".").first.map(String.init) ?? qualifiedPlural
        let why: String
        do {
            guard let refusal = try FieldSelector(fields).unsupported(for: plural) else { return nil }
            why = refusal
        } catch {
            why = error.message
        }
        let kind = context.simulator.kind(named: qualifiedPlural)
        return "Error from server (BadRequest): Unable to find \"\(kind?.group ?? "")/\(kind?.version ?? "v1"), Resource=\(plural)\" that match label selector \"\(labels)\", field selector \"\(fields)\": \(why)\n"
    }
}
