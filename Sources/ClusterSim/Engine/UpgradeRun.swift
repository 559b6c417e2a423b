/// Runs one node group version update from start to end with no lesson: what
/// `workshop simulate`, the invariant tests and the benchmarks do.
public enum UpgradeRun {
    /// How long an update may take before the run gives up (far beyond any documented limit).
    public static let limit = SimTime.minutes(48 * 60)

    /// Starts the update on `nodegroup` (default: the scenario's first) and runs the clock until it ends.
    public static func run(scenario: Scenario, seed: UInt64, nodegroup: String? = nil, version: String? = nil,
                           releaseVersion: String? = nil, force: Bool = false, prepare: ((Simulator) -> Void)? = nil,
                           observe: ((SimEvent, Simulator) -> Void)? = nil) throws(ServiceError) -> (Simulator, EKSUpdate) {
        let simulator = Simulator(scenario: scenario, seed: seed)
        prepare?(simulator)
        if let observe { simulator.observe { [unowned simulator] event in observe(event, simulator) } }
        let name = nodegroup ?? scenario.nodegroups[0].name
        let update = try simulator.updateNodegroupVersion(cluster: scenario.clusterName, nodegroup: name, version: version,
                                                          releaseVersion: releaseVersion, force: force)
        simulator.run(until: { (try? simulator.describeUpdate(cluster: scenario.clusterName, updateId: update.id))?.status != .inProgress },
                      limit: limit)
        let final = try simulator.describeUpdate(cluster: scenario.clusterName, updateId: update.id)
        return (simulator, final)
    }

    /// What `workshop simulate --upgrade` runs.
    public enum Sequence: String, Sendable, CaseIterable {
        /// One node group's version update (the default).
        case nodegroup
        /// The control plane to the next minor version.
        case cluster
        /// Every add-on to the newest version made for the cluster's Kubernetes version.
        case addons
        /// The control plane, then every add-on, then every node group to the new version, in order.
        case all
    }

    /// Runs `sequence` one update after another, each to its end; stops at the first that does not
    /// succeed. Returns every update record in the order they ran.
    /// - Parameter prepare: called with the fresh simulator before anything starts (a watcher attaches there).
    public static func run(_ sequence: Sequence, scenario: Scenario, seed: UInt64, force: Bool = false,
                           prepare: ((Simulator) -> Void)? = nil,
                           observe: ((SimEvent, Simulator) -> Void)? = nil) throws(ServiceError) -> (Simulator, [EKSUpdate]) {
        if sequence == .nodegroup {
            let (simulator, update) = try run(scenario: scenario, seed: seed, force: force, prepare: prepare, observe: observe)
            return (simulator, [update])
        }
        let simulator = Simulator(scenario: scenario, seed: seed)
        prepare?(simulator)
        if let observe { simulator.observe { [unowned simulator] event in observe(event, simulator) } }
        func finish(_ update: EKSUpdate) throws(ServiceError) -> EKSUpdate {
            simulator.run(until: { (try? simulator.describeUpdate(cluster: scenario.clusterName, updateId: update.id))?.status != .inProgress },
                          limit: limit)
            return try simulator.describeUpdate(cluster: scenario.clusterName, updateId: update.id)
        }
        var done: [EKSUpdate] = []
        func addons() throws(ServiceError) -> Bool {
            for name in try simulator.listAddons(cluster: scenario.clusterName) {
                let addon = try simulator.describeAddon(cluster: scenario.clusterName, addon: name)
                guard let target = AddonCatalog.latestVersion(name, kubernetesVersion: simulator.cluster.version), target != addon.version else { continue }
                done.append(try finish(simulator.updateAddon(cluster: scenario.clusterName, addon: name, version: target)))
                if done.last!.status != .successful { return false }
            }
            return true
        }
        if sequence == .addons {
            _ = try addons()
            return (simulator, done)
        }
        let next = "1.\(Simulator.minor(simulator.cluster.version) + 1)"
        done.append(try finish(simulator.updateClusterVersion(cluster: scenario.clusterName, version: next)))
        guard sequence == .all, done[0].status == .successful, try addons() else { return (simulator, done) }
        for name in scenario.nodegroups.map(\.name) {
            let update = try finish(simulator.updateNodegroupVersion(cluster: scenario.clusterName, nodegroup: name, version: next, force: force))
            done.append(update)
            if update.status != .successful { break }
        }
        return (simulator, done)
    }
}
