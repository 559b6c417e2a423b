import ClusterSim
import JSON

/// `kubectl delete (-f FILE | KIND NAME… | KIND/NAME) [-n NS]` for the kinds the store holds
/// (pods keep their own verb: `KubectlDeletePod`).
enum KubectlDeleteObjects {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments, valued: ["--grace-period", "--timeout", "-l", "--selector", "--field-selector"])
        let ignoreNotFound = parsed.flags["--ignore-not-found"].map { $0 != "false" } ?? false
        switch parsed.flags["--cascade"] {
        case nil, "true", "background":
            break  // the garbage collector deletes the dependents after their owner
        case "orphan", "false", "foreground":
            context.err("not available in the simulated cluster: kubectl delete --cascade=\(parsed.flags["--cascade"]!) (deletion is always in the background: dependents go after their owner)\n")
            return Session.unavailableStatus
        case let value?:
            context.err("error: invalid cascade value (\(value)). Must be \"background\", \"foreground\", or \"orphan\"\n")
            return 1
        }
        var targets: [(key: ObjectStore.Key, source: String?)] = []
        if !parsed.files.isEmpty {
            guard let documents = ManifestSource.documents(parsed.files, for: "delete", context: context) else { return 1 }
            for document in documents {
                switch ManifestSource.kind(of: document, simulator: context.simulator) {
                case .failure(let failure):
                    context.err(failure.message)
                    return 1
                case .success(let kind):
                    let namespace = document.object["metadata"]?["namespace"]?.stringValue ?? parsed.namespace
                    targets.append((ObjectStore.Key(kind: kind, namespace: namespace, name: document.object["metadata"]?["name"]?.stringValue ?? ""), document.source))
                }
            }
        } else {
            guard let (word, names) = parsed.kindAndNames() else {
                context.err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n")
                return 1
            }
            let selectorText = parsed.flags["-l"] ?? parsed.flags["--selector"]
            var all = parsed.flags["--all"].map { $0 != "false" } ?? false
            var fields: FieldSelector?
            if let fieldText = parsed.flags["--field-selector"] {
                let plural = context.simulator.kind(named: word)?.qualifiedPlural ?? word
                if let refusal = KubectlProgram.fieldSelectorRefusal(plural, labels: selectorText ?? "", fields: fieldText, context: context) {
                    context.err(refusal)
                    return 1
                }
                fields = try? FieldSelector(fieldText)
                all = all || names.isEmpty
            }
            if ["pod", "pods", "po"].contains(word.lowercased()), let fields {
                // The pods the selectors pick, then deleted by name (each waited for as one).
                let label = try? selectorText.map(LabelSelector.init)
                let picked = KubectlResource.pods.objects(parsed.namespace ?? "default", context.simulator).filter { object in
                    (names.isEmpty || names.contains(object.name)) && (label?.matches(object.labels) ?? true) && fields.matches(object.json())
                }.map(\.name)
                if picked.isEmpty {
                    context.out("No resources found\n")
                    return 0
                }
                return KubectlDeletePod.many(picked, selector: nil, all: false, namespace: parsed.namespace ?? "default",
                                             wait: parsed.flags["--wait"] != "false", ignoreNotFound: ignoreNotFound, context: context)
            }
            if ["pod", "pods", "po"].contains(word.lowercased()) {
                return KubectlDeletePod.many(names, selector: selectorText, all: all, namespace: parsed.namespace ?? "default",
                                             wait: parsed.flags["--wait"] != "false", ignoreNotFound: ignoreNotFound, context: context)
            }
            guard let kind = context.simulator.kind(named: word) else {
                context.err(KubectlProgram.unknownKind(word))
                return 1
            }
            if let selectorText, names.isEmpty || all {
                // By label (or every one): the objects a listing shows, the scenario's included.
                let selector: LabelSelector
                do { selector = try LabelSelector(selectorText) } catch {
                    context.err("error: \(error.message)\n")
                    return 1
                }
                let listed = KubectlResource.named(kind.qualifiedPlural, simulator: context.simulator)?.objects(kind.namespaced ? parsed.namespace ?? "default" : nil, context.simulator) ?? []
                targets = listed.filter { selector.matches($0.labels) && (fields?.matches($0.json()) ?? true) }
                    .map { (ObjectStore.Key(kind: kind, namespace: parsed.namespace, name: $0.name), nil) }
            } else if all {
                let listed = KubectlResource.named(kind.qualifiedPlural, simulator: context.simulator)?.objects(kind.namespaced ? parsed.namespace ?? "default" : nil, context.simulator) ?? []
                targets = listed.filter { (names.isEmpty || names.contains($0.name)) && (fields?.matches($0.json()) ?? true) }
                    .map { (ObjectStore.Key(kind: kind, namespace: parsed.namespace, name: $0.name), nil) }
            } else if names.isEmpty {
                context.err("error: resource(s) were provided, but no name was specified\n")
                return 1
            } else {
                targets = names.map { (ObjectStore.Key(kind: kind, namespace: parsed.namespace, name: $0), nil) }
            }
            if targets.isEmpty {
                context.out("No resources found\n")  // kubectl delete says it on standard output
                return 0
            }
        }
        // kubectl visits every object, then prints the errors it met together.
        var errors: [String] = []
        var waiting = DeletionWait()
        for target in targets {
            let pod = target.key.kind == ResourceKinds.pod ? context.simulator.pod(namespace: target.key.namespace, name: target.key.name) : nil
            do {
                try context.simulator.deleteObject(target.key)
                context.out("\(target.key.kind.qualifiedName) \"\(target.key.name)\" deleted\n")
                if let pod { waiting.add(pod: pod) }
                if let left = context.simulator.object(target.key), left.isTerminating { waiting.add(stillThere: left) }
            } catch {
                if ignoreNotFound, case .notFound = error { continue }
                errors.append(KubectlProgram.serverError(error, doing: "deleting", source: target.source))
            }
        }
        // Like kubectl (--wait defaults to true), it returns once the objects are gone.
        if parsed.flags["--wait"] != "false", let status = waiting.wait(context: context) {
            for error in errors { context.err(error) }
            return status
        }
        for error in errors { context.err(error) }
        return errors.isEmpty ? 0 : 1
    }
}

/// `kubectl scale (deployment/NAME | deployment NAME) --replicas=N [-n NS]`.
enum KubectlScale {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments, valued: ["--replicas", "--current-replicas", "--timeout"])
        guard let replicasText = parsed.flags["--replicas"], let replicas = Int(replicasText), replicas >= 0 else {
            context.err("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n")
            return 1
        }
        guard let (kind, names) = parsed.resource(orSay: "error: required resource not specified\n", context: context) else { return 1 }
        guard kind == ResourceKinds.deployment || kind == ResourceKinds.statefulSet else {
            context.err("error: no scaler has been implemented for {\"\(kind.group)\" \"\(kind.kind)\"}\n")
            return 1
        }
        var status: Int32 = 0
        for name in names {
            let key = ObjectStore.Key(kind: kind, namespace: parsed.namespace, name: name)
            guard let object = context.simulator.object(key) else {
                context.err("Error from server (NotFound): \(kind.qualifiedPlural) \"\(name)\" not found\n")
                status = 1
                continue
            }
            let body = ObjectPatch.merge(object.body, .object([("spec", .object([("replicas", .int(replicas))]))]))
            do {
                try context.simulator.updateObject(key, metadata: object.metadata, body: body,
                                                   manager: FieldManager("kubectl", apiVersion: kind.apiVersion, subresource: "scale"))
                context.out("\(kind.qualifiedName)/\(name) scaled\n")
            } catch {
                context.err(KubectlProgram.serverError(error))
                status = 1
            }
        }
        return status
    }
}

/// `kubectl patch KIND NAME -p PATCH [--type strategic|merge|json] [-n NS]`.
enum KubectlPatch {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments, valued: ["-p", "--patch", "--type", "--patch-file"])
        guard let (kind, names) = parsed.resource(orSay: "error: You must provide one or more resources by argument or filename.\n", context: context) else { return 1 }
        let name = names[0]
        guard let patchText = parsed.flags["-p"] ?? parsed.flags["--patch"] else {
            context.err("error: must specify --patch or --patch-file containing the contents of the patch\n")
            return 1
        }
        let type = parsed.flags["--type"] ?? "strategic"
        guard ["strategic", "merge", "json"].contains(type) else {
            context.err("error: --type must be one of [json merge strategic], not \"\(type)\"\n")
            return 1
        }
        let patch: JSONValue
        do throws(ManifestDecoder.Failure) {
            guard let first = try ManifestDecoder.documents(patchText).first else { throw ManifestDecoder.Failure(message: "empty patch") }
            patch = first
        } catch {
            context.err("error: unable to parse \"\(patchText)\": \(error.message)\n")
            return 1
        }
        let key = ObjectStore.Key(kind: kind, namespace: parsed.namespace, name: name)
        switch ObjectEdit.patch(key, with: patch, type: ObjectEdit.PatchType(rawValue: type)!, manager: "kubectl-patch", context: context) {
        case .failure: return 1
        case .success(let (_, changed)):
            context.out("\(kind.qualifiedName)/\(name) patched\(changed ? "" : " (no change)")\n")
            return 0
        }
    }
}

/// `kubectl create namespace NAME` and `kubectl create deployment NAME --image=IMAGE [--replicas=N]`.
enum KubectlCreateObjects {
    static func namespace(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments)
        guard parsed.positional.count == 1, let name = parsed.positional.first else {
            context.err("error: exactly one NAME is required, got \(parsed.positional.count)\nSee 'kubectl create namespace -h' for help and examples\n")
            return 1
        }
        do {
            try context.simulator.createObject(kind: ResourceKinds.namespace, namespace: nil, metadata: .object([("name", .string(name))]),
                                               body: .object([("spec", .object([]))]), manager: FieldManager("kubectl-create", apiVersion: "v1"))
            context.out("namespace/\(name) created\n")
            return 0
        } catch {
            context.err(KubectlProgram.serverError(error))
            return 1
        }
    }

    static func deployment(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments, valued: ["--image", "--replicas", "--port"])
        guard parsed.positional.count == 1, let name = parsed.positional.first else {
            context.err("error: exactly one NAME is required, got \(parsed.positional.count)\nSee 'kubectl create deployment -h' for help and examples\n")
            return 1
        }
        guard let image = parsed.flags["--image"], !image.isEmpty else {
            context.err("error: required flag(s) \"image\" not set\n")
            return 1
        }
        let replicas = parsed.flags["--replicas"].flatMap { Int($0) } ?? 1
        // kubectl names the container after the image's last path element, without tag or digest.
        let base = String(image.split(separator: "/").last ?? Substring(image))
        let container = String(base.split(separator: "@").first?.split(separator: ":").first ?? Substring(base))
        let labels = JSONValue.object([("app", .string(name))])
        var containerFields: [(key: String, value: JSONValue)] = [("image", .string(image)), ("name", .string(container))]
        if let port = parsed.flags["--port"].flatMap({ Int($0) }) {
            containerFields.append(("ports", .array([.object([("containerPort", .int(port))])])))
        }
        containerFields.append(("resources", .object([])))
        let body: JSONValue = .object([("spec", .object([
            ("replicas", .int(replicas)), ("selector", .object([("matchLabels", labels)])),
            ("template", .object([("metadata", .object([("labels", labels)])),
                                  ("spec", .object([("containers", .array([.object(containerFields)]))]))])),
            ("strategy", .object([])),
        ]))])
        do {
            try context.simulator.createObject(kind: ResourceKinds.deployment, namespace: parsed.namespace,
                                               metadata: .object([("labels", labels), ("name", .string(name))]), body: body,
                                               manager: FieldManager("kubectl-create", apiVersion: "apps/v1"))
            context.out("deployment.apps/\(name) created\n")
            return 0
        } catch {
            context.err(KubectlProgram.wrappedServerError(error, "failed to create deployment: "))
            return 1
        }
    }
}

