import ClusterSim
import JSON

/// HorizontalPodAutoscalers (autoscaling/v2). The simulated cluster has no metrics server (a new EKS
/// cluster has none), so every metric reads `<unknown>` and the autoscaler never scales on load; it
/// does keep its target within `minReplicas`…`maxReplicas` (``HorizontalPodAutoscalerObjectController``),
/// as the real controller does before it looks at metrics.
extension KubectlResource {
    /// NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE.
    static let horizontalPodAutoscalers = stored(
        ResourceKinds.horizontalPodAutoscaler, nameKind: ResourceKinds.horizontalPodAutoscaler.qualifiedName,
        header: { _ in ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"] }) { object, simulator in
            let spec = KubectlAutoscalers.defaultedSpec(object.body["spec"])
            let target = spec["scaleTargetRef"]
            let minimum: String
            if case .int(let n)? = spec["minReplicas"] { minimum = String(n) } else { minimum = "<unset>" }
            return ["\(target?.text("kind") ?? "")/\(target?.text("name") ?? "")", KubectlAutoscalers.targets(spec["metrics"]?.items ?? []),
                    minimum, spec.text("maxReplicas"), String(KubectlAutoscalers.targetReplicas(of: object, simulator: simulator) ?? 0)]
        }
}

/// The autoscaler's defaults, status and TARGETS cell.
enum KubectlAutoscalers {
    /// autoscaling/v2's defaults: one replica at least, 80 % CPU when no metric is named, and the
    /// scaling rules' defaults filled in when `behavior` is given.
    static func defaultedSpec(_ spec: JSONValue?) -> JSONValue {
        guard case .object(var fields)? = spec else { return spec ?? .object([]) }
        func set(_ key: String, _ value: JSONValue) {
            if let index = fields.firstIndex(where: { $0.key == key }) { fields[index].value = value } else { fields.append((key, value)) }
        }
        if spec?["minReplicas"] == nil { set("minReplicas", .int(1)) }
        if (spec?["metrics"]?.items ?? []).isEmpty {
            set("metrics", .array([.object([("resource", .object([("name", .string("cpu")), ("target", .object([
                ("averageUtilization", .int(80)), ("type", .string("Utilization"))]))])), ("type", .string("Resource"))])]))
        }
        if case .object? = spec?["behavior"] {
            func policy(_ type: String, _ value: Int) -> JSONValue {
                .object([("periodSeconds", .int(15)), ("type", .string(type)), ("value", .int(value))])
            }
            let scaleUp = rules(spec?["behavior"]?["scaleUp"], policies: [policy("Pods", 4), policy("Percent", 100)], window: 0)
            let scaleDown = rules(spec?["behavior"]?["scaleDown"], policies: [policy("Percent", 100)], window: nil)
            set("behavior", .object([("scaleDown", scaleDown), ("scaleUp", scaleUp)]))
        }
        return .object(fields)
    }

    /// One direction's rules: what was given, the defaults for what was not (scale-down's
    /// stabilization window stays unset: the controller's flag decides it).
    private static func rules(_ given: JSONValue?, policies: [JSONValue], window: Int?) -> JSONValue {
        var fields: [(key: String, value: JSONValue)] = []
        fields.append(("policies", given?["policies"] ?? .array(policies)))
        fields.append(("selectPolicy", given?["selectPolicy"] ?? .string("Max")))
        if let stabilization = given?["stabilizationWindowSeconds"] ?? window.map({ JSONValue.int($0) }) {
            fields.append(("stabilizationWindowSeconds", stabilization))
        }
        if let tolerance = given?["tolerance"] { fields.append(("tolerance", tolerance)) }
        return .object(fields)
    }

    /// `formatHPAMetrics` with no current metrics: `cpu: <unknown>/80%`, the first two and `+ N more...`.
    static func targets(_ metrics: [JSONValue]) -> String {
        guard !metrics.isEmpty else { return "<none>" }
        let list = metrics.map { metric -> String in
            switch metric.text("type") {
            case "Resource", "ContainerResource":
                let source = metric[metric.text("type") == "Resource" ? "resource" : "containerResource"]
                let target = source?["target"]
                if let average = target?["averageValue"] { return "\(source?.text("name") ?? ""): <unknown>/\(KubectlVolumes.quantity(average))" }
                let utilization = target?["averageUtilization"].map { "\(JSONSerializer.compact($0))%" } ?? "<auto>"
                return "\(source?.text("name") ?? ""): <unknown>/\(utilization)"
            case "Pods":
                return "<unknown>/\(KubectlVolumes.quantity(metric["pods"]?["target"]?["averageValue"]))"
            case "Object", "External":
                let target = metric[metric.text("type") == "Object" ? "object" : "external"]?["target"]
                if let average = target?["averageValue"] { return "<unknown>/\(KubectlVolumes.quantity(average)) (avg)" }
                return "<unknown>/\(KubectlVolumes.quantity(target?["value"]))"
            default:
                return "<unknown type>"
            }
        }
        guard list.count > 2 else { return list.joined(separator: ", ") }
        return list.prefix(2).joined(separator: ", ") + " + \(list.count - 2) more..."
    }

    /// The replicas of the target the autoscaler names (1 when unset), nil when it is not stored.
    static func targetReplicas(of autoscaler: StoredObject, simulator: Simulator) -> Int? {
        let reference = autoscaler.body["spec"]?["scaleTargetRef"]
        guard let kind = HorizontalPodAutoscalerObjectController.targetKind(reference),
              let target = simulator.object(ObjectStore.Key(kind: kind, namespace: autoscaler.namespace, name: reference?.text("name") ?? "")) else {
            return nil
        }
        if case .int(let replicas)? = target.body["spec"]?["replicas"] { return replicas }
        return 1
    }

    /// What the controller reports: the target's replicas (0 when the target cannot be read) and
    /// its conditions, as of its first sync after the autoscaler was made.
    static func status(_ object: StoredObject, simulator: Simulator) -> JSONValue {
        let reference = object.body["spec"]?["scaleTargetRef"]
        let since = KubernetesObjects.timestamp(simulator, object.created)
        func condition(_ type: String, _ status: String, _ reason: String, _ message: String) -> JSONValue {
            .object([("lastTransitionTime", since), ("message", .string(message)), ("reason", .string(reason)),
                     ("status", .string(status)), ("type", .string(type))])
        }
        guard let current = targetReplicas(of: object, simulator: simulator) else {
            // The scale subresource's NotFound, as the API server words it.
            let resource = reference.map { "\($0.text("kind").lowercased())s/scale.apps" } ?? ""
            let message = "the HPA controller was unable to get the target's current scale: \(resource) \"\(reference?.text("name") ?? "")\" not found"
            return .object([("conditions", .array([condition("AbleToScale", "False", "FailedGetScale", message)])),
                            ("currentReplicas", .int(0)), ("desiredReplicas", .int(0))])
        }
        let metric = "the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)"
        return .object([
            ("conditions", .array([condition("AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale"),
                                   condition("ScalingActive", "False", "FailedGetResourceMetric", metric)])),
            ("currentReplicas", .int(current)), ("desiredReplicas", .int(current)),
        ])
    }
}
