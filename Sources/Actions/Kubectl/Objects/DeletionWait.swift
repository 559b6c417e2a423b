import ClusterSim

/// What `kubectl delete` waits for (its `--wait`, true by default): each deleted object to be gone
/// — a pod after its grace period, an object its finalizers hold once they are removed, a namespace
/// once everything in it has gone. The real kubectl polls until then, however long; here, when the
/// simulated cluster has nothing left in progress and an object is still held, nothing will ever
/// remove what holds it, so the wait ends with what holds it and how to let it go.
struct DeletionWait {
    private var pods: [(namespace: String, name: String, id: Int)] = []
    private var objects: [(key: ObjectStore.Key, uid: String)] = []

    /// Notes a deleted pod (by its incarnation: a StatefulSet's next one has the same name).
    mutating func add(pod: Pod) { pods.append((pod.namespace, pod.name, pod.id)) }

    /// Notes an object deletion left in place, terminating.
    mutating func add(stillThere object: StoredObject) {
        objects.append((ObjectStore.Key(kind: object.kind, namespace: object.namespace, name: object.name), object.uid))
    }

    /// Waits until everything noted is gone. Returns nil then, 130 when interrupted, 1 (having said
    /// why) when something is held for good.
    func wait(context: ProgramContext) -> Int32? {
        let simulator = context.simulator
        while true {
            let podsLeft = pods.contains { simulator.pod(namespace: $0.namespace, name: $0.name)?.id == $0.id }
            let held = objects.filter { simulator.object($0.key)?.uid == $0.uid }
            if !podsLeft && held.isEmpty { return nil }
            if let hold = held.lazy.compactMap({ simulator.deletionHold($0.key) }).first {
                context.err(Self.explain(hold))
                return 1
            }
            guard context.sleep(.seconds(1)) else { return 130 }
        }
    }

    /// Why the wait cannot end, and what lets the object go.
    static func explain(_ hold: DeletionHold) -> String {
        let object = hold.object
        let name = "\(object.kind.qualifiedPlural) \"\(object.name)\""
        let waiting = hold.inside.map { "namespace \"\($0)\" stays Terminating while \(name) in it is terminating" } ?? "\(name) is terminating"
        if !hold.users.isEmpty, hold.finalizers == [Simulator.claimProtection] {
            let pods = hold.users.map { "\"\($0)\"" }.joined(separator: ", ")
            return "kubectl would wait here for good: \(waiting), and \(Simulator.claimProtection) keeps the claim while pod \(pods) mounts it. "
                + "Delete the pod (or scale down what makes it) to let the claim go.\n"
        }
        let namespace = object.namespace.map { " -n \($0)" } ?? ""
        return "kubectl would wait here for good: \(waiting), and nothing in the simulated cluster removes its finalizers "
            + "[\(hold.finalizers.joined(separator: " "))]. To let it go, remove them yourself:\n"
            + "  kubectl patch \(object.kind.qualifiedPlural) \(object.name)\(namespace) --type=merge -p '{\"metadata\":{\"finalizers\":null}}'\n"
    }
}
