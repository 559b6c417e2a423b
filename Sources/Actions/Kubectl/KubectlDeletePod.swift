import ClusterSim

/// `kubectl delete pod NAME [-n NS] [--wait=false] [--ignore-not-found]`: the pod is deleted
/// gracefully (its controller makes a replacement); kubectl prints `pod "NAME" deleted` and, unless
/// `--wait=false`, waits until the pod is gone, as the real one does by polling it.
enum KubectlDeletePod {
    static func run(_ name: String, namespace: String, wait: Bool, ignoreNotFound: Bool = false, context: ProgramContext) -> Int32 {
        let simulator = context.simulator
        do {
            try simulator.deletePod(namespace: namespace, name: name)
        } catch {
            if ignoreNotFound { return 0 }
            context.err("Error from server (NotFound): pods \"\(name)\" not found\n")
            return 1
        }
        context.out("pod \"\(name)\" deleted\n")
        guard wait, let deleted = simulator.pod(namespace: namespace, name: name)?.id else { return 0 }
        // Gone once no pod of that name is left, or the one left is a new incarnation (a StatefulSet's).
        while let pod = simulator.pod(namespace: namespace, name: name), pod.id == deleted {
            guard context.sleep(.seconds(1)) else { return 130 }
        }
        return 0
    }

    /// `kubectl delete pods NAME… | -l SELECTOR | --all`: each deleted in name order, then (unless
    /// `--wait=false`) waited for together; the errors come last, together, as kubectl aggregates them.
    static func many(_ names: [String], selector text: String?, all: Bool, namespace: String, wait: Bool, ignoreNotFound: Bool = false,
                     context: ProgramContext) -> Int32 {
        let simulator = context.simulator
        var chosen = names
        if text != nil || all {
            var selector: LabelSelector?
            if let text {
                do { selector = try LabelSelector(text) } catch {
                    context.err("error: \(error.message)\n")
                    return 1
                }
            }
            chosen = simulator.podList(namespace: namespace).filter { !$0.terminating && (selector?.matches($0.labels) ?? true) }
                .map(\.name).sorted()
            if chosen.isEmpty {
                context.out("No resources found\n")  // kubectl delete says it on standard output
                return 0
            }
        } else if chosen.isEmpty {
            context.err("error: resource(s) were provided, but no name was specified\n")
            return 1
        }
        var errors: [String] = []
        var deleted: [(name: String, id: Int)] = []
        for name in chosen {
            guard let id = simulator.pod(namespace: namespace, name: name)?.id, (try? simulator.deletePod(namespace: namespace, name: name)) != nil else {
                if !ignoreNotFound { errors.append("Error from server (NotFound): pods \"\(name)\" not found\n") }
                continue
            }
            context.out("pod \"\(name)\" deleted\n")
            deleted.append((name, id))
        }
        if wait {
            while deleted.contains(where: { simulator.pod(namespace: namespace, name: $0.name)?.id == $0.id }) {
                guard context.sleep(.seconds(1)) else { return 130 }
            }
        }
        for error in errors { context.err(error) }
        return errors.isEmpty ? 0 : 1
    }
}
