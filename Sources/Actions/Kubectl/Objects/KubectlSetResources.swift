import ClusterSim
import JSON

/// `kubectl set resources deployment|daemonset|statefulset/NAME [-c CONTAINER] --limits=cpu=200m,memory=512Mi
/// --requests=cpu=100m`: a strategic merge patch of the chosen containers' (all by default)
/// requests and limits; the controller then rolls its pods, which admission sees anew.
enum KubectlSetResources {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments, valued: ["--limits", "--requests", "-c", "--containers"])
        guard parsed.kindAndNames().map({ !$0.names.isEmpty }) == true else {
            context.err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n")
            return 1
        }
        guard let (kind, names) = parsed.resource(orSay: "", context: context) else { return 1 }
        guard PodTemplateSetter.kinds.contains(kind) else {
            context.err("not available in the simulated cluster: kubectl set resources \(kind.plural)\n")
            return Session.unavailableStatus
        }
        // kubectl fetches the objects first (a missing one is the error), then reads the update.
        if let missing = names.first(where: { context.simulator.object(ObjectStore.Key(kind: kind, namespace: parsed.namespace, name: $0)) == nil }) {
            context.err("Error from server (NotFound): \(kind.qualifiedPlural) \"\(missing)\" not found\n")
            return 1
        }
        let limitsText = parsed.flags["--limits"] ?? "", requestsText = parsed.flags["--requests"] ?? ""
        guard !limitsText.isEmpty || !requestsText.isEmpty else {
            context.err("error: you must specify an update to requests or limits (in the form of --requests/--limits)\n")
            return 1
        }
        let limits: JSONValue, requests: JSONValue
        do {
            limits = try resourceList(limitsText)
            requests = try resourceList(requestsText)
        } catch {
            context.err("error: \(error.message)\n")
            return 1
        }
        let selector = parsed.flags["-c"] ?? parsed.flags["--containers"] ?? "*"
        var resources: [(key: String, value: JSONValue)] = []
        if !limitsText.isEmpty { resources.append(("limits", limits)) }
        if !requestsText.isEmpty { resources.append(("requests", requests)) }
        return PodTemplateSetter.patch(kind, names: names, namespace: parsed.namespace, outcome: "resource requirements updated",
                                       context: context) { object in
            let containers = PodTemplateSetter.containerNames(object).filter { matches(selector, $0) }
            guard !containers.isEmpty else { return ([], ["error: unable to find container named \(selector)\n"]) }
            return (containers.map { .object([("name", .string($0)), ("resources", .object(resources))]) }, [])
        }
    }

    /// `cpu=100m,memory=256Mi` as a resource list, each amount in its canonical form.
    static func resourceList(_ text: String) throws(KubectlError) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = []
        for statement in text.split(separator: ",") {
            let pieces = statement.split(separator: "=", omittingEmptySubsequences: false)
            guard pieces.count == 2 else { throw KubectlError("Invalid argument syntax \(statement), expected <resource>=<value>") }
            guard let amount = KubernetesQuantity(String(pieces[1])) else {
                throw KubectlError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
            }
            pairs.append((String(pieces[0]), .string(amount.description)))
        }
        return .object(pairs)
    }

    /// kubectl's container selector: a name, or a pattern with `*`.
    static func matches(_ pattern: String, _ name: String) -> Bool {
        guard pattern.contains("*") else { return pattern == name }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        var rest = Substring(name)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return parts.count == 1 ? rest.isEmpty : rest.hasSuffix(parts.last!)
    }
}
