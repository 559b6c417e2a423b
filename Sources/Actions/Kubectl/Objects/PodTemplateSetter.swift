import ClusterSim
import JSON

/// What `kubectl set image` and `kubectl set resources` share: the workload kinds they change, each
/// named object patched in turn — a strategic merge patch of its pod template's containers — and
/// kubectl's line for each that changed (none when nothing did: kubectl then sends nothing).
enum PodTemplateSetter {
    /// The kinds whose pod template the setters change here.
    static let kinds: [ResourceKind] = [ResourceKinds.deployment, ResourceKinds.daemonSet, ResourceKinds.statefulSet]

    /// Patches each named object's containers with what `containers` makes of it: the changed
    /// containers, and errors to print (each makes the exit status 1; the rest is still patched).
    /// `outcome` ends kubectl's line (`image updated`).
    static func patch(_ kind: ResourceKind, names: [String], namespace: String?, outcome: String, context: ProgramContext,
                      containers: (StoredObject) -> (changed: [JSONValue], errors: [String])) -> Int32 {
        var status: Int32 = 0
        for name in names {
            let key = ObjectStore.Key(kind: kind, namespace: namespace, name: name)
            guard let object = context.simulator.object(key) else {
                context.err("Error from server (NotFound): \(kind.qualifiedPlural) \"\(name)\" not found\n")
                status = 1
                continue
            }
            let (changed, errors) = containers(object)
            for error in errors {
                context.err(error)
                status = 1
            }
            guard !changed.isEmpty else { continue }
            let patch: JSONValue = .object([("spec", .object([("template", .object([("spec", .object([("containers", .array(changed))]))]))]))])
            switch ObjectEdit.patch(key, with: patch, type: .strategic, manager: "kubectl-set", context: context) {
            case .failure: status = 1
            case .success(let (_, didChange)):
                if didChange { context.out("\(kind.kind.lowercased()).\(kind.group)/\(name) \(outcome)\n") }
            }
        }
        return status
    }

    /// The names of an object's pod template's containers.
    static func containerNames(_ object: StoredObject) -> [String] {
        (object.body["spec"]?["template"]?["spec"]?["containers"]?.items ?? []).compactMap { $0["name"]?.stringValue }
    }
}
