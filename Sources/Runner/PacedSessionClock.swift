import Actions
import ClusterSim
#if canImport(Glibc)
import Glibc
#endif

/// Lets simulated time pass at the session's speed against the wall clock, so an upgrade
/// visibly unfolds; a wait can be interrupted (Ctrl-C), and the cluster keeps going regardless.
public final class PacedSessionClock: SessionClock {
    /// Replaced when the session gets a fresh cluster (`:reset`, `prepare-environment`).
    public var paced: PacedClock
    /// Polled while waiting; true means "stop waiting now".
    public var interrupted: () -> Bool = { false }
    /// Called about every `progressInterval` wall seconds of a long wait.
    public var onProgress: (() -> Void)?
    public var progressInterval = 5.0
    /// Called for each slice of a paced wait instead of sleeping (the guided shell relays its
    /// terminal meanwhile, so a watch's rows appear as they come); nil sleeps.
    public var waitSlice: ((Double) -> Void)?
    /// Let go of during each slice's wait when the session's cluster is shared (`run --serve`).
    var lease: SimulatorLease?

    public init(paced: PacedClock) {
        self.paced = paced
    }

    public func sleep(_ duration: SimTime, simulator: Simulator) -> Bool {
        // Checked first: when the wall clock is already past the target, the loop below never runs.
        if interrupted() { return false }
        // The wait is measured from the command's own simulated time, not from the wall clock: a
        // command's timeline then depends only on when it started (and where Ctrl-C stopped it), so
        // a recording re-runs exactly. The loop below catches up with the wall clock by itself.
        let target = simulator.now + duration
        if case .maximum = paced.speed {
            simulator.run(until: target)
            paced.reanchor()
            // A completed wait counts as completed; Ctrl-C is seen by the next wait, as in the paced
            // loop below, so both paces interrupt at the same point of a command's timeline.
            return true
        }
        var lastProgress = 0.0
        var waited = 0.0
        while simulator.now < target {
            if interrupted() { return false }
            // Short slices keep Ctrl-C responsive (well under 100 ms).
            let slice = min(0.05, paced.wallSeconds(until: target))
            if slice > 0 {
                let wait = { if let waitSlice = self.waitSlice { waitSlice(slice) } else { usleep(UInt32(slice * 1_000_000)) } }
                if let lease { lease.whileWaiting(wait) } else { wait() }
            }
            waited += slice
            let next = min(paced.targetTime, target)
            if next > simulator.now { simulator.run(until: next) }
            if waited - lastProgress >= progressInterval {
                lastProgress = waited
                onProgress?()
            }
        }
        return true
    }
}
