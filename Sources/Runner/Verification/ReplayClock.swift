import Actions
import ClusterSim

/// Runs simulated time as fast as possible, but stops a wait where the recording says the
/// participant interrupted it (Ctrl-C), so a re-run prints exactly what the recording shows.
final class ReplayClock: SessionClock {
    /// The simulated time at which the current command was interrupted, if it was.
    var interruptAt: SimTime?

    func sleep(_ duration: SimTime, simulator: Simulator) -> Bool {
        let target = simulator.now + duration
        if let interruptAt, target > interruptAt {
            if interruptAt > simulator.now { simulator.run(until: interruptAt) }
            return false
        }
        simulator.run(until: target)
        return true
    }
}
