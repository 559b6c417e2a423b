import Actions
import ClusterSim

/// Simulated time as fast as possible, except that a wait which would pass `deadline` stops there
/// and reports an interruption: a block's `timeout=` in test mode, or the moment a recorded
/// participant pressed Ctrl-C when a transcript is verified.
final class DeadlineClock: SessionClock {
    var deadline: SimTime?
    /// Set when a wait hit the deadline.
    var expired = false
    /// Asked before each wait: true stops it (the calling client was interrupted or went away).
    var interrupted: () -> Bool = { false }

    func sleep(_ duration: SimTime, simulator: Simulator) -> Bool {
        if interrupted() { return false }
        let target = simulator.now + duration
        if let deadline, target > deadline {
            if deadline > simulator.now { simulator.run(until: deadline) }
            expired = true
            return false
        }
        simulator.run(until: target)
        return true
    }
}
