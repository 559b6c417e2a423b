import ClusterSim

extension KubectlResource {
    static let nodes = KubectlResource(
        names: ["nodes", "node", "no"], qualifiedPlural: "nodes", nameKind: "node", namespaced: false,
        objects: { _, simulator in
            simulator.nodeList().map { node in Object(namespace: nil, name: node.name, labels: node.labels, json: { KubernetesObjects.node(node, simulator: simulator) }) }
        },
        table: { options, context in NodesTable(options: options).run(context: context) })
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
        let selected: Set<String>
        switch KubectlResource.nodes.select(options, simulator: simulator) {
        case .failure(let error):
            context.err(error.message + "\n")
            return 1
        case .success(let objects): selected = Set(objects.map(\.name))
        }
        let nodes = simulator.nodeList().filter { selected.contains($0.name) }
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
                if let selector = options.selector, let labels = (simulator.node(named: name) ?? lastState[name])?.labels, !selector.matches(labels) { continue }
                let node = simulator.node(named: name) ?? lastState[name]
                guard let node else { continue }
                lastState[name] = node
                context.out(writer.format([row(node, now: event.time)]))
            }
        }
        return 0
    }
}
