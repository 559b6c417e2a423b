import ClusterSim
import Foundation

/// Shares a session's simulated cluster with another thread (`workshop run --serve`'s server). The
/// session's thread holds the lease whenever it works on the cluster and lets go of it only while it
/// waits — at the prompt, in a poll for bash or a client, in a paced wait; the other thread takes it
/// for each request. A request therefore never sees the cluster in the middle of a command's step,
/// and nothing else in the session needs to know a server is there.
public final class SimulatorLease: @unchecked Sendable {
    // @unchecked: `simulator` is read and written only by a thread that holds `lock`.
    private let lock = NSLock()
    private var ended = false
    var simulator: Simulator

    /// Made, and first held, by the session's thread.
    init(simulator: Simulator) {
        self.simulator = simulator
        lock.lock()
    }

    /// Another thread: runs `body` on the session's cluster (the current one: `:reset` and
    /// `prepare-environment` replace it), between the session's steps.
    public func withSimulator<T, E: Error>(_ body: (Simulator) throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(simulator)
    }

    /// The session's thread: lets go of the cluster for a wait that touches it not.
    func whileWaiting<T>(_ wait: () -> T) -> T {
        guard !ended else { return wait() }
        lock.unlock()
        defer { lock.lock() }
        return wait()
    }

    /// The session's thread, once, as the session closes: the cluster is left to the other thread.
    func end() {
        guard !ended else { return }
        ended = true
        lock.unlock()
    }
}
