import ClusterSim
import JMESPath
import JSON

/// `kubectl get nodes|pods` with `-o wide|json|name|jsonpath=…|custom-columns=…`, `-L`,
/// `--show-labels`, `--no-headers`, `-A`, `-n`, and `--watch` / `-w` / `--watch-only` for nodes.
enum KubectlGet {
    struct Options {
        var resource = ""
        var names: [String] = []
        var wide = false
        /// `json`, `name`, `jsonpath=TEMPLATE` or `custom-columns=SPEC`, when given with -o.
        var format: String?
        var labelColumns: [String] = []
        var showLabels = false
        var noHeaders = false
        var allNamespaces = false
        var namespace = "default"
        var watch = false
        var watchOnly = false
    }

    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        var options = Options()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            func value() -> String? {
                if let equals = argument.firstIndex(of: "=") { return String(argument[argument.index(after: equals)...]) }
                guard index < arguments.count else { return nil }
                index += 1
                return arguments[index - 1]
            }
            // `-ojson`, `-ojsonpath={…}`: the value written straight after -o.
            if argument.hasPrefix("-o"), argument.count > 2, !argument.hasPrefix("--") {
                let format = String(argument.dropFirst(2))
                if format == "wide" { options.wide = true } else { options.format = format }
                continue
            }
            switch argument.split(separator: "=").first.map(String.init) ?? argument {
            case "-o", "--output":
                guard let format = argument.hasPrefix("--output=") ? String(argument.dropFirst("--output=".count)) : value() else {
                    return flagNeedsValue(argument, context)
                }
                switch format {
                case "wide": options.wide = true
                case "json", "name": options.format = format
                case _ where format.hasPrefix("jsonpath=") || format.hasPrefix("custom-columns="): options.format = format
                default:
                    context.err("not available in the simulated cluster: kubectl get -o \(format)\n")
                    return Session.unavailableStatus
                }
            case "-L", "--label-columns":
                guard let v = value() else { return flagNeedsValue(argument, context) }
                options.labelColumns += v.split(separator: ",").map(String.init)
            case "--show-labels": options.showLabels = true
            case "--no-headers": options.noHeaders = true
            case "-A", "--all-namespaces": options.allNamespaces = true
            case "-n", "--namespace":
                guard let v = value() else { return flagNeedsValue(argument, context) }
                options.namespace = v
            case "-w", "--watch": options.watch = true
            case "--watch-only": options.watchOnly = true
            default:
                if argument.hasPrefix("-") {
                    context.err("error: unknown flag: \(argument)\nSee 'kubectl get --help' for usage.\n")
                    return 1
                }
                if options.resource.isEmpty { options.resource = argument } else { options.names.append(argument) }
            }
        }
        if let format = options.format {
            guard ["json", "name"].contains(format) || format.hasPrefix("jsonpath=") || format.hasPrefix("custom-columns=") else {
                context.err("not available in the simulated cluster: kubectl get -o \(format)\n")
                return Session.unavailableStatus
            }
            return StructuredOutput.run(options, format: format, context: context)
        }
        switch options.resource {
        case "nodes", "node", "no":
            return NodesTable(options: options).run(context: context)
        case "pods", "pod", "po":
            return PodsTable(options: options).run(context: context)
        case "pdb", "pdbs", "poddisruptionbudget", "poddisruptionbudgets":
            return KubectlPodDisruptionBudgets.table(options, context: context)
        case "":
            context.err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n")
            return 1
        default:
            context.err("not available in the simulated cluster: kubectl get \(options.resource)\n")
            return Session.unavailableStatus
        }
    }

    static func flagNeedsValue(_ flag: String, _ context: ProgramContext) -> Int32 {
        let bare = String(flag.drop { $0 == "-" })
        context.err("error: flag needs an argument: '\(bare)' in -\(bare)\nSee 'kubectl get --help' for usage.\n")
        return 1
    }

    /// `-L eks.amazonaws.com/nodegroup` makes a column named `NODEGROUP`.
    static func labelHeader(_ key: String) -> String {
        (key.split(separator: "/").last.map(String.init) ?? key).uppercased()
    }

    static func labelsText(_ labels: [String: String]) -> String {
        labels.isEmpty ? "<none>" : labels.keys.sorted().map { "\($0)=\(labels[$0]!)" }.joined(separator: ",")
    }
}

/// `kubectl get nodes`, including `--watch`.
struct NodesTable {
    let options: KubectlGet.Options

    func header() -> [String] {
        var columns = ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
        if options.wide { columns += ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"] }
        columns += options.labelColumns.map(KubectlGet.labelHeader)
        if options.showLabels { columns.append("LABELS") }
        return columns
    }

    func row(_ node: Node, now: SimTime) -> [String] {
        var cells = [node.name, node.statusText, "<none>", HumanDuration.format(now - node.created), node.kubeletVersion]
        if options.wide { cells += [node.internalIp, "<none>", node.osImage, node.kernelVersion, node.containerRuntime] }
        cells += options.labelColumns.map { node.labels[$0] ?? "" }
        if options.showLabels { cells.append(KubectlGet.labelsText(node.labels)) }
        return cells
    }

    func run(context: ProgramContext) -> Int32 {
        let simulator = context.simulator
        var nodes = simulator.nodeList()
        for name in options.names where simulator.node(named: name) == nil {
            context.err("Error from server (NotFound): nodes \"\(name)\" not found\n")
            return 1
        }
        if !options.names.isEmpty { nodes = nodes.filter { options.names.contains($0.name) } }
        let writer = TabWriter()
        if !options.watchOnly {
            if nodes.isEmpty {
                context.err("No resources found\n")
            } else {
                let rows = nodes.map { row($0, now: simulator.now) }
                context.out(writer.format(options.noHeaders ? rows : [header()] + rows))
            }
        } else if !options.noHeaders {
            context.out(writer.format([header()]))
        }
        guard options.watch || options.watchOnly else { return 0 }
        // One row per change to a node, as the watch stream delivers it, until interrupted or the
        // session's watch limit.
        var seen = simulator.events.count
        var lastState: [String: Node] = Dictionary(uniqueKeysWithValues: simulator.nodeList().map { ($0.name, $0) })
        let deadline = simulator.now + context.session.watchLimit
        while simulator.now < deadline {
            guard context.sleep(.seconds(1)) else { return 130 }
            let events = simulator.events[seen...]
            seen = simulator.events.count
            for event in events {
                let name: String
                switch event.kind {
                case .nodeRegistered(let n, _, _), .nodeReady(let n), .nodeNotReady(let n), .nodeMarkedUnschedulable(let n),
                     .nodeTainted(let n, _), .nodeLabelled(let n, _), .nodeDeleted(let n):
                    name = n
                default:
                    continue
                }
                guard options.names.isEmpty || options.names.contains(name) else { continue }
                let node = simulator.node(named: name) ?? lastState[name]
                guard let node else { continue }
                lastState[name] = node
                context.out(writer.format([row(node, now: event.time)]))
            }
        }
        return 0
    }
}

/// `kubectl get pods`.
struct PodsTable {
    let options: KubectlGet.Options

    func run(context: ProgramContext) -> Int32 {
        let simulator = context.simulator
        let pods = simulator.podList(namespace: options.allNamespaces ? nil : options.namespace)
            .filter { options.names.isEmpty || options.names.contains($0.name) }
        if pods.isEmpty {
            context.err(options.allNamespaces ? "No resources found\n" : "No resources found in \(options.namespace) namespace.\n")
            return 0
        }
        var header = options.allNamespaces ? ["NAMESPACE"] : []
        header += ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
        if options.wide { header += ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"] }
        header += options.labelColumns.map(KubectlGet.labelHeader)
        if options.showLabels { header.append("LABELS") }
        let rows: [[String]] = pods.map { pod in
            var cells = options.allNamespaces ? [pod.namespace] : []
            let status = pod.terminating ? "Terminating" : pod.nodeName == nil ? "Pending" : pod.ready ? "Running" : "ContainerCreating"
            cells += [pod.name, pod.ready ? "1/1" : "0/1", status, String(pod.restarts), HumanDuration.format(simulator.now - pod.created)]
            if options.wide { cells += [pod.podIp ?? "<none>", pod.nodeName ?? "<none>", "<none>", "<none>"] }
            cells += options.labelColumns.map { pod.labels[$0] ?? "" }
            if options.showLabels { cells.append(KubectlGet.labelsText(pod.labels)) }
            return cells
        }
        context.out(TabWriter().format(options.noHeaders ? rows : [header] + rows))
        return 0
    }
}

/// `kubectl get nodes|pods -o json|name`.
enum StructuredOutput {
    static func run(_ options: KubectlGet.Options, format: String, context: ProgramContext) -> Int32 {
        let simulator = context.simulator
        var objects: [(kind: String, name: String, json: () -> JSONValue)] = []
        switch options.resource {
        case "nodes", "node", "no":
            for name in options.names where simulator.node(named: name) == nil {
                context.err("Error from server (NotFound): nodes \"\(name)\" not found\n")
                return 1
            }
            for node in simulator.nodeList() where options.names.isEmpty || options.names.contains(node.name) {
                objects.append(("node", node.name, { KubernetesObjects.node(node, simulator: simulator) }))
            }
        case "pods", "pod", "po":
            for pod in simulator.podList(namespace: options.allNamespaces ? nil : options.namespace)
            where options.names.isEmpty || options.names.contains(pod.name) {
                objects.append(("pod", pod.name, { KubernetesObjects.pod(pod, simulator: simulator) }))
            }
        default:
            context.err("not available in the simulated cluster: kubectl get \(options.resource) -o \(format)\n")
            return Session.unavailableStatus
        }
        if format == "name" {
            context.out(objects.map { "\($0.kind)/\($0.name)\n" }.joined())
            return 0
        }
        if format.hasPrefix("custom-columns=") {
            do {
                let columns = try KubectlCustomColumns(String(format.dropFirst("custom-columns=".count)))
                let rows = columns.rows(objects.map { $0.json() })
                context.out(TabWriter().format(options.noHeaders ? rows : [columns.headers] + rows))
                return 0
            } catch {
                context.err("error: \(error.message)\n")
                return 1
            }
        }
        // One named object prints alone; otherwise a List.
        let value = options.names.count == 1 && objects.count == 1 ? objects[0].json() : KubernetesObjects.list(objects.map { $0.json() })
        if format.hasPrefix("jsonpath=") {
            let template = String(format.dropFirst("jsonpath=".count))
            do {
                context.out(try KubectlJSONPath(template).execute(value))
                return 0
            } catch {
                context.err("error: error parsing jsonpath \(template), \(error.message)\n")
                return 1
            }
        }
        context.out(JSONSerializer.pretty(value) + "\n")
        return 0
    }
}
