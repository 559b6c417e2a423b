/// Runs one node group version update from start to end with no lesson: what
/// `workshop simulate`, the invariant tests and the benchmarks do.
public enum UpgradeRun {
    /// How long an update may take before the run gives up (far beyond any documented limit).
    public static let limit = SimTime.minutes(48 * 60)

    /// Starts the update on `nodegroup` (default: the scenario's first) and runs the clock until it ends.
    public static func run(scenario: Scenario, seed: UInt64, nodegroup: String? = nil, version: String? = nil,
                           releaseVersion: String? = nil, force: Bool = false,
                           observe: ((SimEvent, Simulator) -> Void)? = nil) throws(ServiceError) -> (Simulator, EKSUpdate) {
        let simulator = Simulator(scenario: scenario, seed: seed)
        if let observe { simulator.observe { [unowned simulator] event in observe(event, simulator) } }
        let name = nodegroup ?? scenario.nodegroups[0].name
        let update = try simulator.updateNodegroupVersion(cluster: scenario.clusterName, nodegroup: name, version: version,
                                                          releaseVersion: releaseVersion, force: force)
        simulator.run(until: { (try? simulator.describeUpdate(cluster: scenario.clusterName, updateId: update.id))?.status != .inProgress },
                      limit: limit)
        let final = try simulator.describeUpdate(cluster: scenario.clusterName, updateId: update.id)
        return (simulator, final)
    }
}
