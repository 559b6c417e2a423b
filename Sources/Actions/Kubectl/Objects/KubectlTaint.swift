import ClusterSim

/// `kubectl taint nodes NAME KEY[=VALUE]:EFFECT … KEY[:EFFECT]- [--overwrite]`: the scheduler keeps
/// pods that do not tolerate a `NoSchedule` taint off the node; `NoExecute` also removes them.
enum KubectlTaint {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments)
        let overwrite = parsed.flags["--overwrite"].map { $0 != "false" } ?? false
        var words = parsed.positional
        guard let kindWord = words.first else {
            context.err("error: one or more resources must be specified as <resource> <name>\n")
            return 1
        }
        var names: [String] = []
        if let slash = kindWord.firstIndex(of: "/") {
            names = [String(kindWord[kindWord.index(after: slash)...])]
            words.removeFirst()
        } else {
            words.removeFirst()
            while let next = words.first, !next.contains(":"), !next.contains("="), !next.hasSuffix("-") {
                names.append(next)
                words.removeFirst()
            }
        }
        let type = String(kindWord.split(separator: "/").first ?? "")
        guard KubectlLabel.nodeWords.contains(type.lowercased()) else {
            context.err("error: invalid resource type \(type), only node types are supported\n")
            return 1
        }
        guard !names.isEmpty else {
            context.err("error: one or more resources must be specified as <resource> <name>\n")
            return 1
        }
        guard !words.isEmpty else {
            context.err("error: at least one taint update is required\n")
            return 1
        }
        var add: [Taint] = [], remove: [(key: String, effect: String?)] = []
        for word in words {
            let removing = word.hasSuffix("-")
            let spec = removing ? String(word.dropLast()) : word
            guard let (taint, effect) = parse(spec, original: word, context: context) else { return 1 }
            if removing {
                remove.append((taint.key, effect))
            } else {
                guard effect != nil else {
                    context.err("error: invalid taint spec: \(word)\n")
                    return 1
                }
                add.append(taint)
            }
        }
        var status: Int32 = 0
        for name in names {
            guard let node = context.simulator.node(named: name) else {
                context.err("Error from server (NotFound): nodes \"\(name)\" not found\n")
                status = 1
                continue
            }
            if !overwrite {
                let existing = add.filter { new in node.taints.contains { $0.key == new.key && $0.effect == new.effect } }.map(\.key)
                if !existing.isEmpty {
                    context.err("error: node \(name) already has \(existing.joined(separator: ",")) taint(s) with same effect(s) and --overwrite is false\n")
                    status = 1
                    continue
                }
            }
            // kubectl's reorganizeTaints: the new taints, then the old ones they do not replace.
            var taints = add
            for old in node.taints where !add.contains(where: { $0.key == old.key && $0.effect == old.effect }) { taints.append(old) }
            let added = taints.count != node.taints.count
            var missing: [String] = []
            var deleted = false
            for target in remove {
                let before = taints.count
                taints.removeAll { $0.key == target.key && (target.effect == nil || $0.kubernetesEffect == target.effect) }
                deleted = taints.count < before
                if !deleted { missing.append(target.key + (target.effect.map { ":" + $0 } ?? "")) }
            }
            if !missing.isEmpty {
                let messages = missing.map { "taint \"\($0)\" not found" }
                context.err("error: " + (messages.count == 1 ? messages[0] : "[" + messages.joined(separator: ", ") + "]") + "\n")
                status = 1
                continue
            }
            try? context.simulator.patchNode(name, taints: taints)
            let word = (added && deleted) || overwrite ? "modified" : added ? "tainted" : "untainted"
            context.out("node/\(name) \(word)\n")
        }
        return status
    }

    /// `key[=value][:Effect]`: the taint, and the effect as written (nil when none was).
    private static func parse(_ spec: String, original: String, context: ProgramContext) -> (Taint, String?)? {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2 else {
            context.err("error: invalid taint spec: \(original)\n")
            return nil
        }
        let keyValue = parts[0].split(separator: "=", omittingEmptySubsequences: false).map(String.init)
        guard keyValue.count <= 2, !keyValue[0].isEmpty else {
            context.err("error: invalid taint spec: \(original)\n")
            return nil
        }
        guard parts.count == 2 else { return (Taint(key: keyValue[0], value: keyValue.count == 2 ? keyValue[1] : nil, effect: ""), nil) }
        let effect = parts[1]
        guard let taint = KubernetesAPI.taint(key: keyValue[0], value: keyValue.count == 2 ? keyValue[1] : nil, effect: effect) else {
            context.err("error: invalid taint effect: \(effect), unsupported taint effect\n")
            return nil
        }
        return (taint, effect)
    }
}
