import ClusterSim
import JSON

/// `kubectl run NAME --image=IMAGE [--labels=k=v,…] [--port=N] [--env=K=V …] [--restart=Always|OnFailure|Never]
/// [--overrides=JSON] [--command] [-- ARG …]`: one Pod, as kubectl's generator writes it (label `run=NAME` unless
/// `--labels`; the words after `--` as the container's `args`, or its `command` with `--command`).
/// An interactive pod (`-i`, `-t`, `--rm`, `--attach`) needs a container to talk to, which the
/// simulated cluster does not run: it says so.
enum KubectlRun {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let split = arguments.firstIndex(of: "--")
        let words = Array(arguments[..<(split ?? arguments.endIndex)])
        let trailing = split.map { Array(arguments[(arguments.index(after: $0))...]) } ?? []
        let parsed = ObjectVerbArguments(words, valued: ["--image", "--port", "--labels", "-l", "--restart", "--image-pull-policy", "--overrides"],
                                         repeated: ["--env", "--annotations"])
        if let interactive = ["-i", "-t", "-it", "-ti", "--stdin", "--tty", "--rm", "--attach"].first(where: { parsed.flags[$0] != nil && parsed.flags[$0] != "false" }) {
            context.err("not available in the simulated cluster: kubectl run \(interactive) (an interactive container: the simulated cluster runs none to attach to)\n")
            return Session.unavailableStatus
        }
        guard let name = parsed.positional.first, parsed.positional.count == 1 else {
            context.err("error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n")
            return 1
        }
        guard let image = parsed.flags["--image"], !image.isEmpty else {
            context.err("error: --image is required\n")
            return 1
        }
        let restart = parsed.flags["--restart"] ?? "Always"
        guard ["Always", "OnFailure", "Never"].contains(restart) else {
            context.err("error: invalid restart policy: \(restart)\n")
            return 1
        }
        var labels: [(key: String, value: JSONValue)] = [("run", .string(name))]
        if let text = parsed.flags["--labels"] ?? parsed.flags["-l"] {
            labels = []
            for pair in text.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else {
                    context.err("error: invalid label spec: \(pair)\n")
                    return 1
                }
                labels.append((parts[0], .string(parts[1])))
            }
        }
        var container: [(key: String, value: JSONValue)] = []
        if !trailing.isEmpty { container.append((parsed.flags["--command"] != nil ? "command" : "args", .array(trailing.map { .string($0) }))) }
        let env = (parsed.repeatedFlags["--env"] ?? []).map { entry -> JSONValue in
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            return .object([("name", .string(parts[0])), ("value", .string(parts.count > 1 ? parts[1] : ""))])
        }
        if !env.isEmpty { container.append(("env", .array(env))) }
        container.append(("image", .string(image)))
        if let policy = parsed.flags["--image-pull-policy"] { container.append(("imagePullPolicy", .string(policy))) }
        container.append(("name", .string(name)))
        if let port = parsed.flags["--port"].flatMap(Int.init) {
            container.append(("ports", .array([.object([("containerPort", .int(port))])])))
        }
        container.append(("resources", .object([])))
        var metadata: [(key: String, value: JSONValue)] = []
        let annotations = (parsed.repeatedFlags["--annotations"] ?? []).compactMap { entry -> (key: String, value: JSONValue)? in
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            return parts.count == 2 ? (parts[0], .string(parts[1])) : nil
        }
        if !annotations.isEmpty { metadata.append(("annotations", .object(annotations))) }
        metadata += [("labels", .object(labels)), ("name", .string(name))]
        let spec: JSONValue = .object([("containers", .array([.object(container)])), ("dnsPolicy", .string("ClusterFirst")),
                                       ("restartPolicy", .string(restart))])
        var whole: JSONValue = .object([("apiVersion", .string("v1")), ("kind", .string("Pod")), ("metadata", .object(metadata)), ("spec", spec)])
        if let overrides = parsed.flags["--overrides"] {
            // `--override-type=merge` (the default): a JSON merge patch over the generated object.
            guard let patch = try? JSONParser.parse(overrides) else {
                context.err("error: Invalid JSON Patch\n")
                return 1
            }
            whole = ObjectPatch.merge(whole, patch)
        }
        let (objectMetadata, body) = StoredObject.split(whole)
        do {
            try context.simulator.createObject(kind: ResourceKinds.pod, namespace: parsed.namespace, metadata: objectMetadata,
                                               body: body, manager: FieldManager("kubectl-run", apiVersion: "v1"))
        } catch {
            context.err(KubectlProgram.serverError(error))
            return 1
        }
        context.out("pod/\(name) created\n")
        return 0
    }
}
