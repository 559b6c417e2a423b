import ClusterSim
import Foundation
import JSON

/// kubectl's describers (1.32) for the kinds whose page is a function of the object and its
/// events alone: ConfigMaps, Secrets, ServiceAccounts, PodDisruptionBudgets, Endpoints, Jobs.
/// Go ranges over a map's keys in random order; with several data keys kubectl's order varies,
/// here they are sorted.
enum ObjectDescribers {
    /// One page: the object's JSON and the events about it, at `now` (Unix seconds).
    typealias Page = @Sendable (_ object: JSONValue, _ events: [JSONValue], _ now: Double) -> String

    static func configMap(_ c: JSONValue, _ events: [JSONValue], _ now: Double) -> String {
        var w = header(c)
        w.write(0, "\nData\n====\n")
        for (key, value) in (c["data"]?.stringMap ?? []).sorted(by: { $0.key < $1.key }) {
            w.write(0, "\(key):\n----\n\(value)\n\n")
        }
        w.write(0, "\nBinaryData\n====\n")
        for (key, value) in (c["binaryData"]?.stringMap ?? []).sorted(by: { $0.key < $1.key }) {
            w.write(0, "\(key): \(Data(base64Encoded: value)?.count ?? 0) bytes\n")
        }
        w.write(0, "\n")
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }

    static func secret(_ s: JSONValue, _ events: [JSONValue], _ now: Double) -> String {
        var w = header(s)
        w.write(0, "\nType:\t\(s.text("type"))\n")
        w.write(0, "\nData\n====\n")
        for (key, value) in (s["data"]?.stringMap ?? []).sorted(by: { $0.key < $1.key }) {
            w.write(0, "\(key):\t\(Data(base64Encoded: value)?.count ?? 0) bytes\n")
        }
        return w.finish()
    }

    static func serviceAccount(_ a: JSONValue, _ events: [JSONValue], _ now: Double) -> String {
        var w = header(a)
        let names = { (field: String) in (a[field]?.items ?? []).map { $0.text("name") } }
        // kubectl lists the three headers in sorted order.
        for (header, list) in [("Image pull secrets:", names("imagePullSecrets")), ("Mountable secrets: ", names("secrets")),
                               ("Tokens:            ", [])] {
            guard !list.isEmpty else {
                w.write(0, "\(header)\t<none>\n")
                continue
            }
            var prefix = header
            for name in list {
                w.write(0, "\(prefix)\t\(name)\n")
                prefix = "                   "
            }
        }
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }

    static func podDisruptionBudget(_ p: JSONValue, _ events: [JSONValue], _ now: Double) -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(p.text("metadata", "name"))\n")
        w.write(0, "Namespace:\t\(p.text("metadata", "namespace"))\n")
        if p[path: "spec", "minAvailable"] != nil {
            w.write(0, "Min available:\t\(p.text("spec", "minAvailable"))\n")
        } else if p[path: "spec", "maxUnavailable"] != nil {
            w.write(0, "Max unavailable:\t\(p.text("spec", "maxUnavailable"))\n")
        }
        w.write(0, "Selector:\t\(p[path: "spec", "selector"] == nil ? "<unset>" : DeploymentDescriber.selector(p[path: "spec", "selector"]))\n")
        w.write(0, "Status:\n")
        let count = { (field: String) in Int(p.text("status", field)) ?? 0 }
        w.write(2, "Allowed disruptions:\t\(count("disruptionsAllowed"))\n")
        w.write(2, "Current:\t\(count("currentHealthy"))\n")
        w.write(2, "Desired:\t\(count("desiredHealthy"))\n")
        w.write(2, "Total:\t\(count("expectedPods"))\n")
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }

    static func endpoints(_ e: JSONValue, _ events: [JSONValue], _ now: Double) -> String {
        var w = header(e)
        w.write(0, "Subsets:\n")
        for subset in e["subsets"]?.items ?? [] {
            let ips = { (field: String) -> String in
                let list = (subset[field]?.items ?? []).map { $0.text("ip") }
                return list.isEmpty ? "<none>" : list.joined(separator: ",")
            }
            w.write(1, "Addresses:\t\(ips("addresses"))\n")
            w.write(1, "NotReadyAddresses:\t\(ips("notReadyAddresses"))\n")
            let ports = subset["ports"]?.items ?? []
            if !ports.isEmpty {
                w.write(1, "Ports:\n")
                w.write(2, "Name\tPort\tProtocol\n")
                w.write(2, "----\t----\t--------\n")
                for port in ports {
                    let name = port.text("name")
                    w.write(2, "\(name.isEmpty ? "<unset>" : name)\t\(port.text("port"))\t\(port.text("protocol"))\n")
                }
            }
            w.write(0, "\n")
        }
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }

    static func job(_ j: JSONValue, _ events: [JSONValue], _ now: Double) -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(j.text("metadata", "name"))\n")
        w.write(0, "Namespace:\t\(j.text("metadata", "namespace"))\n")
        w.write(0, "Selector:\t\(DeploymentDescriber.selector(j[path: "spec", "selector"]))\n")
        NodeDescriber.labels(&w, "Labels", j[path: "metadata", "labels"]?.stringMap ?? [])
        NodeDescriber.annotations(&w, "Annotations", j[path: "metadata", "annotations"]?.stringMap ?? [])
        if j[path: "spec", "parallelism"] != nil { w.write(0, "Parallelism:\t\(j.text("spec", "parallelism"))\n") }
        w.write(0, "Completions:\t\(j[path: "spec", "completions"] == nil ? "<unset>" : j.text("spec", "completions"))\n")
        if j[path: "spec", "completionMode"] != nil { w.write(0, "Completion Mode:\t\(j.text("spec", "completionMode"))\n") }
        if j[path: "spec", "suspend"] != nil { w.write(0, "Suspend:\t\(j.text("spec", "suspend"))\n") }
        if j[path: "spec", "backoffLimit"] != nil { w.write(0, "Backoff Limit:\t\(j.text("spec", "backoffLimit"))\n") }
        let start = j.text("status", "startTime"), end = j.text("status", "completionTime")
        if !start.isEmpty { w.write(0, "Start Time:\t\(NodeDescriber.time(start))\n") }
        if !end.isEmpty { w.write(0, "Completed At:\t\(NodeDescriber.time(end))\n") }
        if let from = DescribeTime.epoch(start), let to = DescribeTime.epoch(end) {
            w.write(0, "Duration:\t\(HumanDuration.format(seconds: to - from))\n")
        }
        let count = { (field: String) in Int(j.text("status", field)) ?? 0 }
        if j[path: "status", "ready"] == nil {
            w.write(0, "Pods Statuses:\t\(count("active")) Active / \(count("succeeded")) Succeeded / \(count("failed")) Failed\n")
        } else {
            w.write(0, "Pods Statuses:\t\(count("active")) Active (\(count("ready")) Ready) / \(count("succeeded")) Succeeded / \(count("failed")) Failed\n")
        }
        PodTemplateDescriber.describe(j[path: "spec", "template"] ?? .object([]), &w)
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }

    static func service(_ s: JSONValue, slices: [JSONValue], _ events: [JSONValue], _ now: Double) -> String {
        var w = header(s)
        let spec = s["spec"] ?? .object([])
        let selector = Dictionary(spec["selector"]?.stringMap.map { ($0.key, $0.value) } ?? [], uniquingKeysWith: { a, _ in a })
        w.write(0, "Selector:\t\(selector.isEmpty ? "<none>" : KubectlDeployments.selectorText(selector))\n")
        w.write(0, "Type:\t\(spec.text("type"))\n")
        if spec["ipFamilyPolicy"] != nil { w.write(0, "IP Family Policy:\t\(spec.text("ipFamilyPolicy"))\n") }
        let families = (spec["ipFamilies"]?.items ?? []).map { $0.text() }
        w.write(0, "IP Families:\t\(families.isEmpty ? "<none>" : families.joined(separator: ","))\n")
        w.write(0, "IP:\t\(spec.text("clusterIP"))\n")
        let ips = (spec["clusterIPs"]?.items ?? []).map { $0.text() }
        w.write(0, "IPs:\t\(ips.isEmpty ? "<none>" : ips.joined(separator: ","))\n")
        for port in spec["ports"]?.items ?? [] {
            let name = port.text("name").isEmpty ? "<unset>" : port.text("name")
            let proto = port.text("protocol")
            w.write(0, "Port:\t\(name)\t\(port.text("port"))/\(proto)\n")
            w.write(0, "TargetPort:\t\(port.text("targetPort"))/\(proto)\n")
            if !port.text("nodePort").isEmpty && port.text("nodePort") != "0" { w.write(0, "NodePort:\t\(name)\t\(port.text("nodePort"))/\(proto)\n") }
            w.write(0, "Endpoints:\t\(endpoints(slices, port: port.text("name")))\n")
        }
        w.write(0, "Session Affinity:\t\(spec.text("sessionAffinity"))\n")
        if spec["externalTrafficPolicy"] != nil { w.write(0, "External Traffic Policy:\t\(spec.text("externalTrafficPolicy"))\n") }
        if spec["internalTrafficPolicy"] != nil { w.write(0, "Internal Traffic Policy:\t\(spec.text("internalTrafficPolicy"))\n") }
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }

    /// `formatEndpointSlices` for one Service port: each ready endpoint's `ip:port`, three shown.
    static func endpoints(_ slices: [JSONValue], port name: String) -> String {
        guard !slices.isEmpty else { return "<none>" }
        var list: [String] = []
        var count = 0
        for slice in slices {
            for port in slice["ports"]?.items ?? [] where port.text("name") == name {
                for endpoint in slice["endpoints"]?.items ?? [] where endpoint[path: "conditions", "ready"] != .bool(false) {
                    if list.count < 3 { list.append("\(endpoint["addresses"]?.items.first?.text() ?? ""):\(port.text("port"))") }
                    count += 1
                }
            }
        }
        return list.joined(separator: ",") + (count > 3 ? " + \(count - 3) more..." : "")
    }

    /// `N Running / N Waiting / N Succeeded / N Failed` from the owned pods' phases.
    static func podsStatus(_ phases: [String]) -> String {
        let count = { (phase: String) in phases.filter { $0 == phase }.count }
        return "\(count("Running")) Running / \(count("Pending")) Waiting / \(count("Succeeded")) Succeeded / \(count("Failed")) Failed"
    }

    /// `Kind/name` of the object's controller, if it has one.
    static func controller(_ object: JSONValue) -> String? {
        (object[path: "metadata", "ownerReferences"]?.items ?? []).first { $0["controller"] == .bool(true) }
            .map { "\($0.text("kind"))/\($0.text("name"))" }
    }

    static func replicaSet(_ r: JSONValue, pods: [String], _ events: [JSONValue], _ now: Double) -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(r.text("metadata", "name"))\n")
        w.write(0, "Namespace:\t\(r.text("metadata", "namespace"))\n")
        w.write(0, "Selector:\t\(DeploymentDescriber.selector(r[path: "spec", "selector"]))\n")
        NodeDescriber.labels(&w, "Labels", r[path: "metadata", "labels"]?.stringMap ?? [])
        NodeDescriber.annotations(&w, "Annotations", r[path: "metadata", "annotations"]?.stringMap ?? [])
        if let controller = controller(r) { w.write(0, "Controlled By:\t\(controller)\n") }
        w.write(0, "Replicas:\t\(Int(r.text("status", "replicas")) ?? 0) current / \(r.text("spec", "replicas")) desired\n")
        w.write(0, "Pods Status:\t\(podsStatus(pods))\n")
        PodTemplateDescriber.describe(r[path: "spec", "template"] ?? .object([]), &w)
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }

    static func daemonSet(_ d: JSONValue, pods: [String], _ events: [JSONValue], _ now: Double) -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(d.text("metadata", "name"))\n")
        w.write(0, "Namespace:\t\(d.text("metadata", "namespace"))\n")
        w.write(0, "Selector:\t\(DeploymentDescriber.selector(d[path: "spec", "selector"]))\n")
        let nodeSelector = d[path: "spec", "template", "spec", "nodeSelector"]?.stringMap ?? []
        w.write(0, "Node-Selector:\t\(nodeSelector.isEmpty ? "<none>" : nodeSelector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))\n")
        NodeDescriber.labels(&w, "Labels", d[path: "metadata", "labels"]?.stringMap ?? [])
        NodeDescriber.annotations(&w, "Annotations", d[path: "metadata", "annotations"]?.stringMap ?? [])
        let count = { (field: String) in Int(d.text("status", field)) ?? 0 }
        w.write(0, "Desired Number of Nodes Scheduled: \(count("desiredNumberScheduled"))\n")
        w.write(0, "Current Number of Nodes Scheduled: \(count("currentNumberScheduled"))\n")
        w.write(0, "Number of Nodes Scheduled with Up-to-date Pods: \(count("updatedNumberScheduled"))\n")
        w.write(0, "Number of Nodes Scheduled with Available Pods: \(count("numberAvailable"))\n")
        w.write(0, "Number of Nodes Misscheduled: \(count("numberMisscheduled"))\n")
        w.write(0, "Pods Status:\t\(podsStatus(pods))\n")
        PodTemplateDescriber.describe(d[path: "spec", "template"] ?? .object([]), &w)
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }

    static func statefulSet(_ s: JSONValue, pods: [String], _ events: [JSONValue], _ now: Double) -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(s.text("metadata", "name"))\n")
        w.write(0, "Namespace:\t\(s.text("metadata", "namespace"))\n")
        w.write(0, "CreationTimestamp:\t\(NodeDescriber.time(s.text("metadata", "creationTimestamp")))\n")
        w.write(0, "Selector:\t\(DeploymentDescriber.selector(s[path: "spec", "selector"]))\n")
        NodeDescriber.labels(&w, "Labels", s[path: "metadata", "labels"]?.stringMap ?? [])
        NodeDescriber.annotations(&w, "Annotations", s[path: "metadata", "annotations"]?.stringMap ?? [])
        w.write(0, "Replicas:\t\(s.text("spec", "replicas")) desired | \(Int(s.text("status", "replicas")) ?? 0) total\n")
        w.write(0, "Update Strategy:\t\(s.text("spec", "updateStrategy", "type"))\n")
        if let partition = s[path: "spec", "updateStrategy", "rollingUpdate", "partition"] {
            w.write(1, "Partition:\t\(JSONSerializer.compact(partition))\n")
            if let most = s[path: "spec", "updateStrategy", "rollingUpdate", "maxUnavailable"] { w.write(1, "MaxUnavailable:\t\(most.text())\n") }
        }
        w.write(0, "Pods Status:\t\(podsStatus(pods))\n")
        PodTemplateDescriber.describe(s[path: "spec", "template"] ?? .object([]), &w)
        w.write(0, "Volume Claims:\t<none>\n")
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }

    /// A namespace's page: its phase, then its quotas and limit ranges (none here; kubectl says so).
    /// `describeNamespace`: the namespace, then its quotas (`DescribeResourceQuotas`, by name) and its
    /// limit ranges (`DescribeLimitRanges`, merged into one table).
    static func namespace(_ n: JSONValue, quotas: [JSONValue], limitRanges: [JSONValue]) -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(n.text("metadata", "name"))\n")
        NodeDescriber.labels(&w, "Labels", n[path: "metadata", "labels"]?.stringMap ?? [])
        NodeDescriber.annotations(&w, "Annotations", n[path: "metadata", "annotations"]?.stringMap ?? [])
        w.write(0, "Status:\t\(n.text("status", "phase"))\n")
        w.write(0, "\n")
        if quotas.isEmpty {
            w.write(0, "No resource quota.\n")
        } else {
            w.write(0, "Resource Quotas\n")
            for quota in quotas.sorted(by: { $0.text("metadata", "name") < $1.text("metadata", "name") }) {
                w.write(1, "Name:\t\(quota.text("metadata", "name"))\n")
                VolumeAndScalingDescribers.quotaScopes(quota, level: 1, &w)
                w.write(1, "Resource\tUsed\tHard\n")
                w.write(1, "--------\t---\t---\n")
                let used = quota[path: "status", "used"]?.stringMap ?? []
                for (resource, hard) in (quota[path: "status", "hard"]?.stringMap ?? []).sorted(by: { $0.key < $1.key }) {
                    w.write(1, "\(resource)\t\(used.first { $0.key == resource }?.value ?? "0")\t\(hard)\n")
                }
            }
        }
        w.write(0, "\n")
        if limitRanges.isEmpty {
            w.write(0, "No LimitRange resource.\n")
        } else {
            w.write(0, "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n")
            w.write(0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
            for range in limitRanges { VolumeAndScalingDescribers.limitRows(range, prefix: " ", &w) }
        }
        return w.finish()
    }

    /// Name, namespace, labels and annotations: how most pages begin.
    static func header(_ object: JSONValue) -> DescribeWriter {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(object.text("metadata", "name"))\n")
        w.write(0, "Namespace:\t\(object.text("metadata", "namespace"))\n")
        NodeDescriber.labels(&w, "Labels", object[path: "metadata", "labels"]?.stringMap ?? [])
        NodeDescriber.annotations(&w, "Annotations", object[path: "metadata", "annotations"]?.stringMap ?? [])
        return w
    }
}
