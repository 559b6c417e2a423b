import ClusterSim

/// `kubectl get TYPE` without `-o FORMAT`: the type's table as the API server prints it, with the
/// columns every table shares (NAMESPACE under `-A`, `-L` label columns, `--show-labels`), and
/// `--watch` / `-w` / `--watch-only` for every type.
///
/// Watching follows kubectl's `get.go`: the current list first (unless `--watch-only`), then one
/// row per change as the clock runs, through the same tab writer so column widths are kept, until
/// interrupted or the session's watch limit. A watch prints no "No resources found"; the header
/// comes with the first row printed.
struct KubectlTable {
    let resource: KubectlResource
    let options: KubectlGet.Options

    func header() -> [String] {
        var columns = namespaceColumn ? ["NAMESPACE"] : []
        columns += resource.header(options.wide)
        columns += options.labelColumns.map(KubectlGet.labelHeader)
        if options.showLabels { columns.append("LABELS") }
        return columns
    }

    func row(_ object: KubectlResource.Object, at now: SimTime) -> [String] {
        var cells = namespaceColumn ? [object.namespace ?? ""] : []
        var own = object.row(options.wide, now)
        if options.withKind, !own.isEmpty { own[0] = "\(resource.nameKind)/\(own[0])" }
        cells += own
        cells += options.labelColumns.map { object.labels[$0] ?? "" }
        if options.showLabels { cells.append(KubectlGet.labelsText(object.labels)) }
        return cells
    }

    private var namespaceColumn: Bool { resource.namespaced && options.allNamespaces }

    func run(context: ProgramContext) -> Int32 {
        let simulator = context.simulator
        let listed: [KubectlResource.Object]
        switch resource.select(options, simulator: simulator) {
        case .failure(let error):
            context.err(error.message + "\n")
            return 1
        case .success(let objects): listed = objects
        }
        let watching = options.watch || options.watchOnly
        guard watching else {
            guard !listed.isEmpty else {
                context.err(resource.noResources(options))
                return 0
            }
            let rows = listed.map { row($0, at: simulator.now) }
            context.out(TabWriter().format(options.noHeaders ? rows : [header()] + rows))
            return 0
        }
        return watch(from: listed, context: context)
    }

    private func watch(from listed: [KubectlResource.Object], context: ProgramContext) -> Int32 {
        let simulator = context.simulator
        let writer = TabWriter()
        var headerShown = options.noHeaders
        func print(_ rows: [[String]]) {
            guard !rows.isEmpty else { return }
            context.out(writer.format(headerShown ? rows : [header()] + rows))
            headerShown = true
        }
        if !options.watchOnly { print(listed.map { row($0, at: simulator.now) }) }

        var known = Dictionary(listed.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var seen = simulator.events.count
        let deadline = simulator.now + context.session.watchLimit
        while simulator.now < deadline {
            guard context.sleep(.seconds(1)) else { return 130 }
            // Nothing happened in the cluster: nothing was written, nothing to list again.
            guard simulator.events.count != seen else { continue }
            let happened = simulator.events[seen...]
            seen = simulator.events.count
            let current = resource.matching(resource.objects(resource.scope(options), simulator), options)
            let byKey = Dictionary(current.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            var rows: [[String]] = []
            switch resource.watchChanges {
            case .perEvent(let changed):
                // A deleted object prints its last state: keep the newest one seen.
                known.merge(byKey) { _, newer in newer }
                for event in happened {
                    guard let key = changed(event.kind), let object = byKey[key] ?? known[key] else { continue }
                    known[key] = object
                    rows.append(row(object, at: event.time))
                }
            case .byVersion:
                for object in current where known[object.key]?.version() != object.version() {
                    rows.append(row(object, at: simulator.now))
                }
                // Deleted: the object's last state, once.
                for key in known.keys.sorted() where byKey[key] == nil {
                    rows.append(row(known[key]!, at: simulator.now))
                }
                known = byKey
            }
            print(rows)
        }
        return 0
    }
}
