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
        if !daemons.isEmpty {
            guard flags.contains("--ignore-daemonsets") else {
                context.err("error: unable to drain node \"\(name)\" due to error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): \(daemons.map(\.key).joined(separator: ", ")), continuing command...\nThere are pending nodes to be drained:\n \(name)\ncannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): \(daemons.map(\.key).joined(separator: ", "))\n")
                return 1
            }
            context.err("Warning: ignoring DaemonSet-managed Pods: \(daemons.map(\.key).joined(separator: ", "))\n")
        }
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
