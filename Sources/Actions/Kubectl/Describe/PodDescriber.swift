import JSON

/// `kubectl describe pod`: kubectl's `describePod` (1.32) on the pod as the API serves it and the
/// events about it.
struct PodDescriber {
    var pod: JSONValue
    var events: [JSONValue]
    /// Unix seconds now (ages).
    var now: Double

    func describe() -> String {
        var w = DescribeWriter()
        let p = pod
        w.write(0, "Name:\t\(p.text("metadata", "name"))\n")
        w.write(0, "Namespace:\t\(p.text("metadata", "namespace"))\n")
        let priority = p.text("spec", "priority")
        if !priority.isEmpty { w.write(0, "Priority:\t\(priority)\n") }
        let account = p.text("spec", "serviceAccountName")
        if !account.isEmpty { w.write(0, "Service Account:\t\(account)\n") }
        let node = p.text("spec", "nodeName")
        w.write(0, node.isEmpty ? "Node:\t<none>\n" : "Node:\t\(node)/\(p.text("status", "hostIP"))\n")
        let start = p.text("status", "startTime")
        if !start.isEmpty { w.write(0, "Start Time:\t\(NodeDescriber.time(start))\n") }
        NodeDescriber.labels(&w, "Labels", p[path: "metadata", "labels"]?.stringMap ?? [])
        NodeDescriber.annotations(&w, "Annotations", p[path: "metadata", "annotations"]?.stringMap ?? [])
        let deletion = p.text("metadata", "deletionTimestamp"), phase = p.text("status", "phase")
        if !deletion.isEmpty, phase != "Failed", phase != "Succeeded" {
            let since = DescribeTime.epoch(deletion).map { HumanDuration.format(seconds: now - $0) } ?? "<unknown>"
            w.write(0, "Status:\tTerminating (lasts \(since))\n")
            w.write(0, "Termination Grace Period:\t\(p.text("metadata", "deletionGracePeriodSeconds"))s\n")
        } else {
            w.write(0, "Status:\t\(phase)\n")
        }
        for key in ["reason", "message"] {
            let value = p.text("status", key)
            if !value.isEmpty { w.write(0, "\(key.prefix(1).uppercased() + key.dropFirst()):\t\(value)\n") }
        }
        w.write(0, "IP:\t\(p.text("status", "podIP"))\n")
        let ips = p[path: "status", "podIPs"]?.items ?? []
        if ips.isEmpty {
            w.write(0, "IPs:\t<none>\n")
        } else {
            w.write(0, "IPs:\n")
            for ip in ips { w.write(1, "IP:\t\(ip.text("ip"))\n") }
        }
        if let owner = (p[path: "metadata", "ownerReferences"]?.items ?? []).first(where: { $0["controller"] == .bool(true) }) {
            w.write(0, "Controlled By:\t\(owner.text("kind"))/\(owner.text("name"))\n")
        }
        let spec = p["spec"] ?? .object([])
        PodTemplateDescriber.containers("Containers", spec["containers"]?.items ?? [], statuses: p[path: "status", "containerStatuses"]?.items ?? [],
                                        space: "", &w)
        let conditions = p[path: "status", "conditions"]?.items ?? []
        if !conditions.isEmpty {
            w.write(0, "Conditions:\n  Type\tStatus\n")
            for condition in conditions { w.write(1, "\(condition.text("type")) \t\(condition.text("status")) \n") }
        }
        PodTemplateDescriber.volumes(spec["volumes"]?.items ?? [], space: "", &w)
        w.write(0, "QoS Class:\t\(p.text("status", "qosClass"))\n")
        NodeDescriber.labels(&w, "Node-Selectors", spec["nodeSelector"]?.stringMap ?? [])
        PodTemplateDescriber.tolerations(spec["tolerations"]?.items ?? [], title: "Tolerations", &w)
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }
}
