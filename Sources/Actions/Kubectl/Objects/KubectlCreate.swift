import ClusterSim
import Foundation
import JSON

/// `kubectl create KIND NAME …` (kubectl's generators, each a function below) and
/// `kubectl create -f FILE`. The objects are the ones kubectl's generators send.
enum KubectlCreate {
    static let subcommands: [String: @Sendable ([String], ProgramContext) -> Int32] = [
        "namespace": { KubectlCreateObjects.namespace($0, context: $1) },
        "deployment": { KubectlCreateObjects.deployment($0, context: $1) },
        "poddisruptionbudget": { KubectlPodDisruptionBudgets.create($0, context: $1) },
        "configmap": { configMap($0, context: $1) },
        "secret": { secret($0, context: $1) },
        "serviceaccount": { serviceAccount($0, context: $1) },
        "service": { service($0, context: $1) },
        "job": { job($0, context: $1) },
        "cronjob": { cronJob($0, context: $1) },
    ]

    /// kubectl's aliases for the generators.
    static let aliases = ["ns": "namespace", "deploy": "deployment", "pdb": "poddisruptionbudget", "cm": "configmap", "sa": "serviceaccount",
                          "svc": "service", "cj": "cronjob"]

    static func run(_ rest: [String], context: ProgramContext) -> Int32 {
        if rest.contains("-f") || rest.contains(where: { $0.hasPrefix("--filename") || $0.hasPrefix("-f") && $0.count > 2 && !$0.hasPrefix("--") }) {
            return KubectlApply.create(rest, context: context)
        }
        guard let word = rest.first else {
            context.err("error: must specify one of -f and -k\n\n")
            return 1
        }
        guard let run = subcommands[aliases[word] ?? word] else {
            context.err("not available in the simulated cluster: kubectl create \(word)\n")
            return Session.unavailableStatus
        }
        return run(Array(rest.dropFirst()), context)
    }

    /// `create configmap NAME --from-literal=KEY=VALUE …`.
    static func configMap(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments, repeated: ["--from-literal"])
        guard let name = single(parsed, "configmap", context) else { return 1 }
        guard let data = literals(parsed, context) else { return 1 }
        var body: [(key: String, value: JSONValue)] = []
        if !data.isEmpty { body.append(("data", .object(data))) }
        return create(ResourceKinds.configMap, name: name, parsed: parsed, metadata: [], body: body, failure: "failed to create configmap: ", context: context)
    }

    /// `create secret generic NAME --from-literal=KEY=VALUE …`.
    static func secret(_ arguments: [String], context: ProgramContext) -> Int32 {
        guard arguments.first == "generic" else {
            context.err("not available in the simulated cluster: kubectl create secret \(arguments.first ?? "")\n")
            return Session.unavailableStatus
        }
        let parsed = ObjectVerbArguments(Array(arguments.dropFirst()), valued: ["--type"], repeated: ["--from-literal"])
        guard let name = single(parsed, "secret generic", context) else { return 1 }
        guard let data = literals(parsed, context) else { return 1 }
        let encoded = data.map { ($0.key, JSONValue.string(Data(($0.value.stringValue ?? "").utf8).base64EncodedString())) }
        var body: [(key: String, value: JSONValue)] = []
        if !encoded.isEmpty { body.append(("data", .object(encoded))) }
        body.append(("type", .string(parsed.flags["--type"] ?? "Opaque")))
        return create(ResourceKinds.secret, name: name, parsed: parsed, metadata: [], body: body, failure: "failed to create secret ", context: context)
    }

    /// `create serviceaccount NAME`.
    static func serviceAccount(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments)
        guard let name = single(parsed, "serviceaccount", context) else { return 1 }
        return create(ResourceKinds.serviceAccount, name: name, parsed: parsed, metadata: [], body: [], failure: "failed to create serviceaccount: ", context: context)
    }

    /// `create service clusterip|nodeport NAME --tcp=PORT[:TARGET] …`: selects `app=NAME`, as kubectl's generator does.
    static func service(_ arguments: [String], context: ProgramContext) -> Int32 {
        let types = ["clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer"]
        guard let word = arguments.first, let type = types[word] else {
            context.err("not available in the simulated cluster: kubectl create service \(arguments.first ?? "")\n")
            return Session.unavailableStatus
        }
        let parsed = ObjectVerbArguments(Array(arguments.dropFirst()), repeated: ["--tcp"])
        guard let name = single(parsed, "service \(word)", context) else { return 1 }
        var ports: [JSONValue] = []
        for spec in parsed.repeatedFlags["--tcp"] ?? [] {
            let parts = spec.split(separator: ":").map(String.init)
            guard let port = Int(parts[0]), parts.count <= 2, let target = Int(parts.last!) else {
                context.err("error: invalid port specification: \(spec)\n")
                return 1
            }
            // kubectl names the port after its specifier, ':' made '-'.
            ports.append(.object([("name", .string(spec.replacingOccurrences(of: ":", with: "-"))), ("port", .int(port)), ("protocol", .string("TCP")),
                                  ("targetPort", .int(target))]))
        }
        guard !ports.isEmpty else {
            context.err("error: at least one tcp port specifier must be provided\n")
            return 1
        }
        let labels = JSONValue.object([("app", .string(name))])
        let body: [(key: String, value: JSONValue)] = [("spec", .object([("ports", .array(ports)), ("selector", labels), ("type", .string(type))]))]
        return create(ResourceKinds.service, name: name, parsed: parsed, metadata: [("labels", labels)], body: body,
                      failure: "failed to create \(type) service: ", context: context)
    }

    /// `create job NAME --image=IMAGE [-- COMMAND [ARG…]]`: a pod that runs once (restartPolicy Never).
    static func job(_ arguments: [String], context: ProgramContext) -> Int32 {
        let split = arguments.firstIndex(of: "--")
        let parsed = ObjectVerbArguments(Array(arguments[..<(split ?? arguments.endIndex)]))
        let command = split.map { Array(arguments[(arguments.index(after: $0))...]) } ?? []
        guard let name = single(parsed, "job", context) else { return 1 }
        guard let image = parsed.flags["--image"] else {
            context.err("error: either --image or --from must be specified\n")
            return 1
        }
        var container: [(key: String, value: JSONValue)] = [("image", .string(image)), ("name", .string(name)), ("resources", .object([]))]
        if !command.isEmpty { container.insert(("command", .array(command.map { .string($0) })), at: 0) }
        let spec: JSONValue = .object([("template", .object([
            ("metadata", .object([])),
            ("spec", .object([("containers", .array([.object(container)])), ("restartPolicy", .string("Never"))])),
        ]))])
        return create(ResourceKinds.job, name: name, parsed: parsed, metadata: [], body: [("spec", spec)], failure: "failed to create job: ", context: context)
    }

    /// `create cronjob NAME --image=IMAGE --schedule=SCHEDULE [--restart=OnFailure|Never] [-- COMMAND [ARG…]]`.
    static func cronJob(_ arguments: [String], context: ProgramContext) -> Int32 {
        let split = arguments.firstIndex(of: "--")
        let parsed = ObjectVerbArguments(Array(arguments[..<(split ?? arguments.endIndex)]), valued: ["--image", "--schedule", "--restart"])
        let command = split.map { Array(arguments[(arguments.index(after: $0))...]) } ?? []
        let missing = ["image", "schedule"].filter { parsed.flags["--\($0)"] == nil }
        guard missing.isEmpty else {
            context.err("error: required flag(s) \(missing.map { "\"\($0)\"" }.joined(separator: ", ")) not set\n")
            return 1
        }
        guard let name = single(parsed, "cronjob", context) else { return 1 }
        var container: [(key: String, value: JSONValue)] = [("image", .string(parsed.flags["--image"]!)), ("name", .string(name)), ("resources", .object([]))]
        if !command.isEmpty { container.insert(("command", .array(command.map { .string($0) })), at: 0) }
        let spec: JSONValue = .object([
            ("jobTemplate", .object([
                ("metadata", .object([("name", .string(name))])),
                ("spec", .object([("template", .object([
                    ("metadata", .object([])),
                    ("spec", .object([("containers", .array([.object(container)])),
                                      ("restartPolicy", .string(parsed.flags["--restart"] ?? "OnFailure"))])),
                ]))])),
            ])),
            ("schedule", .string(parsed.flags["--schedule"]!)),
        ])
        return create(ResourceKinds.cronJob, name: name, parsed: parsed, metadata: [], body: [("spec", spec)],
                      failure: "failed to create cronjob: ", context: context)
    }

    // MARK: Parts

    private static func single(_ parsed: ObjectVerbArguments, _ command: String, _ context: ProgramContext) -> String? {
        guard parsed.positional.count == 1, let name = parsed.positional.first else {
            context.err("error: exactly one NAME is required, got \(parsed.positional.count)\nSee 'kubectl create \(command) -h' for help and examples\n")
            return nil
        }
        return name
    }

    private static func literals(_ parsed: ObjectVerbArguments, _ context: ProgramContext) -> [(key: String, value: JSONValue)]? {
        var data: [(key: String, value: JSONValue)] = []
        for literal in parsed.repeatedFlags["--from-literal"] ?? [] {
            guard let equals = literal.firstIndex(of: "="), equals != literal.startIndex else {
                context.err("error: invalid literal source \(literal), expected key=value\n")
                return nil
            }
            let key = String(literal[..<equals])
            if data.contains(where: { $0.key == key }) {
                context.err("error: cannot add key \(key), another key by that name already exists in Data for ConfigMap \"\(parsed.positional.first ?? "")\"\n")
                return nil
            }
            data.append((key, .string(String(literal[literal.index(after: equals)...]))))
        }
        return data
    }

    private static func create(_ kind: ResourceKind, name: String, parsed: ObjectVerbArguments, metadata: [(key: String, value: JSONValue)],
                               body: [(key: String, value: JSONValue)], failure: String, context: ProgramContext) -> Int32 {
        do {
            try context.simulator.createObject(kind: kind, namespace: parsed.namespace, metadata: .object(metadata + [("name", .string(name))]),
                                               body: .object(body), manager: FieldManager("kubectl-create", apiVersion: kind.apiVersion))
            context.out("\(kind.qualifiedName)/\(name) created\n")
            return 0
        } catch {
            context.err(KubectlProgram.wrappedServerError(error, failure))
            return 1
        }
    }
}
