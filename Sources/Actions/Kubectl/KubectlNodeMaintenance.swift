import ClusterSim

/// `kubectl cordon|uncordon NODE` and `kubectl drain NODE --ignore-daemonsets [--delete-emptydir-data]
/// [--force] [--timeout D]`, through the same eviction API the simulator's updates use.
enum KubectlNodeMaintenance {
    static func cordon(_ arguments: [String], schedulable: Bool, context: ProgramContext) -> Int32 {
        guard let name = arguments.first(where: { !$0.hasPrefix("-") }) else {
            context.err("error: resource(s) were provided, but no name was specified\n")
            return 1
        }
        guard let node = context.simulator.node(named: name) else {
            context.err("Error from server (NotFound): nodes \"\(name)\" not found\n")
            return 1
        }
        let verb = schedulable ? "uncordoned" : "cordoned"
        if node.unschedulable == !schedulable {
            context.out("node/\(name) already \(verb)\n")
            return 0
        }
        try? context.simulator.setSchedulable(node: name, schedulable)
        context.out("node/\(name) \(verb)\n")
        return 0
    }

    static func drain(_ arguments: [String], context: ProgramContext) -> Int32 {
        let flags = Set(arguments.filter { $0.hasPrefix("-") }.map { $0.split(separator: "=").first.map(String.init) ?? $0 })
        guard let name = arguments.first(where: { !$0.hasPrefix("-") }) else {
            context.err("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n")
            return 1
        }
        let simulator = context.simulator
        guard simulator.node(named: name) != nil else {
            context.err("Error from server (NotFound): nodes \"\(name)\" not found\n")
            return 1
        }
        var timeout = context.session.watchLimit
        if let value = arguments.first(where: { $0.hasPrefix("--timeout=") })?.dropFirst("--timeout=".count),
           let parsed = EksctlUpgradeNodegroup.parseDuration(String(value)) {
            timeout = parsed
        }
        _ = cordon([name], schedulable: false, context: context)
        let pods = simulator.pods(onNode: name)
        let daemons = pods.filter(\.isDaemon)
        // Pods a client wrote have no controller to make them again: drain deletes them only when forced.
        let unmanaged = pods.filter { !$0.isDaemon && !$0.terminating && simulator.workload(of: $0)?.kind == .pod }
        var errors: [String] = [], warnings: [String] = []
        if !daemons.isEmpty {
            let list = daemons.map(\.key).joined(separator: ", ")
            if flags.contains("--ignore-daemonsets") { warnings.append("ignoring DaemonSet-managed Pods: \(list)") }
            else { errors.append("cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): \(list)") }
        }
        if !unmanaged.isEmpty {
            let list = unmanaged.map(\.key).joined(separator: ", ")
            if flags.contains("--force") { warnings.append("deleting Pods that declare no controller: \(list)") }
            else { errors.append("cannot delete Pods that declare no controller (use --force to override): \(list)") }
        }
        // kubectl gathers these from a map (their order varies from run to run); the simulator's is fixed.
        if !errors.isEmpty {
            let summary = errors.count == 1 ? errors[0] : "[" + errors.joined(separator: ", ") + "]"
            context.err("error: unable to drain node \"\(name)\" due to error: \(summary), continuing command...\nThere are pending nodes to be drained:\n \(name)\n"
                        + errors.joined(separator: "\n") + "\n")
            return 1
        }
        if !warnings.isEmpty { context.err("Warning: \(warnings.joined(separator: "; "))\n") }
        var remaining = pods.filter { !$0.isDaemon && !$0.terminating }.map { ($0.namespace, $0.name) }
        for (namespace, pod) in remaining { context.out("evicting pod \(namespace)/\(pod)\n") }
        let deadline = simulator.now + timeout
        var evicted: [(String, String)] = []
        while !remaining.isEmpty {
            var stillBlocked: [(String, String)] = []
            for (namespace, pod) in remaining {
                switch (try? simulator.evict(namespace: namespace, pod: pod)) ?? .notFound {
                case .evicted, .notFound:
                    evicted.append((namespace, pod))
                case .refused:
                    context.err("error when evicting pods/\"\(pod)\" -n \"\(namespace)\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n")
                    stillBlocked.append((namespace, pod))
                }
            }
            remaining = stillBlocked
            if remaining.isEmpty { break }
            guard simulator.now < deadline else {
                context.err("error: unable to drain node \"\(name)\" due to error: global timeout reached: \(timeout.durationText), continuing command...\nThere are pending nodes to be drained:\n \(name)\n")
                return 1
            }
            guard context.sleep(.seconds(5)) else { return 130 }
        }
        // Evicted pods are reported once they are gone (their graceful termination ends).
        while !evicted.isEmpty {
            let (namespace, pod) = evicted[0]
            if let current = simulator.pod(namespace: namespace, name: pod), current.nodeName == name {
                guard context.sleep(.seconds(1)) else { return 130 }
                continue
            }
            context.out("pod/\(pod) evicted\n")
            evicted.removeFirst()
        }
        context.out("node/\(name) drained\n")
        return 0
    }
}
