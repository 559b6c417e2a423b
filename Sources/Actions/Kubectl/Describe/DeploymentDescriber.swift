import JSON

/// `kubectl describe deployment`: kubectl's `describeDeployment` (1.32), fed with what it fetches —
/// the Deployment, its ReplicaSets (the new one: the same template; old ones still holding pods)
/// and the events about it.
struct DeploymentDescriber {
    var deployment: JSONValue
    var replicaSets: [JSONValue]
    var events: [JSONValue]
    /// Unix seconds now (event ages).
    var now: Double

    func describe() -> String {
        var w = DescribeWriter()
        let d = deployment
        w.write(0, "Name:\t\(d.text("metadata", "name"))\n")
        w.write(0, "Namespace:\t\(d.text("metadata", "namespace"))\n")
        w.write(0, "CreationTimestamp:\t\(NodeDescriber.time(d.text("metadata", "creationTimestamp")))\n")
        NodeDescriber.labels(&w, "Labels", d[path: "metadata", "labels"]?.stringMap ?? [])
        NodeDescriber.annotations(&w, "Annotations", d[path: "metadata", "annotations"]?.stringMap ?? [])
        w.write(0, "Selector:\t\(Self.selector(d[path: "spec", "selector"]))\n")
        let count = { (key: String) in Int(d.text("status", key)) ?? 0 }
        w.write(0, "Replicas:\t\(d.text("spec", "replicas")) desired | \(count("updatedReplicas")) updated | \(count("replicas")) total | "
                + "\(count("availableReplicas")) available | \(count("unavailableReplicas")) unavailable\n")
        w.write(0, "StrategyType:\t\(d.text("spec", "strategy", "type"))\n")
        w.write(0, "MinReadySeconds:\t\(Int(d.text("spec", "minReadySeconds")) ?? 0)\n")
        if let rolling = d[path: "spec", "strategy", "rollingUpdate"] {
            w.write(0, "RollingUpdateStrategy:\t\(rolling.text("maxUnavailable")) max unavailable, \(rolling.text("maxSurge")) max surge\n")
        }
        PodTemplateDescriber.describe(d[path: "spec", "template"] ?? .object([]), &w)
        let conditions = d[path: "status", "conditions"]?.items ?? []
        if !conditions.isEmpty {
            w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
            w.write(1, "----\t------\t------\n")
            for condition in conditions { w.write(1, "\(condition.text("type")) \t\(condition.text("status"))\t\(condition.text("reason"))\n") }
        }
        let template = Self.withoutHash(d[path: "spec", "template"])
        let owned = replicaSets.filter { rs in
            (rs[path: "metadata", "ownerReferences"]?.items ?? []).contains { $0.text("uid") == d.text("metadata", "uid") && $0["controller"] == .bool(true) }
        }
        let new = owned.filter { Self.withoutHash($0[path: "spec", "template"]) == template }
        let old = owned.filter { rs in Self.withoutHash(rs[path: "spec", "template"]) != template && (Int(rs.text("spec", "replicas")) ?? 0) != 0 }
        if !owned.isEmpty {
            w.write(0, "OldReplicaSets:\t\(Self.list(old))\n")
            w.write(0, "NewReplicaSet:\t\(Self.list(Array(new.prefix(1))))\n")
        }
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }

    /// `app=web,tier=front` (a label selector as the API prints it).
    static func selector(_ selector: JSONValue?) -> String {
        var requirements = (selector?["matchLabels"]?.stringMap ?? []).map { "\($0.key)=\($0.value)" }
        for expression in selector?["matchExpressions"]?.items ?? [] {
            let values = (expression["values"]?.items ?? []).compactMap(\.stringValue).sorted().joined(separator: ",")
            switch expression.text("operator") {
            case "In": requirements.append("\(expression.text("key")) in (\(values))")
            case "NotIn": requirements.append("\(expression.text("key")) notin (\(values))")
            case "Exists": requirements.append(expression.text("key"))
            case "DoesNotExist": requirements.append("!\(expression.text("key"))")
            default: break
            }
        }
        return requirements.isEmpty ? "<none>" : requirements.sorted().joined(separator: ",")
    }

    static func list(_ sets: [JSONValue]) -> String {
        let text = sets.map { "\($0.text("metadata", "name")) (\(Int($0.text("status", "replicas")) ?? 0)/\($0.text("spec", "replicas")) replicas created)" }
            .joined(separator: ", ")
        return text.isEmpty ? "<none>" : text
    }

    /// A template without its `pod-template-hash` label, as the deployment utilities compare them.
    static func withoutHash(_ template: JSONValue?) -> JSONValue? {
        guard let template, case .object(var fields) = template,
              let metadataIndex = fields.firstIndex(where: { $0.key == "metadata" }), case .object(var metadata) = fields[metadataIndex].value,
              let labelsIndex = metadata.firstIndex(where: { $0.key == "labels" }), case .object(let labels) = metadata[labelsIndex].value else { return template }
        metadata[labelsIndex].value = .object(labels.filter { $0.key != "pod-template-hash" })
        fields[metadataIndex].value = .object(metadata)
        return .object(fields)
    }
}
