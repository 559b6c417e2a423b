import Actions
import ClusterSim
import JSON

/// What a patched Node says that the simulator can do: `spec.unschedulable`, `metadata.labels` and
/// `spec.taints`. Other fields of a Node belong to the kubelet and the cloud provider; a patch that
/// changes them is refused with the API server's 422, naming the field.
enum NodeChanges {
    static func apply(before: JSONValue, after: JSONValue, name: String, type: KubernetesResourceType, simulator: Simulator) throws(KubernetesStatus) {
        if let field = otherChange(before, after, path: [], writable: [["metadata", "labels"], ["spec", "taints"], ["spec", "unschedulable"],
                                                                        ["metadata", "resourceVersion"]]) {
            throw .invalid(type, name, "\(field): Forbidden: Workshop's simulated nodes take changes to labels, taints and spec.unschedulable only")
        }
        var labels: [String: String?] = [:]
        let oldLabels = stringMap(before["metadata"]?["labels"])
        let newLabels = stringMap(after["metadata"]?["labels"])
        for (key, value) in newLabels where oldLabels[key] != value { labels[key] = .some(value) }
        for key in oldLabels.keys where newLabels[key] == nil { labels[key] = .some(nil) }
        var taints: [Taint]? = nil
        if before["spec"]?["taints"] != after["spec"]?["taints"] {
            var list: [Taint] = []
            if case .array(let items)? = after["spec"]?["taints"] {
                for item in items {
                    guard case .string(let key)? = item["key"], case .string(let effect)? = item["effect"],
                          let taint = KubernetesAPI.taint(key: key, value: item["value"]?.stringValue, effect: effect) else {
                        throw .invalid(type, name, "spec.taints: Invalid value: each taint needs a key and an effect of NoSchedule, PreferNoSchedule or NoExecute")
                    }
                    list.append(taint)
                }
            }
            taints = list
        }
        do {
            if !labels.isEmpty || taints != nil { try simulator.patchNode(name, labels: labels, taints: taints) }
            let unschedulable = after["spec"]?["unschedulable"] == .bool(true)
            if unschedulable != (before["spec"]?["unschedulable"] == .bool(true)) { try simulator.setSchedulable(node: name, !unschedulable) }
        } catch {
            throw .notFound(type, name)
        }
    }

    static func stringMap(_ value: JSONValue?) -> [String: String] {
        guard case .object(let pairs)? = value else { return [:] }
        var result: [String: String] = [:]
        for pair in pairs { result[pair.key] = pair.value.stringValue ?? "" }
        return result
    }

    /// The first changed field outside `writable`, as a dotted path.
    static func otherChange(_ before: JSONValue?, _ after: JSONValue?, path: [String], writable: [[String]]) -> String? {
        if writable.contains(path) { return nil }
        if case .object(let old)? = before, case .object(let new)? = after {
            let keys = Set(old.map(\.key)).union(new.map(\.key)).sorted()
            for key in keys {
                if let field = otherChange(before?[key], after?[key], path: path + [key], writable: writable) { return field }
            }
            return nil
        }
        return before == after ? nil : path.joined(separator: ".")
    }
}
