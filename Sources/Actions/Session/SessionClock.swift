import ClusterSim

/// How commands that wait (`sleep`, `aws eks wait`, `kubectl get --watch`) let time pass.
///
/// Tests and `workshop test` run the simulator straight to the moment wanted; the guided shell
/// paces it against the wall clock and lets Ctrl-C interrupt.
public protocol SessionClock: AnyObject {
    /// Lets `duration` of simulated time pass. Returns false if the wait was interrupted.
    func sleep(_ duration: SimTime, simulator: Simulator) -> Bool
}

/// Time passes as fast as the CPU allows.
public final class InstantClock: SessionClock {
    public init() {}

    public func sleep(_ duration: SimTime, simulator: Simulator) -> Bool {
        simulator.advance(by: duration)
        return true
    }
}
