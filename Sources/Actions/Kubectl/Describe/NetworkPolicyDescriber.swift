import ClusterSim
import JSON

/// `describeNetworkPolicy`: the pods it selects, then each ingress and egress rule (ports, then
/// peers), and its policy types. kubectl prints no events for it.
enum NetworkPolicyDescriber {
    static func page(_ policy: JSONValue, _ events: [JSONValue], _ now: Double) -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(policy.text("metadata", "name"))\n")
        w.write(0, "Namespace:\t\(policy.text("metadata", "namespace"))\n")
        w.write(0, "Created on:\t\(goTime(policy.text("metadata", "creationTimestamp")))\n")
        NodeDescriber.labels(&w, "Labels", policy[path: "metadata", "labels"]?.stringMap ?? [])
        NodeDescriber.annotations(&w, "Annotations", policy[path: "metadata", "annotations"]?.stringMap ?? [])
        let spec = policy["spec"] ?? .object([])
        w.write(0, "Spec:\n")
        w.write(1, "PodSelector: ")
        let podSelector = spec["podSelector"]
        let selects = !(podSelector?["matchLabels"]?.stringMap ?? []).isEmpty || !(podSelector?["matchExpressions"]?.items ?? []).isEmpty
        w.write(2, selects ? "\(DeploymentDescriber.selector(podSelector))\n" : "<none> (Allowing the specific traffic to all pods in this namespace)\n")
        let types = (spec["policyTypes"]?.items ?? []).compactMap(\.stringValue)
        if types.contains("Ingress") {
            w.write(1, "Allowing ingress traffic:\n")
            rules(&w, spec["ingress"]?.items ?? [], peers: "from", peerTitle: "From", isolated: "ingress", unrestricted: "traffic not restricted by source")
        } else {
            w.write(1, "Not affecting ingress traffic\n")
        }
        if types.contains("Egress") {
            w.write(1, "Allowing egress traffic:\n")
            rules(&w, spec["egress"]?.items ?? [], peers: "to", peerTitle: "To", isolated: "egress", unrestricted: "traffic not restricted by destination")
        } else {
            w.write(1, "Not affecting egress traffic\n")
        }
        w.write(1, "Policy Types: \(types.joined(separator: ", "))\n")
        return w.finish()
    }

    /// One direction's rules, separated by a dashed line.
    static func rules(_ w: inout DescribeWriter, _ rules: [JSONValue], peers field: String, peerTitle: String, isolated: String, unrestricted: String) {
        let indent = "    "
        guard !rules.isEmpty else {
            w.write(0, "\(indent)<none> (Selected pods are isolated for \(isolated) connectivity)\n")
            return
        }
        for (index, rule) in rules.enumerated() {
            let ports = rule["ports"]?.items ?? []
            if ports.isEmpty {
                w.write(0, "\(indent)To Port: <any> (traffic allowed to all ports)\n")
            }
            for port in ports {
                let proto = port["protocol"]?.stringValue ?? "TCP"
                // kubectl prints the port with Go's %s: a missing one is a nil pointer, `<nil>`.
                let number = port["port"].map { $0.stringValue ?? JSONSerializer.compact($0) } ?? "<nil>"
                if let end = port["endPort"] {
                    w.write(0, "\(indent)To Port Range: \(number)-\(JSONSerializer.compact(end))/\(proto)\n")
                } else {
                    w.write(0, "\(indent)To Port: \(number)/\(proto)\n")
                }
            }
            let peerList = rule[field]?.items ?? []
            if peerList.isEmpty {
                w.write(0, "\(indent)\(peerTitle): <any> (\(unrestricted))\n")
            }
            for peer in peerList {
                w.write(0, "\(indent)\(peerTitle):\n")
                if let pods = peer["podSelector"], let namespaces = peer["namespaceSelector"] {
                    w.write(1, "\(indent)NamespaceSelector: \(DeploymentDescriber.selector(namespaces))\n")
                    w.write(1, "\(indent)PodSelector: \(DeploymentDescriber.selector(pods))\n")
                } else if let pods = peer["podSelector"] {
                    w.write(1, "\(indent)PodSelector: \(DeploymentDescriber.selector(pods))\n")
                } else if let namespaces = peer["namespaceSelector"] {
                    w.write(1, "\(indent)NamespaceSelector: \(DeploymentDescriber.selector(namespaces))\n")
                } else if let block = peer["ipBlock"] {
                    w.write(1, "\(indent)IPBlock:\n")
                    w.write(2, "\(indent)CIDR: \(block.text("cidr"))\n")
                    w.write(2, "\(indent)Except: \((block["except"]?.items ?? []).compactMap(\.stringValue).joined(separator: ", "))\n")
                }
            }
            if index != rules.count - 1 { w.write(0, "\(indent)----------\n") }
        }
    }

    /// A timestamp as Go's `time.Time` prints itself in UTC: `2025-11-20 09:00:36 +0000 UTC`.
    static func goTime(_ rfc3339: String) -> String {
        guard rfc3339.count >= 19 else { return rfc3339 }
        let date = rfc3339.prefix(10), clock = rfc3339.dropFirst(11).prefix(8)
        return "\(date) \(clock) +0000 UTC"
    }
}
