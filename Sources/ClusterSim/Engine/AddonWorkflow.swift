/// The state of an add-on update (UpdateAddon), advanced by the controller loop: EKS applies the
/// new version's manifests, then the add-on's pods are replaced in batches — a DaemonSet's 10 % of
/// its nodes at a time (at least one), a Deployment's one by one — each batch after the previous
/// replacements are Ready; then the add-on is ACTIVE on its new version.
struct AddonWorkflow {
    var updateId: String
    var addon: String
    var from: String
    var to: String
    /// `namespace/name` of the workload whose pods roll, if the cluster runs it.
    var workload: String?
    /// Pods still on the old version, in the order they are replaced.
    var remaining: [Int]
    var applyUntil: SimTime
}

extension Simulator {
    /// Installs the default add-ons at the versions made for the cluster (time zero; no events).
    func installDefaultAddons(created: SimTime) {
        for info in AddonCatalog.addons where info.installedByDefault {
            guard let version = AddonCatalog.defaultVersion(info.name, kubernetesVersion: cluster.version) else { continue }
            let uuid = Self.awsUUID(StableHash.hex("addon|\(cluster.name)|\(info.name)", count: 32))
            addons[info.name] = Addon(name: info.name, clusterName: cluster.name, status: .active, version: version,
                                      arn: "arn:aws:eks:\(scenario.region):\(scenario.accountId):addon/\(cluster.name)/\(info.name)/\(uuid)",
                                      createdEpoch: calendar.epoch(created), modifiedEpoch: calendar.epoch(created), tags: [:])
        }
    }

    public func listAddons(cluster clusterName: String) throws(ServiceError) -> [String] {
        guard clusterName == cluster.name else { throw .clusterNotFound(clusterName) }
        return addons.keys.sorted()
    }

    public func describeAddon(cluster clusterName: String, addon name: String) throws(ServiceError) -> Addon {
        guard clusterName == cluster.name else { throw .clusterNotFound(clusterName) }
        guard let addon = addons[name] else { throw .addonNotFound(name, cluster: clusterName) }
        return addon
    }

    /// Starts an add-on update (see `startAddonUpdate`); a refusal is recorded.
    public func updateAddon(cluster clusterName: String, addon name: String, version: String? = nil,
                            resolveConflicts: String? = nil) throws(ServiceError) -> EKSUpdate {
        try refusable("UpdateAddon") { () throws(ServiceError) -> EKSUpdate in try startAddonUpdate(cluster: clusterName, addon: name, version: version, resolveConflicts: resolveConflicts) }
    }

    /// Starts an add-on update to `version` (default: the add-on's current version, which changes
    /// nothing but is recorded). Refuses a version not made for the cluster's Kubernetes version,
    /// an add-on the cluster does not have, a second update while one runs, and an unknown
    /// `resolveConflicts` value.
    private func startAddonUpdate(cluster clusterName: String, addon name: String, version: String? = nil,
                            resolveConflicts: String? = nil) throws(ServiceError) -> EKSUpdate {
        defer { flushScheduling() }
        guard clusterName == cluster.name else { throw .clusterNotFound(clusterName) }
        guard let addon = addons[name], let info = AddonCatalog.info(name) else { throw .addonNotFound(name, cluster: clusterName) }
        if let running = updateOrder.lazy.compactMap({ self.updates[$0] }).first(where: { $0.addonName == name && $0.status == .inProgress }) {
            throw .inUse("Cannot AddonUpdate because addon \(name) currently has update \(running.id) in progress")
        }
        if let resolveConflicts, !["OVERWRITE", "NONE", "PRESERVE"].contains(resolveConflicts) {
            throw .invalidParameter("1 validation error detected: Value '\(resolveConflicts)' at 'resolveConflicts' failed to satisfy constraint: Member must satisfy enum value set: [OVERWRITE, NONE, PRESERVE]")
        }
        let target = version ?? addon.version
        guard let known = info.versions.first(where: { $0.version == target }), known.compatible(with: cluster.version) else {
            throw .invalidParameter("Addon version specified is not supported")
        }
        var params: [EKSUpdate.Param] = [.init(type: "AddonVersion", value: known.version)]
        if let resolveConflicts { params.append(.init(type: "ResolveConflicts", value: resolveConflicts)) }
        var update = EKSUpdate(id: newUpdateId(), clusterName: cluster.name, nodegroupName: nil, status: .inProgress,
                               type: "AddonUpdate", params: params, createdEpoch: calendar.epoch(now), errors: [])
        update.addonName = name
        updates[update.id] = update
        updateOrder.append(update.id)
        let changes = known.version != addon.version
        let workload = info.workload.flatMap { workloads[$0] != nil ? $0 : nil }
        addonWorkflows[name] = AddonWorkflow(updateId: update.id, addon: name, from: addon.version, to: known.version,
                                             workload: workload,
                                             remaining: changes ? (workload.map { podsByWorkload[$0] ?? [] } ?? []) : [],
                                             applyUntil: now + rng.jitter(timings.addonApply.low, timings.addonApply.high))
        emit(.addonUpdateStarted(updateId: update.id, addon: name, from: addon.version, to: known.version))
        setAddonStatus(name, .updating)
        ensureTick()
        return update
    }

    /// The add-on updates in progress: add-on, versions, pods left to replace and how many at a time.
    public var addonUpdates: [(updateId: String, addon: String, from: String, to: String, podsLeft: Int, batch: Int)] {
        addonWorkflows.keys.sorted().map { name in
            let w = addonWorkflows[name]!
            return (w.updateId, name, w.from, w.to, w.remaining.count, w.workload.map(rolloutBatch) ?? 1)
        }
    }

    /// The add-ons' DaemonSets roll 10 % of their pods at a time (at least one); a Deployment one
    /// pod at a time.
    func rolloutBatch(_ key: String) -> Int {
        workloads[key]?.kind == .daemonSet ? max(1, (podsByWorkload[key]?.count ?? 0) / 10) : 1
    }

    func advanceAddonWorkflows() {
        for name in addonWorkflows.keys.sorted() {
            guard var workflow = addonWorkflows[name], now >= workflow.applyUntil else { continue }
            // One pod at a time: wait until every pod of the workload is running and Ready again.
            if let key = workflow.workload {
                let current = podsByWorkload[key] ?? []
                let settled = current.allSatisfy { id in pods[id].map { $0.ready && !$0.terminating } ?? true }
                guard settled else { continue }
                workflow.remaining.removeAll { pods[$0] == nil || pods[$0]!.terminating }
                if !workflow.remaining.isEmpty {
                    let next = Array(workflow.remaining.prefix(rolloutBatch(key)))
                    workflow.remaining.removeFirst(next.count)
                    addonWorkflows[name] = workflow
                    for id in next { terminatePod(id, forced: false) }
                    continue
                }
            }
            addonWorkflows[name] = nil
            addons[name]!.version = workflow.to
            addons[name]!.modifiedEpoch = calendar.epoch(now)
            if workflow.from != workflow.to {
                emit(.addonVersionChanged(addon: name, from: workflow.from, to: workflow.to))
            }
            setAddonStatus(name, .active)
            setUpdateStatus(workflow.updateId, .successful)
        }
    }

    func setAddonStatus(_ name: String, _ status: Addon.Status) {
        guard let before = addons[name]?.status, before != status else { return }
        addons[name]!.status = status
        emit(.addonStatusChanged(addon: name, from: before.rawValue, to: status.rawValue))
        // A storage driver that now runs takes the claims that waited for it.
        if name == Self.ebsAddon, status == .active { provisionerStarted() }
    }
}
