import ClusterSim

/// `kubectl wait --for=condition=Ready node/NAME [node/…] [--timeout=30s]` (nodes and pods), on the
/// simulated clock: prints `node/NAME condition met` as each one is.
enum KubectlWait {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        var condition: String?
        var timeout = SimTime.seconds(30)
        var namespace = "default"
        var targets: [(kind: String, name: String)] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument.hasPrefix("--for=") {
                condition = String(argument.dropFirst("--for=".count))
            } else if argument.hasPrefix("--timeout=") {
                guard let parsed = EksctlUpgradeNodegroup.parseDuration(String(argument.dropFirst("--timeout=".count))) else {
                    context.err("error: invalid argument \"\(argument.dropFirst("--timeout=".count))\" for \"--timeout\" flag\n")
                    return 1
                }
                timeout = parsed
            } else if argument == "-n" || argument == "--namespace", index < arguments.count {
                namespace = arguments[index]
                index += 1
            } else if let slash = argument.firstIndex(of: "/") {
                targets.append((String(argument[..<slash]), String(argument[argument.index(after: slash)...])))
            } else {
                context.err("not available in the simulated cluster: kubectl wait \(argument)\n")
                return Session.unavailableStatus
            }
        }
        guard let condition, condition.lowercased() == "condition=ready" else {
            context.err("not available in the simulated cluster: kubectl wait --for=\(condition ?? "")\n")
            return Session.unavailableStatus
        }
        let simulator = context.simulator
        let deadline = simulator.now + timeout
        var pending = targets
        while true {
            var stillWaiting: [(String, String)] = []
            for (kind, name) in pending {
                let ready: Bool?
                switch kind {
                case "node", "nodes": ready = simulator.node(named: name).map { $0.readiness == .ready }
                case "pod", "pods": ready = simulator.pod(namespace: namespace, name: name).map { $0.ready }
                default:
                    context.err("not available in the simulated cluster: kubectl wait \(kind)\n")
                    return Session.unavailableStatus
                }
                guard let ready else {
                    context.err("Error from server (NotFound): \(kind.hasSuffix("s") ? kind : kind + "s") \"\(name)\" not found\n")
                    return 1
                }
                if ready {
                    context.out("\(kind.hasSuffix("s") ? String(kind.dropLast()) : kind)/\(name) condition met\n")
                } else {
                    stillWaiting.append((kind, name))
                }
            }
            pending = stillWaiting
            if pending.isEmpty { return 0 }
            guard simulator.now < deadline else {
                for (kind, name) in pending {
                    context.err("error: timed out waiting for the condition on \(kind.hasSuffix("s") ? kind : kind + "s")/\(name)\n")
                }
                return 1
            }
            guard context.sleep(min(.seconds(1), deadline - simulator.now)) else { return 130 }
        }
    }
}
