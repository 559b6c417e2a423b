import Foundation
import JSON

/// The API server's checks on an object before it is stored (422 Invalid), by kind. The messages
/// are apimachinery's own.
public struct ObjectValidation: Sendable {
    public typealias Check = @Sendable (JSONValue) -> [StoreError.FieldError]
    private let checks: [ResourceKind: Check]

    public init(checks: [ResourceKind: Check]) { self.checks = checks }

    public func check(kind: ResourceKind, body: JSONValue) -> [StoreError.FieldError] {
        checks[kind]?(body) ?? []
    }

    /// The checks the simulated server makes.
    public static let standard = ObjectValidation(checks: [
        ResourceKinds.deployment: DeploymentValidation.check,
        // The same rules: a selector matching the template's labels, containers with images.
        ResourceKinds.daemonSet: DeploymentValidation.check,
        ResourceKinds.statefulSet: DeploymentValidation.check,
        ResourceKinds.podDisruptionBudget: DisruptionBudgetValidation.check,
        ResourceKinds.cronJob: CronJobValidation.check,
    ])

    // MARK: Sizes

    /// `metadata.annotations` may hold 256 KiB, keys and values together: what a large ConfigMap
    /// applied client-side runs into (its copy in `last-applied-configuration`).
    static func annotationsSize(_ metadata: JSONValue) -> [StoreError.FieldError] {
        guard case .object(let pairs)? = metadata["annotations"] else { return [] }
        let total = pairs.reduce(0) { $0 + $1.key.utf8.count + ($1.value.stringValue?.utf8.count ?? 0) }
        guard total > 262_144 else { return [] }
        return [.init(field: "metadata.annotations", message: "Too long: may not be more than 262144 bytes")]
    }

    /// A ConfigMap's or Secret's data may hold 1 MiB (a Secret's counted decoded).
    static func dataSize(kind: ResourceKind, body: JSONValue) -> [StoreError.FieldError] {
        guard kind == ResourceKinds.configMap || kind == ResourceKinds.secret else { return [] }
        func sizes(_ field: String, decoded: Bool) -> Int {
            guard case .object(let pairs)? = body[field] else { return 0 }
            return pairs.reduce(0) { total, pair in
                let text = pair.value.stringValue ?? ""
                return total + (decoded ? text.utf8.count * 3 / 4 : text.utf8.count)
            }
        }
        if kind == ResourceKinds.configMap {
            guard sizes("data", decoded: false) + sizes("binaryData", decoded: true) > 1_048_576 else { return [] }
            // The whole object's error: its field path is empty.
            return [.init(field: "", message: "Too long: may not be more than 1048576 bytes")]
        }
        guard sizes("data", decoded: true) + sizes("stringData", decoded: false) > 1_048_576 else { return [] }
        return [.init(field: "data", message: "Too long: may not be more than 1048576 bytes")]
    }

    // MARK: Names

    static let subdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let labelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"

    /// `metadata.name`: required; an RFC 1123 label for namespaces, a subdomain for the rest.
    static func name(_ name: String, kind: ResourceKind) -> [StoreError.FieldError] {
        if name.isEmpty { return [.init(field: "metadata.name", message: "Required value: name or generateName is required")] }
        let isLabel = kind == ResourceKinds.namespace || kind == ResourceKinds.service
        let valid = isLabel ? isDNSLabel(name) : name.count <= 253 && name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isDNSLabel(String($0), limit: 253) }
        guard !valid else { return [] }
        return [.init(field: "metadata.name", message: "Invalid value: \"\(name)\": \(isLabel ? labelMessage : subdomainMessage)")]
    }

    static func isDNSLabel(_ text: String, limit: Int = 63) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= limit else { return false }
        func alphanumeric(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 48 && b <= 57) }
        return alphanumeric(bytes.first!) && alphanumeric(bytes.last!) && bytes.allSatisfy { alphanumeric($0) || $0 == 45 }
    }

    /// Go's `%#v` of a `map[string]string`, as validation messages print label maps.
    static func goMap(_ labels: [String: String]) -> String {
        "map[string]string{" + labels.keys.sorted().map { "\"\($0)\":\"\(labels[$0]!)\"" }.joined(separator: ", ") + "}"
    }
}

/// apps/v1 Deployment: a selector that matches the pod template's labels, containers, replicas ≥ 0.
enum DeploymentValidation {
    static let check: ObjectValidation.Check = { body in
        var causes: [StoreError.FieldError] = []
        let spec = body["spec"]
        let matchLabels = StoredObject.strings(spec?["selector"]?["matchLabels"])
        let templateLabels = StoredObject.strings(spec?["template"]?["metadata"]?["labels"])
        if case .int(let replicas)? = spec?["replicas"], replicas < 0 {
            causes.append(.init(field: "spec.replicas", message: "Invalid value: \(replicas): must be greater than or equal to 0"))
        }
        if matchLabels.isEmpty {
            causes.append(.init(field: "spec.selector", message: "Required value"))
        }
        if !matchLabels.isEmpty, !matchLabels.allSatisfy({ templateLabels[$0.key] == $0.value }) {
            causes.append(.init(field: "spec.template.metadata.labels",
                                message: "Invalid value: \(ObjectValidation.goMap(templateLabels)): `selector` does not match template `labels`"))
        }
        if case .array(let containers)? = spec?["template"]?["spec"]?["containers"], !containers.isEmpty {
            for (index, container) in containers.enumerated() where (container["image"]?.stringValue ?? "").isEmpty {
                causes.append(.init(field: "spec.template.spec.containers[\(index)].image", message: "Required value"))
            }
        } else {
            causes.append(.init(field: "spec.template.spec.containers", message: "Required value"))
        }
        return causes
    }
}

/// policy/v1 PodDisruptionBudget: not both minAvailable and maxUnavailable; amounts ≥ 0, ≤ 100 %.
enum DisruptionBudgetValidation {
    static let check: ObjectValidation.Check = { body in
        var causes: [StoreError.FieldError] = []
        let spec = body["spec"]
        for field in ["minAvailable", "maxUnavailable"] {
            switch spec?[field] {
            case .int(let n)? where n < 0:
                causes.append(.init(field: "spec.\(field)", message: "Invalid value: \(n): must be greater than or equal to 0"))
            case .string(let text)?:
                if IntOrPercent(text) == nil || !text.hasSuffix("%") {
                    causes.append(.init(field: "spec.\(field)", message: "Invalid value: \"\(text)\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"))
                }
            default: break
            }
        }
        return causes
    }
}

/// batch/v1 CronJob: a schedule the controller's cron parser reads, without a `TZ=` in it, and a
/// time zone the tz database knows (`validateScheduleFormat`, `validateTimeZone`).
enum CronJobValidation {
    static let check: ObjectValidation.Check = { body in
        var causes: [StoreError.FieldError] = []
        let spec = body["spec"]
        let schedule = spec?["schedule"]?.stringValue ?? ""
        if schedule.isEmpty {
            causes.append(.init(field: "spec.schedule", message: "Required value"))
        } else {
            do throws(CronSchedule.ParseError) { _ = try CronSchedule.parse(schedule) } catch {
                causes.append(.init(field: "spec.schedule", message: "Invalid value: \"\(schedule)\": \(error.message)"))
            }
            if schedule.contains("TZ") {
                causes.append(.init(field: "spec.schedule", message: "Invalid value: \"\(schedule)\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead"))
            }
        }
        if let zone = spec?["timeZone"]?.stringValue, let why = timeZoneProblem(zone) {
            causes.append(.init(field: "spec.timeZone", message: "Invalid value: \"\(zone)\": \(why)"))
        }
        return causes
    }

    /// What the API server says of a `timeZone` it will not take; nil for a good one.
    static func timeZoneProblem(_ zone: String) -> String? {
        if zone.isEmpty { return "timeZone must be nil or non-empty string" }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+")
        for part in zone.split(separator: "/", omittingEmptySubsequences: false) {
            if part == "." || part == ".." || part.hasPrefix("-") || part.isEmpty || !part.allSatisfy(allowed.contains) {
                return "unknown time zone \(zone)"
            }
        }
        if zone.lowercased() == "local" { return "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones" }
        if zone != "UTC", TimeZone(identifier: zone) == nil { return "unknown time zone \(zone)" }
        return nil
    }
}
