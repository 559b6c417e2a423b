import ClusterSim

/// `kubectl wait --for=condition=NAME[=VALUE] KIND/NAME [KIND/NAME …] [--timeout=30s]` on the
/// simulated clock, for any kind `get` serves: reads the object's `status.conditions` as kubectl
/// does and prints `node/NAME condition met`, `job.batch/NAME condition met` as each one is.
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
        guard let condition, condition.lowercased().hasPrefix("condition=") else {
            context.err("not available in the simulated cluster: kubectl wait --for=\(condition ?? "")\n")
            return Session.unavailableStatus
        }
        // `condition=Complete` or `condition=Ready=False`: the type, and the status it must have.
        let parts = condition.dropFirst("condition=".count).split(separator: "=", maxSplits: 1).map(String.init)
        let wantedType = parts.first ?? "", wantedStatus = parts.count > 1 ? parts[1] : "True"
        let simulator = context.simulator
        let deadline = simulator.now + timeout
        var pending: [(resource: KubectlResource, name: String)] = []
        for (kind, name) in targets {
            guard let resource = KubectlResource.named(kind, simulator: context.simulator) else {
                context.err("error: the server doesn't have a resource type \"\(kind)\"\n")
                return 1
            }
            pending.append((resource, name))
        }
        while true {
            var stillWaiting: [(resource: KubectlResource, name: String)] = []
            for (resource, name) in pending {
                guard let object = resource.objects(resource.namespaced ? namespace : nil, simulator).first(where: { $0.name == name }) else {
                    context.err("Error from server (NotFound): \(resource.qualifiedPlural) \"\(name)\" not found\n")
                    return 1
                }
                let conditions = object.json()["status"]?["conditions"]
                var met = false
                if case .array(let list)? = conditions {
                    met = list.contains { item in
                        item["type"]?.stringValue?.lowercased() == wantedType.lowercased()
                            && item["status"]?.stringValue?.lowercased() == wantedStatus.lowercased()
                    }
                }
                if met {
                    context.out("\(resource.nameKind)/\(name) condition met\n")
                } else {
                    stillWaiting.append((resource, name))
                }
            }
            pending = stillWaiting
            if pending.isEmpty { return 0 }
            guard simulator.now < deadline else {
                for (resource, name) in pending {
                    context.err("error: timed out waiting for the condition on \(resource.qualifiedPlural)/\(name)\n")
                }
                return 1
            }
            guard context.sleep(min(.seconds(1), deadline - simulator.now)) else { return 130 }
        }
    }
}
