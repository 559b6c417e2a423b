import ClusterSim
import JSON

/// `kubectl rollout SUBCOMMAND`: each subcommand a type of its own, listed in `subcommands`.
enum KubectlRollout {
    static let subcommands: [String: @Sendable ([String], ProgramContext) -> Int32] = [
        "status": { KubectlRolloutStatus.run($0, context: $1) },
        "history": { KubectlRolloutHistory.run($0, context: $1) },
        "undo": { KubectlRolloutUndo.run($0, context: $1) },
        "restart": { KubectlRolloutRestart.run($0, context: $1) },
        "pause": { KubectlRolloutPause.run($0, paused: true, context: $1) },
        "resume": { KubectlRolloutPause.run($0, paused: false, context: $1) },
    ]

    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        guard let word = arguments.first else {
            context.err("error: Required subcommand not specified (one of: \(subcommands.keys.sorted().joined(separator: ", ")))\n")
            return 1
        }
        guard let run = subcommands[word] else {
            context.err("not available in the simulated cluster: kubectl rollout \(word)\n")
            return Session.unavailableStatus
        }
        return run(Array(arguments.dropFirst()), context)
    }

    /// The Deployment a rollout subcommand names (other kinds: kubectl's message), or nil once an
    /// error is printed.
    static func deployment(_ parsed: ObjectVerbArguments, verb: String, context: ProgramContext) -> (key: ObjectStore.Key, object: StoredObject)? {
        guard let (kind, names) = parsed.resource(orSay: "error: required resource not specified\n", context: context) else { return nil }
        guard kind == ResourceKinds.deployment else {
            context.err("error: no \(verb) has been implemented for \"\(kind.kind)\"\n")
            return nil
        }
        let key = ObjectStore.Key(kind: kind, namespace: parsed.namespace, name: names[0])
        guard let object = context.simulator.object(key) else {
            context.err("Error from server (NotFound): deployments.apps \"\(names[0])\" not found\n")
            return nil
        }
        return (key, object)
    }
}

/// `kubectl rollout history deployment/NAME`: each revision with its change cause.
enum KubectlRolloutHistory {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments, valued: ["--revision"])
        guard let (key, _) = KubectlRollout.deployment(parsed, verb: "history viewer", context: context) else { return 1 }
        if let revision = parsed.flags["--revision"], revision != "0" {
            context.err("not available in the simulated cluster: kubectl rollout history --revision (a revision's pod template)\n")
            return Session.unavailableStatus
        }
        let revisions = context.simulator.revisions(ofWorkload: "\(key.namespace)/\(key.name)")
        // kubectl's history viewer: a tab writer as describe's, under the name printer's line.
        let rows = [["REVISION", "CHANGE-CAUSE"]] + revisions.map { [String($0.revision), $0.changeCause ?? "<none>"] }
        let table = GoTabWriter.describe().format(rows.map { $0.joined(separator: "\t") + "\n" }.joined())
        context.out("deployment.apps/\(key.name) \n\(table)\n")
        return 0
    }
}

/// `kubectl rollout undo deployment/NAME [--to-revision=N]`: the earlier template comes back as the
/// newest revision and the pods roll over to it.
enum KubectlRolloutUndo {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments, valued: ["--to-revision"])
        guard let (key, object) = KubectlRollout.deployment(parsed, verb: "rollbacker", context: context) else { return 1 }
        let wanted = Int(parsed.flags["--to-revision"] ?? "0") ?? -1
        guard wanted >= 0 else {
            context.err("error: invalid argument \"\(parsed.flags["--to-revision"]!)\" for \"--to-revision\" flag: strconv.ParseInt: parsing \"\(parsed.flags["--to-revision"]!)\": invalid syntax\n")
            return 1
        }
        let revisions = context.simulator.revisions(ofWorkload: "\(key.namespace)/\(key.name)")
        let target: DeploymentRevision
        if wanted > 0 {
            guard let found = revisions.first(where: { $0.revision == wanted }) else {
                context.err("error: unable to find specified revision \(wanted) in history\n")
                return 1
            }
            target = found
        } else {
            guard revisions.count >= 2 else {
                context.err("error: no rollout history found for deployment \"\(key.name)\"\n")
                return 1
            }
            target = revisions[revisions.count - 2]
        }
        if object.body["spec"]?["paused"] == .bool(true) {
            context.err("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n")
            return 1
        }
        if let current = object.body["spec"]?["template"], DeploymentRevision.comparable(current) == DeploymentRevision.comparable(target.template) {
            context.out("deployment.apps/\(key.name) skipped rollback (current template already matches revision \(target.revision))\n")
            return 0
        }
        // kubectl replaces the annotations too: the Deployment keeps its own bookkeeping ones and
        // takes the rest from the revision's ReplicaSet (so a change cause goes back with it).
        let skipped: Set<String> = ["kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision",
                                    "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
                                    "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to"]
        var annotations = object.annotations.filter { skipped.contains($0.key) }
        if let cause = target.changeCause { annotations["kubernetes.io/change-cause"] = cause }
        let patch: JSONValue = .array([
            .object([("op", .string("replace")), ("path", .string("/spec/template")), ("value", target.template)]),
            .object([("op", .string("add")), ("path", .string("/metadata/annotations")),
                     ("value", .object(annotations.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))]),
        ])
        guard case .success = ObjectEdit.patch(key, with: patch, type: .json, manager: "kubectl-rollout", context: context) else { return 1 }
        context.out("deployment.apps/\(key.name) rolled back\n")
        return 0
    }
}

/// `kubectl rollout restart deployment/NAME`: a new template annotation, so every pod is replaced.
enum KubectlRolloutRestart {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments)
        guard let (key, _) = KubectlRollout.deployment(parsed, verb: "restarter", context: context) else { return 1 }
        let stamp = KubernetesObjects.timestamp(context.simulator, context.simulator.now)
        let patch: JSONValue = .object([("spec", .object([("template", .object([("metadata", .object([
            ("annotations", .object([("kubectl.kubernetes.io/restartedAt", stamp)])),
        ]))]))]))])
        switch ObjectEdit.patch(key, with: patch, type: .strategic, manager: "kubectl-rollout", context: context) {
        case .failure: return 1
        case .success(let (_, changed)):
            guard changed else {
                context.err("error: failed to create patch for \(key.name): if restart has already been triggered within the past second, please wait before attempting to trigger another\n")
                return 1
            }
            context.out("deployment.apps/\(key.name) restarted\n")
            return 0
        }
    }
}

/// `kubectl rollout pause|resume deployment/NAME`: while paused, template changes wait.
enum KubectlRolloutPause {
    static func run(_ arguments: [String], paused: Bool, context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments)
        guard let (key, object) = KubectlRollout.deployment(parsed, verb: paused ? "pauser" : "resumer", context: context) else { return 1 }
        let isPaused = object.body["spec"]?["paused"] == .bool(true)
        if isPaused == paused {
            context.err("error: deployments.apps \"\(key.name)\" \(paused ? "is already paused" : "is not paused")\n")
            return 1
        }
        let patch: JSONValue = .object([("spec", .object([("paused", paused ? .bool(true) : .null)]))])
        guard case .success = ObjectEdit.patch(key, with: patch, type: .merge, manager: "kubectl-rollout", context: context) else { return 1 }
        context.out("deployment.apps/\(key.name) \(paused ? "paused" : "resumed")\n")
        return 0
    }
}

/// `kubectl rollout status deployment/NAME [-n NS] [--timeout=D] [--watch=false]`: waits on the
/// cluster's clock until every replica is updated and available, saying what it waits for.
enum KubectlRolloutStatus {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments, valued: ["--timeout"])
        guard let (kind, names) = parsed.resource(orSay: "error: required resource not specified\n", context: context) else { return 1 }
        let name = names[0]
        guard [ResourceKinds.deployment, ResourceKinds.daemonSet, ResourceKinds.statefulSet].contains(kind) else {
            context.err("error: no status viewer has been implemented for \(kind.kind)\n")
            return 1
        }
        let workloadKind: Workload.Kind = kind == ResourceKinds.daemonSet ? .daemonSet : kind == ResourceKinds.statefulSet ? .statefulSet : .deployment
        var timeout: SimTime?
        if let text = parsed.flags["--timeout"], text != "0s", text != "0" {
            guard let parsed = EksctlUpgradeNodegroup.parseDuration(text) else {
                context.err("error: invalid argument \"\(text)\" for \"--timeout\" flag\n")
                return 1
            }
            timeout = parsed
        }
        let watch = parsed.flags["--watch"] != "false" && parsed.flags["-w"] != "false"
        let simulator = context.simulator
        let namespace = parsed.namespace ?? "default"
        let deadline = timeout.map { simulator.now + $0 }
        var last = ""
        while true {
            guard let workload = simulator.workload(key: "\(namespace)/\(name)"), workload.kind == workloadKind else {
                context.err("Error from server (NotFound): \(kind.qualifiedPlural) \"\(name)\" not found\n")
                return 1
            }
            let status = simulator.workloadStatus(workload.key)
            let (line, done): (String, Bool)
            switch workloadKind {
            case .daemonSet:
                (line, done) = daemonSet(name, status)
            case .statefulSet:
                guard case .rollingUpdate(_, let partition) = workload.setUpdate else {
                    context.err("error: rollout status is only available for RollingUpdate strategy type\n")
                    return 1
                }
                (line, done) = statefulSet(workload, partition: partition, status)
            default:
                (line, done) = deployment(name, workload, status)
            }
            if line != last { context.out(line) }
            last = line
            if done { return 0 }
            if !watch { return 0 }
            if let deadline, simulator.now >= deadline {
                context.err("error: timed out waiting for the condition\n")
                return 1
            }
            let step = deadline.map { min(.seconds(1), $0 - simulator.now) } ?? .seconds(1)
            guard context.sleep(step) else { return 130 }
        }
    }

    /// The deployment status viewer's questions, in its order.
    static func deployment(_ name: String, _ workload: Workload, _ status: (ready: Int, current: Int, updated: Int)) -> (String, Bool) {
        if status.updated < workload.replicas {
            return ("Waiting for deployment \"\(name)\" rollout to finish: \(status.updated) out of \(workload.replicas) new replicas have been updated...\n", false)
        } else if status.current > status.updated {
            return ("Waiting for deployment \"\(name)\" rollout to finish: \(status.current - status.updated) old replicas are pending termination...\n", false)
        } else if status.ready < status.updated {
            return ("Waiting for deployment \"\(name)\" rollout to finish: \(status.ready) of \(status.updated) updated replicas are available...\n", false)
        }
        return ("deployment \"\(name)\" successfully rolled out\n", true)
    }

    /// The stateful set status viewer's. The API server gives every StatefulSet a rolling update
    /// with a partition (0 unless set), so the viewer always takes its partitioned branch: ready
    /// pods first, then updated ones down to the partition.
    static func statefulSet(_ workload: Workload, partition: Int, _ status: (ready: Int, current: Int, updated: Int)) -> (String, Bool) {
        if status.ready < workload.replicas {
            return ("Waiting for \(workload.replicas - status.ready) pods to be ready...\n", false)
        }
        if status.updated < workload.replicas - partition {
            return ("Waiting for partitioned roll out to finish: \(status.updated) out of \(workload.replicas - partition) new pods have been updated...\n", false)
        }
        return ("partitioned roll out complete: \(status.updated) new pods have been updated...\n", true)
    }

    /// The daemon set status viewer's: every scheduled pod updated, then available. (Its pods are
    /// counted as the DaemonSet's status counts them: one per node that runs it.)
    static func daemonSet(_ name: String, _ status: (ready: Int, current: Int, updated: Int)) -> (String, Bool) {
        if status.updated < status.current {
            return ("Waiting for daemon set \"\(name)\" rollout to finish: \(status.updated) out of \(status.current) new pods have been updated...\n", false)
        } else if status.ready < status.current {
            return ("Waiting for daemon set \"\(name)\" rollout to finish: \(status.ready) of \(status.current) updated pods are available...\n", false)
        }
        return ("daemon set \"\(name)\" successfully rolled out\n", true)
    }
}
