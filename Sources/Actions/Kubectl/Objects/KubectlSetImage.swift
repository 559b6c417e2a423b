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
        guard PodTemplateSetter.kinds.contains(kind) else {
            context.err("not available in the simulated cluster: kubectl set image \(kind.plural)\n")
            return Session.unavailableStatus
        }
        return PodTemplateSetter.patch(kind, names: names, namespace: parsed.namespace, outcome: "image updated", context: context) { object in
            let containers = PodTemplateSetter.containerNames(object)
            var changed: [JSONValue] = []
            var missing: [String] = []
            for (container, image) in pairs {
                let matching = containers.filter { container == "*" || $0 == container }
                if matching.isEmpty { missing.append(container) }
                changed += matching.map { .object([("image", .string(image)), ("name", .string($0))]) }
            }
            // A container not found is an error; the others are still set.
            return (changed, missing.map { "error: unable to find container named \"\($0)\"\n" })
        }
    }
}
