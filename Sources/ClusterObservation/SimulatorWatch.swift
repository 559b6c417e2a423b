import ClusterSim

/// A ``ClusterWatcher`` on a simulated cluster, looking every `interval` of simulated time (a ticker
/// on the virtual clock, so looks fall at the same instants whatever the pace) — but only when the
/// cluster changed since the last look or something is under way, as a poller on a real cluster
/// looks only while it changes.
public final class SimulatorWatch {
    public let watcher: ClusterWatcher
    private weak var simulator: Simulator?
    /// The simulator's change count at the last look.
    private var lookedAtWrites = -1

    /// Subscribe to `watcher`, then call ``look()`` once for the first look.
    public init(simulator: Simulator, every interval: Double = 10) {
        self.watcher = ClusterWatcher(source: SimulatorSnapshotSource(simulator: simulator))
        self.simulator = simulator
        simulator.addTicker(every: .seconds(interval)) { [weak self] in self?.look() }
    }

    /// Takes a look, unless nothing changed since the last and nothing is under way.
    public func look() {
        guard let simulator, simulator.writes != lookedAtWrites || watcher.clusterIsChanging else { return }
        lookedAtWrites = simulator.writes
        watcher.poll()
    }
}
