import ClusterSim
import JSON

/// `kubectl set image deployment|daemonset|statefulset|job/NAME CONTAINER=IMAGE …`: a strategic
/// merge patch of the named containers' images (`*` for every container); the controller then
/// rolls its pods.
enum KubectlSetImage {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments)
        let resourceWords = parsed.positional.filter { !$0.contains("=") }
        let pairs = parsed.positional.filter { $0.contains("=") }.map { pair -> (String, String) in
            let equals = pair.firstIndex(of: "=")!
            return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
        }
        var resourceOnly = parsed
        resourceOnly.positional = resourceWords
        guard resourceOnly.kindAndNames().map({ !$0.names.isEmpty }) == true else {
            context.err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n")
            return 1
        }
        guard !pairs.isEmpty else {
            context.err("error: at least one image update is required\n")
            return 1
        }
        guard let (kind, names) = resourceOnly.resource(orSay: "", context: context) else { return 1 }
        guard [ResourceKinds.deployment, ResourceKinds.daemonSet, ResourceKinds.statefulSet].contains(kind) else {
            context.err("not available in the simulated cluster: kubectl set image \(kind.plural)\n")
            return Session.unavailableStatus
        }
        var status: Int32 = 0
        for name in names {
            let key = ObjectStore.Key(kind: kind, namespace: parsed.namespace, name: name)
            guard let object = context.simulator.object(key) else {
                context.err("Error from server (NotFound): \(kind.qualifiedPlural) \"\(name)\" not found\n")
                status = 1
                continue
            }
            var containers: [JSONValue] = []
            if case .array(let list)? = object.body["spec"]?["template"]?["spec"]?["containers"] { containers = list }
            var changed: [JSONValue] = []
            var missing: [String] = []
            for (container, image) in pairs {
                let matching = containers.filter { container == "*" || $0["name"]?.stringValue == container }
                if matching.isEmpty { missing.append(container) }
                for found in matching {
                    changed.append(.object([("image", .string(image)), ("name", found["name"] ?? .string(container))]))
                }
            }
            for container in missing {
                context.err("error: unable to find container named \"\(container)\"\n")
                status = 1
            }
            guard !changed.isEmpty else { continue }
            let patch: JSONValue = .object([("spec", .object([("template", .object([("spec", .object([("containers", .array(changed))]))]))]))])
            switch ObjectEdit.patch(key, with: patch, type: .strategic, manager: "kubectl-set", context: context) {
            case .failure: status = 1
            case .success(let (_, didChange)):
                // No change: kubectl sends nothing and prints nothing.
                if didChange { context.out("\(kind.kind.lowercased()).\(kind.group)/\(name) image updated\n") }
            }
        }
        return status
    }
}
