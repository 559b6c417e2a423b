import JSON

/// The defaults the API server fills into a pod template when it stores a Deployment, as a GET
/// shows them: each container's `imagePullPolicy` (Always for `:latest` or no tag), termination
/// message path and policy, `resources: {}`; the pod's DNS and restart policies, scheduler,
/// security context and grace period. Revisions compare and hash templates in this form, as the
/// deployment controller compares stored (defaulted) templates.
public enum PodTemplateDefaults {
    public static func defaulted(_ template: JSONValue) -> JSONValue {
        guard case .object(var fields) = template else { return template }
        var spec: [(key: String, value: JSONValue)] = []
        if case .object(let existing)? = template["spec"] { spec = existing }
        for key in ["containers", "initContainers"] {
            guard let index = spec.firstIndex(where: { $0.key == key }), case .array(let containers) = spec[index].value else { continue }
            spec[index].value = .array(containers.map(container))
        }
        let podDefaults: [(String, JSONValue)] = [
            ("dnsPolicy", .string("ClusterFirst")), ("restartPolicy", .string("Always")), ("schedulerName", .string("default-scheduler")),
            ("securityContext", .object([])), ("terminationGracePeriodSeconds", .int(30)),
        ]
        for (key, value) in podDefaults where !spec.contains(where: { $0.key == key }) { spec.append((key, value)) }
        if let index = fields.firstIndex(where: { $0.key == "spec" }) { fields[index].value = .object(spec) } else { fields.append(("spec", .object(spec))) }
        if !fields.contains(where: { $0.key == "metadata" }) { fields.insert(("metadata", .object([])), at: 0) }
        return .object(fields)
    }

    private static func container(_ container: JSONValue) -> JSONValue {
        guard case .object(var fields) = container else { return container }
        let image = container["image"]?.stringValue ?? ""
        let last = image.split(separator: "/").last.map(String.init) ?? image
        let tagged = last.contains(":") && !last.hasSuffix(":latest") || image.contains("@")
        let defaults: [(String, JSONValue)] = [
            ("imagePullPolicy", .string(tagged ? "IfNotPresent" : "Always")), ("resources", .object([])),
            ("terminationMessagePath", .string("/dev/termination-log")), ("terminationMessagePolicy", .string("File")),
        ]
        for (key, value) in defaults where !fields.contains(where: { $0.key == key }) { fields.append((key, value)) }
        if case .array(let ports)? = container["ports"] {
            let index = fields.firstIndex { $0.key == "ports" }!
            fields[index].value = .array(ports.map { port in
                guard case .object(var portFields) = port, !portFields.contains(where: { $0.key == "protocol" }) else { return port }
                portFields.append(("protocol", .string("TCP")))
                return .object(portFields)
            })
        }
        return .object(fields)
    }
}
