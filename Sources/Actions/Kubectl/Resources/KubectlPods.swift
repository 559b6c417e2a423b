import ClusterSim

extension KubectlResource {
    static let pods = KubectlResource(
        names: ["pods", "pod", "po"], qualifiedPlural: "pods", nameKind: "pod", namespaced: true,
        objects: { namespace, simulator in
            simulator.podList(namespace: namespace).map { pod in
                Object(namespace: pod.namespace, name: pod.name, labels: pod.labels, json: { KubernetesObjects.pod(pod, simulator: simulator) })
            }
        },
        table: { options, context in PodsTable(options: options).run(context: context) })
}

/// `kubectl get pods`.
struct PodsTable {
    let options: KubectlGet.Options

    func run(context: ProgramContext) -> Int32 {
        let simulator = context.simulator
        let selected: Set<String>
        switch KubectlResource.pods.select(options, simulator: simulator) {
        case .failure(let error):
            context.err(error.message + "\n")
            return 1
        case .success(let objects): selected = Set(objects.map { "\($0.namespace ?? "")/\($0.name)" })
        }
        let pods = simulator.podList(namespace: options.allNamespaces ? nil : options.namespace)
            .filter { selected.contains("\($0.namespace)/\($0.name)") }
        if pods.isEmpty {
            context.err(KubectlResource.pods.noResources(options))
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
