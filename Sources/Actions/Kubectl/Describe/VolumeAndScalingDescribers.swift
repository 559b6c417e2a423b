import ClusterSim
import JSON

/// kubectl's describers (1.32) for claims, autoscalers, CronJobs and quotas.
enum VolumeAndScalingDescribers {
    /// `describePersistentVolumeClaim`: the claim, the pods that mount it (`Used By`), its events.
    static func persistentVolumeClaim(_ c: JSONValue, usedBy pods: [String], _ events: [JSONValue], _ now: Double) -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(c.text("metadata", "name"))\n")
        w.write(0, "Namespace:\t\(c.text("metadata", "namespace"))\n")
        let annotations = c[path: "metadata", "annotations"]?.stringMap ?? []
        let storageClass = annotations.first { $0.key == "volume.beta.kubernetes.io/storage-class" }?.value ?? c.text("spec", "storageClassName")
        w.write(0, "StorageClass:\t\(storageClass)\n")
        w.write(0, "Status:\t\(c.text("status", "phase"))\n")
        w.write(0, "Volume:\t\(c.text("spec", "volumeName"))\n")
        NodeDescriber.labels(&w, "Labels", c[path: "metadata", "labels"]?.stringMap ?? [])
        NodeDescriber.annotations(&w, "Annotations", annotations)
        w.write(0, "Finalizers:\t[\((c[path: "metadata", "finalizers"]?.items ?? []).map { $0.text() }.joined(separator: " "))]\n")
        let bound = !c.text("spec", "volumeName").isEmpty
        w.write(0, "Capacity:\t\(bound ? KubectlVolumes.quantity(c[path: "status", "capacity", "storage"]) : "")\n")
        w.write(0, "Access Modes:\t\(bound ? KubectlVolumes.accessModes(c[path: "status", "accessModes"]) : "")\n")
        if c[path: "spec", "volumeMode"] != nil { w.write(0, "VolumeMode:\t\(c.text("spec", "volumeMode"))\n") }
        if let source = c[path: "spec", "dataSource"], case .object = source {
            w.write(0, "DataSource:\n")
            if source["apiGroup"] != nil { w.write(1, "APIGroup:\t\(source.text("apiGroup"))\n") }
            w.write(1, "Kind:\t\(source.text("kind"))\n")
            w.write(1, "Name:\t\(source.text("name"))\n")
        }
        w.write(0, "Used By:\t")
        if pods.isEmpty { w.write(0, "<none>\n") }
        for (index, pod) in pods.sorted().enumerated() { w.write(0, (index == 0 ? "" : "\t") + "\(pod)\n") }
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }

    /// `describeHorizontalPodAutoscalerV2`, with no current metrics (the cluster has no metrics server).
    static func horizontalPodAutoscaler(_ h: JSONValue, _ events: [JSONValue], _ now: Double) -> String {
        var w = ObjectDescribers.header(h)
        w.write(0, "CreationTimestamp:\t\(NodeDescriber.time(h.text("metadata", "creationTimestamp")))\n")
        w.write(0, "Reference:\t\(h.text("spec", "scaleTargetRef", "kind"))/\(h.text("spec", "scaleTargetRef", "name"))\n")
        w.write(0, "Metrics:\t( current / target )\n")
        for metric in h[path: "spec", "metrics"]?.items ?? [] {
            let type = metric.text("type")
            switch type {
            case "External":
                let target = metric[path: "external", "target"]
                let name = metric.text("external", "metric", "name")
                if let average = target?["averageValue"] {
                    w.write(1, "\"\(name)\" (target average value):\t<unknown> / \(KubectlVolumes.quantity(average))\n")
                } else {
                    w.write(1, "\"\(name)\" (target value):\t<unknown> / \(KubectlVolumes.quantity(target?["value"]))\n")
                }
            case "Pods":
                w.write(1, "\"\(metric.text("pods", "metric", "name"))\" on pods:\t<unknown> / \(KubectlVolumes.quantity(metric[path: "pods", "target", "averageValue"]))\n")
            case "Object":
                let object = metric["object"]
                w.write(1, "\"\(object?.text("metric", "name") ?? "")\" on \(object?.text("describedObject", "kind") ?? "")/\(object?.text("describedObject", "name") ?? "") ")
                if object?.text("target", "type") == "AverageValue" {
                    w.write(0, "(target average value):\t<unknown> / \(KubectlVolumes.quantity(object?[path: "target", "averageValue"]))\n")
                } else {
                    w.write(0, "(target value):\t<unknown> / \(KubectlVolumes.quantity(object?[path: "target", "value"]))\n")
                }
            case "Resource", "ContainerResource":
                let source = metric[type == "Resource" ? "resource" : "containerResource"] ?? .object([])
                w.write(1, type == "Resource" ? "resource \(source.text("name")) on pods"
                                              : "resource \(source.text("name")) of container \"\(source.text("container"))\" on pods")
                if let average = source[path: "target", "averageValue"] {
                    w.write(0, ":\t<unknown> / \(KubectlVolumes.quantity(average))\n")
                } else {
                    let target = source[path: "target", "averageUtilization"].map { "\($0.text())%" } ?? "<auto>"
                    w.write(1, "(as a percentage of request):\t<unknown> / \(target)\n")
                }
            default:
                w.write(1, "<unknown metric type \"\(type)\">\n")
            }
        }
        w.write(0, "Min replicas:\t\(h[path: "spec", "minReplicas"] == nil ? "<unset>" : h.text("spec", "minReplicas"))\n")
        w.write(0, "Max replicas:\t\(h.text("spec", "maxReplicas"))\n")
        if let behavior = h[path: "spec", "behavior"], case .object = behavior {
            w.write(0, "Behavior:\n")
            for (title, field) in [("Scale Up", "scaleUp"), ("Scale Down", "scaleDown")] {
                guard let rules = behavior[field], case .object = rules else { continue }
                w.write(1, "\(title):\n")
                if rules["stabilizationWindowSeconds"] != nil { w.write(2, "Stabilization Window: \(rules.text("stabilizationWindowSeconds")) seconds\n") }
                let policies = rules["policies"]?.items ?? []
                if !policies.isEmpty {
                    w.write(2, "Select Policy: \(rules["selectPolicy"] == nil ? "Max" : rules.text("selectPolicy"))\n")
                    w.write(2, "Policies:\n")
                    for policy in policies {
                        w.write(3, "- Type: \(policy.text("type"))\tValue: \(policy.text("value"))\tPeriod: \(policy.text("periodSeconds")) seconds\n")
                    }
                }
            }
        }
        w.write(0, "\(h.text("spec", "scaleTargetRef", "kind")) pods:\t")
        w.write(0, "\(Int(h.text("status", "currentReplicas")) ?? 0) current / \(Int(h.text("status", "desiredReplicas")) ?? 0) desired\n")
        let conditions = h[path: "status", "conditions"]?.items ?? []
        if !conditions.isEmpty {
            w.write(0, "Conditions:\n")
            w.write(1, "Type\tStatus\tReason\tMessage\n")
            w.write(1, "----\t------\t------\t-------\n")
            for condition in conditions {
                w.write(1, "\(condition.text("type"))\t\(condition.text("status"))\t\(condition.text("reason"))\t\(condition.text("message"))\n")
            }
        }
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }

    /// `describeCronJob`: schedule, policies, the job template, the last run and active Jobs.
    static func cronJob(_ c: JSONValue, _ events: [JSONValue], _ now: Double) -> String {
        var w = ObjectDescribers.header(c)
        let spec = c["spec"] ?? .object([])
        func orUnset(_ field: String, suffix: String = "") -> String { spec[field] == nil ? "<unset>" : spec.text(field) + suffix }
        w.write(0, "Schedule:\t\(spec.text("schedule"))\n")
        w.write(0, "Concurrency Policy:\t\(spec.text("concurrencyPolicy"))\n")
        w.write(0, "Suspend:\t\(spec["suspend"] == nil ? "<unset>" : spec["suspend"] == .bool(true) ? "True" : "False")\n")
        w.write(0, "Successful Job History Limit:\t\(orUnset("successfulJobsHistoryLimit"))\n")
        w.write(0, "Failed Job History Limit:\t\(orUnset("failedJobsHistoryLimit"))\n")
        w.write(0, "Starting Deadline Seconds:\t\(orUnset("startingDeadlineSeconds", suffix: "s"))\n")
        let jobSpec = spec[path: "jobTemplate", "spec"] ?? .object([])
        w.write(0, "Selector:\t\(jobSpec["selector"] == nil ? "<unset>" : DeploymentDescriber.selector(jobSpec["selector"]))\n")
        for (title, field) in [("Parallelism", "parallelism"), ("Completions", "completions")] {
            w.write(0, "\(title):\t\(jobSpec[field] == nil ? "<unset>" : jobSpec.text(field))\n")
        }
        if jobSpec["activeDeadlineSeconds"] != nil { w.write(0, "Active Deadline Seconds:\t\(jobSpec.text("activeDeadlineSeconds"))s\n") }
        PodTemplateDescriber.describe(jobSpec["template"] ?? .object([]), &w)
        let last = c.text("status", "lastScheduleTime")
        w.write(0, "Last Schedule Time:\t\(last.isEmpty ? "<unset>" : NodeDescriber.time(last))\n")
        let active = (c[path: "status", "active"]?.items ?? []).map { $0.text("name") }
        w.write(0, "Active Jobs:\t\(active.isEmpty ? "<none>" : active.joined(separator: ", "))\n")
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }

    /// `describeQuota`: each resource's used and hard amounts (used in the hard amount's format); no events.
    static func resourceQuota(_ q: JSONValue, _ events: [JSONValue], _ now: Double) -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(q.text("metadata", "name"))\n")
        w.write(0, "Namespace:\t\(q.text("metadata", "namespace"))\n")
        quotaScopes(q, level: 0, &w)
        w.write(0, "Resource\tUsed\tHard\n")
        w.write(0, "--------\t----\t----\n")
        let used = q[path: "status", "used"]?.stringMap ?? []
        for (resource, hardText) in (q[path: "status", "hard"]?.stringMap ?? []).sorted(by: { $0.key < $1.key }) {
            let hard = KubernetesQuantity(hardText)
            var amount = KubernetesQuantity(used.first { $0.key == resource }?.value ?? "0") ?? .zero
            // `resource.NewQuantity(used.Value(), hard.Format)` when the formats differ.
            if let hard, hard.format != amount.format { amount = KubernetesQuantity(millis: amount.value * 1000, format: hard.format) }
            w.write(0, "\(resource)\t\(amount.description)\t\(hard?.description ?? hardText)\n")
        }
        return w.finish()
    }

    /// A quota's scopes, sorted, each with kubectl's help text.
    static func quotaScopes(_ q: JSONValue, level: Int, _ w: inout DescribeWriter) {
        let scopes = (q[path: "spec", "scopes"]?.items ?? []).map { $0.text() }.sorted()
        guard !scopes.isEmpty else { return }
        w.write(level, "Scopes:\t\(scopes.joined(separator: ", "))\n")
        let help = [
            "Terminating": "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.",
            "NotTerminating": "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.",
            "BestEffort": "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
            "NotBestEffort": "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.",
        ]
        // The quota's own page puts the help under the scopes at the margin; the namespace's indents it.
        for scope in scopes { if let text = help[scope] { w.write(level, (level == 0 ? " * " : "* ") + text + "\n") } }
    }

    /// `describeLimitRange`: one row per limit and resource.
    static func limitRange(_ l: JSONValue, _ events: [JSONValue], _ now: Double) -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(l.text("metadata", "name"))\n")
        w.write(0, "Namespace:\t\(l.text("metadata", "namespace"))\n")
        w.write(0, "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n")
        w.write(0, "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
        limitRows(l, prefix: "", &w)
        return w.finish()
    }

    /// `describeLimitRangeSpec`: for each limit, a row per resource any of its five maps names, `-` where
    /// a map leaves it out. kubectl walks a Go map, so its order varies from run to run; here it is by name.
    static func limitRows(_ l: JSONValue, prefix: String, _ w: inout DescribeWriter) {
        let fields = ["min", "max", "defaultRequest", "default", "maxLimitRequestRatio"]
        for limit in l[path: "spec", "limits"]?.items ?? [] {
            let maps = fields.map { limit[$0]?.stringMap ?? [] }
            let resources = Set(maps.flatMap { $0.map(\.key) }).sorted()
            for resource in resources {
                let cells = maps.map { map in map.first { $0.key == resource }.map { KubernetesQuantity($0.value)?.description ?? $0.value } ?? "-" }
                w.write(0, "\(prefix)\(limit.text("type"))\t\(resource)\t" + cells.joined(separator: "\t") + "\n")
            }
        }
    }
}

extension VolumeAndScalingDescribers {
    /// `describePersistentVolume`: the volume, its claim, its node affinity and its source.
    static func persistentVolume(_ v: JSONValue, _ events: [JSONValue], _ now: Double) -> String {
        var w = DescribeWriter()
        let spec = v["spec"] ?? .object([])
        let annotations = v[path: "metadata", "annotations"]?.stringMap ?? []
        w.write(0, "Name:\t\(v.text("metadata", "name"))\n")
        NodeDescriber.labels(&w, "Labels", v[path: "metadata", "labels"]?.stringMap ?? [])
        NodeDescriber.annotations(&w, "Annotations", annotations)
        w.write(0, "Finalizers:\t[\((v[path: "metadata", "finalizers"]?.items ?? []).map { $0.text() }.joined(separator: " "))]\n")
        w.write(0, "StorageClass:\t\(annotations.first { $0.key == "volume.beta.kubernetes.io/storage-class" }?.value ?? spec.text("storageClassName"))\n")
        w.write(0, "Status:\t\(v.text("status", "phase"))\n")
        let claim = spec["claimRef"].map { "\($0.text("namespace"))/\($0.text("name"))" } ?? ""
        w.write(0, "Claim:\t\(claim)\n")
        w.write(0, "Reclaim Policy:\t\(spec.text("persistentVolumeReclaimPolicy"))\n")
        w.write(0, "Access Modes:\t\(KubectlVolumes.accessModes(spec["accessModes"]))\n")
        if spec["volumeMode"] != nil { w.write(0, "VolumeMode:\t\(spec.text("volumeMode"))\n") }
        w.write(0, "Capacity:\t\(KubectlVolumes.quantity(spec[path: "capacity", "storage"] ?? .string("0")))\n")
        let terms = spec[path: "nodeAffinity", "required", "nodeSelectorTerms"]
        if terms == nil {
            w.write(0, "Node Affinity:\t<none>\n")
        } else {
            w.write(0, "Node Affinity:\t\n")
            let list = terms?.items ?? []
            w.write(1, "Required Terms:\t\(list.isEmpty ? "<none>" : "")\n")
            for (index, term) in list.enumerated() {
                let expressions = term["matchExpressions"]?.items ?? []
                w.write(2, "Term \(index):\t")
                if expressions.isEmpty { w.write(0, "<none>\n") }
                for (position, expression) in expressions.enumerated() {
                    if position != 0 { w.write(2, "\t") }
                    let values = (expression["values"]?.items ?? []).map { $0.text() }
                    w.write(0, "\(expression.text("key")) \(expression.text("operator").lowercased())"
                               + (values.isEmpty ? "" : " [\(values.joined(separator: ", "))]") + "\n")
                }
            }
        }
        w.write(0, "Message:\t\(v.text("status", "message"))\n")
        w.write(0, "Source:\n")
        if !PodTemplateDescriber.storageSource(spec, &w) { w.write(1, "<unknown>\n") }
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }
}
