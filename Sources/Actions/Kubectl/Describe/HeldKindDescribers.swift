import ClusterSim
import JSON

/// kubectl's describers (1.32) for the kinds the store holds as written: Ingress (its backends'
/// endpoints read from the cluster), IngressClass, the RBAC kinds, StorageClass, PriorityClass.
enum HeldKindDescribers {
    static func ingress(_ i: JSONValue, events: [JSONValue], now: Double, backend: (JSONValue) -> String) -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(i.text("metadata", "name"))\n")
        NodeDescriber.labels(&w, "Labels", i[path: "metadata", "labels"]?.stringMap ?? [])
        w.write(0, "Namespace:\t\(i.text("metadata", "namespace"))\n")
        w.write(0, "Address:\t\(KubectlHeldKinds.address(i[path: "status", "loadBalancer", "ingress"]?.items ?? []))\n")
        w.write(0, "Ingress Class:\t\(i[path: "spec", "ingressClassName"]?.stringValue ?? "<none>")\n")
        let defaultBackend = i[path: "spec", "defaultBackend"].map(backend) ?? "<default>"
        w.write(0, "Default backend:\t\(defaultBackend)\n")
        let tls = i[path: "spec", "tls"]?.items ?? []
        if !tls.isEmpty {
            w.write(0, "TLS:\n")
            for entry in tls {
                let hosts = (entry["hosts"]?.items ?? []).map { $0.text() }.joined(separator: ",")
                w.write(1, entry.text("secretName").isEmpty ? "SNI routes \(hosts)\n" : "\(entry.text("secretName")) terminates \(hosts)\n")
            }
        }
        w.write(0, "Rules:\n  Host\tPath\tBackends\n")
        w.write(1, "----\t----\t--------\n")
        var count = 0
        for rule in i[path: "spec", "rules"]?.items ?? [] {
            guard let http = rule["http"], case .object = http else { continue }
            count += 1
            let host = rule.text("host")
            w.write(1, "\(host.isEmpty ? "*" : host)\t\n")
            for path in http["paths"]?.items ?? [] {
                w.write(2, "\t\(path.text("path")) \t\(path["backend"].map(backend) ?? "")\n")
            }
        }
        if count == 0 { w.write(1, "*\t*\t\(defaultBackend)\n") }
        NodeDescriber.annotations(&w, "Annotations", i[path: "metadata", "annotations"]?.stringMap ?? [])
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }

    /// A backend: `service:port (endpoints)`, or the resource it names.
    static func backend(_ backend: JSONValue, service: JSONValue?, slices: [JSONValue]) -> String {
        if let reference = backend["service"], case .object = reference {
            let port = reference["port"]
            let portText = port?["number"].map { $0.text() } ?? port?.text("name") ?? ""
            let name = "\(reference.text("name")):\(portText)"
            guard let service else {
                return "\(name) (<error: services \"\(reference.text("name"))\" not found>)"
            }
            var portName = ""
            for servicePort in service[path: "spec", "ports"]?.items ?? [] {
                if let number = port?["number"], number.text() != "0", number.text() == servicePort.text("port") {
                    portName = servicePort.text("name")
                } else if let wanted = port?["name"]?.stringValue, !wanted.isEmpty, wanted == servicePort.text("name") {
                    portName = servicePort.text("name")
                }
            }
            return "\(name) (\(ObjectDescribers.endpoints(slices, port: portName)))"
        }
        if let resource = backend["resource"], case .object = resource {
            return "APIGroup: \(resource["apiGroup"]?.stringValue ?? "<none>"), Kind: \(resource.text("kind")), Name: \(resource.text("name"))"
        }
        return ""
    }

    static func ingressClass(_ c: JSONValue, _ events: [JSONValue], _ now: Double) -> String {
        var w = nameLabelsAnnotations(c)
        w.write(0, "Controller:\t\(c.text("spec", "controller"))\n")
        if let parameters = c[path: "spec", "parameters"], case .object = parameters {
            w.write(0, "Parameters:\n")
            if let group = parameters["apiGroup"]?.stringValue { w.write(1, "APIGroup:\t\(group)\n") }
            w.write(1, "Kind:\t\(parameters.text("kind"))\n")
            w.write(1, "Name:\t\(parameters.text("name"))\n")
        }
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }

    /// Roles and ClusterRoles: their rules broken down to one verb on one resource each, put back
    /// together per resource (kubectl's `BreakdownRule` and `CompactRules`), sorted as Go prints them.
    static func role(_ r: JSONValue, _ events: [JSONValue], _ now: Double) -> String {
        var w = nameLabelsAnnotations(r)
        w.write(0, "PolicyRule:\n")
        w.write(1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n")
        w.write(1, "---------\t-----------------\t--------------\t-----\n")
        for rule in PolicyRule.compacted((r["rules"]?.items ?? []).flatMap { PolicyRule.brokenDown($0) }) {
            w.write(1, "\(rule.resourceAndGroup)\t\(PolicyRule.goList(rule.nonResourceURLs))\t\(PolicyRule.goList(rule.resourceNames))\t\(PolicyRule.goList(rule.verbs))\n")
        }
        return w.finish()
    }

    static func binding(_ b: JSONValue, _ events: [JSONValue], _ now: Double) -> String {
        var w = nameLabelsAnnotations(b)
        w.write(0, "Role:\n")
        w.write(1, "Kind:\t\(b.text("roleRef", "kind"))\n")
        w.write(1, "Name:\t\(b.text("roleRef", "name"))\n")
        w.write(0, "Subjects:\n")
        w.write(1, "Kind\tName\tNamespace\n")
        w.write(1, "----\t----\t---------\n")
        for subject in b["subjects"]?.items ?? [] {
            w.write(1, "\(subject.text("kind"))\t\(subject.text("name"))\t\(subject.text("namespace"))\n")
        }
        return w.finish()
    }

    static func storageClass(_ s: JSONValue, _ events: [JSONValue], _ now: Double) -> String {
        var w = DescribeWriter()
        let annotations = s[path: "metadata", "annotations"]?.stringMap ?? []
        let isDefault = KubectlHeldKinds.isDefaultStorageClass(Dictionary(annotations.map { ($0.key, $0.value) }) { a, _ in a })
        w.write(0, "Name:\t\(s.text("metadata", "name"))\n")
        w.write(0, "IsDefaultClass:\t\(isDefault ? "Yes" : "No")\n")
        w.write(0, "Annotations:\t\(formatLabels(annotations))\n")
        w.write(0, "Provisioner:\t\(s.text("provisioner"))\n")
        w.write(0, "Parameters:\t\(formatLabels(s["parameters"]?.stringMap ?? []))\n")
        let expansion = s["allowVolumeExpansion"].map { $0 == .bool(true) ? "True" : "False" } ?? "<unset>"
        w.write(0, "AllowVolumeExpansion:\t\(expansion)\n")
        let options = (s["mountOptions"]?.items ?? []).map { $0.text() }
        if options.isEmpty {
            w.write(0, "MountOptions:\t<none>\n")
        } else {
            w.write(0, "MountOptions:\n")
            for option in options { w.write(1, "\(option)\n") }
        }
        if s["reclaimPolicy"] != nil { w.write(0, "ReclaimPolicy:\t\(s.text("reclaimPolicy"))\n") }
        if s["volumeBindingMode"] != nil { w.write(0, "VolumeBindingMode:\t\(s.text("volumeBindingMode"))\n") }
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }

    static func priorityClass(_ p: JSONValue, _ events: [JSONValue], _ now: Double) -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(p.text("metadata", "name"))\n")
        w.write(0, "Value:\t\(p["value"].map { $0.text() } ?? "0")\n")
        w.write(0, "GlobalDefault:\t\(p["globalDefault"] == .bool(true) ? "true" : "false")\n")
        w.write(0, "PreemptionPolicy:\t\(p.text("preemptionPolicy"))\n")
        w.write(0, "Description:\t\(p.text("description"))\n")
        w.write(0, "Annotations:\t\(formatLabels(p[path: "metadata", "annotations"]?.stringMap ?? []))\n")
        NodeDescriber.events(&w, events, now: now)
        return w.finish()
    }

    /// How the pages of cluster-wide kinds (and RBAC's) begin: name, labels, annotations.
    static func nameLabelsAnnotations(_ object: JSONValue) -> DescribeWriter {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(object.text("metadata", "name"))\n")
        NodeDescriber.labels(&w, "Labels", object[path: "metadata", "labels"]?.stringMap ?? [])
        NodeDescriber.annotations(&w, "Annotations", object[path: "metadata", "annotations"]?.stringMap ?? [])
        return w
    }

    /// apimachinery's `labels.FormatLabels`: `k=v,k2=v2` sorted, `<none>` when empty.
    static func formatLabels(_ pairs: [(key: String, value: String)]) -> String {
        pairs.isEmpty ? "<none>" : pairs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}

/// An RBAC rule as kubectl's describer handles it.
struct PolicyRule: Equatable {
    var verbs: [String]
    var apiGroups: [String] = []
    var resources: [String] = []
    var resourceNames: [String] = []
    var nonResourceURLs: [String] = []

    /// One verb on one resource (and name) each.
    static func brokenDown(_ rule: JSONValue) -> [PolicyRule] {
        let list = { (field: String) in (rule[field]?.items ?? []).map { $0.text() } }
        var rules: [PolicyRule] = []
        for group in list("apiGroups") {
            for resource in list("resources") {
                for verb in list("verbs") {
                    if list("resourceNames").isEmpty {
                        rules.append(PolicyRule(verbs: [verb], apiGroups: [group], resources: [resource]))
                    } else {
                        for name in list("resourceNames") {
                            rules.append(PolicyRule(verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [name]))
                        }
                    }
                }
            }
        }
        for url in list("nonResourceURLs") {
            for verb in list("verbs") { rules.append(PolicyRule(verbs: [verb], nonResourceURLs: [url])) }
        }
        return rules
    }

    /// Rules on the same single resource (and name) merged, their verbs in first-seen order; then
    /// sorted by Go's `String()` of the rule, whose first field is the verbs.
    static func compacted(_ rules: [PolicyRule]) -> [PolicyRule] {
        var others: [PolicyRule] = []
        var simple: [PolicyRule] = []
        for rule in rules {
            guard rule.nonResourceURLs.isEmpty, rule.resourceNames.count <= 1, rule.apiGroups.count == 1, rule.resources.count == 1 else {
                others.append(rule)
                continue
            }
            if let index = simple.firstIndex(where: { $0.apiGroups == rule.apiGroups && $0.resources == rule.resources && $0.resourceNames == rule.resourceNames }) {
                for verb in rule.verbs where !simple[index].verbs.contains(verb) { simple[index].verbs.append(verb) }
            } else {
                simple.append(rule)
            }
        }
        return (others + simple).enumerated().sorted { ($0.element.goString, $0.offset) < ($1.element.goString, $1.offset) }.map(\.element)
    }

    var goString: String {
        "&PolicyRule{Verbs:\(Self.goList(verbs)),APIGroups:\(Self.goList(apiGroups)),Resources:\(Self.goList(resources)),"
            + "ResourceNames:\(Self.goList(resourceNames)),NonResourceURLs:\(Self.goList(nonResourceURLs)),}"
    }

    /// `CombineResourceGroup`: `deployments.apps`, `pods/log`, `pods` for the core group.
    var resourceAndGroup: String {
        guard let first = resources.first else { return "" }
        let parts = first.split(separator: "/", maxSplits: 1).map(String.init)
        var combined = parts[0]
        if let group = apiGroups.first, !group.isEmpty { combined += "." + group }
        if parts.count == 2 { combined += "/" + parts[1] }
        return combined
    }

    /// Go's `%v` of a string slice.
    static func goList(_ items: [String]) -> String { "[" + items.joined(separator: " ") + "]" }
}
