import ClusterSim
import Dispatch
import Foundation
import Synchronization

/// A simulated cluster someone else owns and lends for a request at a time (a guided session's,
/// through its lease): its clock is its owner's, and the server only reads and writes between steps.
public protocol SharedSimulator: Sendable {
    func withSimulator<T, E: Error>(_ body: (Simulator) throws(E) -> T) throws(E) -> T
}

/// Owns the served simulator: every request and the clock's ticks reach it through `access`, one at a
/// time, after its clock has caught up with the wall clock. It tells the watch hub when the cluster
/// changed, so watches carry each change as the clock makes it.
public final class SimulationHost: Sendable {
    struct State {
        /// nil when the cluster is borrowed (`shared`).
        let simulator: Simulator?
        var lastWrites: Int
    }

    private let state: Mutex<State>
    private let shared: (any SharedSimulator)?
    public let speed: ServeSpeed
    let hub = WatchHub()
    /// Encoded label sets of listed objects, reused between Table requests.
    let tableRows = TableRows()
    /// Encoded nodes, reused between list requests while they are unchanged.
    let listItems = ListItems()
    /// Uptime nanoseconds when the clock started following the wall clock, and its time then.
    private let startedAt: UInt64
    private let simulatedStart: SimTime

    private func elapsedSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds - startedAt) / 1e9 }
    private let stopped = Mutex(false)

    /// Ends `runClock` at its next wake-up.
    func stopClock() { stopped.withLock { $0 = true } }

    public init(simulator: sending Simulator, speed: ServeSpeed) {
        self.speed = speed
        let start = simulator.now
        let writes = simulator.writes
        self.startedAt = DispatchTime.now().uptimeNanoseconds
        self.simulatedStart = start
        self.state = Mutex(State(simulator: simulator, lastWrites: writes))
        self.shared = nil
    }

    /// Serves a cluster its owner lends (a lesson session's): the owner runs its clock; the server
    /// answers between the owner's steps and sends watchers what changed, within 20 ms.
    public init(shared: any SharedSimulator) {
        self.speed = .paused
        self.startedAt = DispatchTime.now().uptimeNanoseconds
        self.simulatedStart = .zero
        self.state = Mutex(State(simulator: nil, lastWrites: -1))
        self.shared = shared
    }

    /// Runs `body` on the simulator once its clock has caught up, then publishes what changed.
    public func access<T, E: Error>(_ body: (Simulator) throws(E) -> T) throws(E) -> T {
        if let shared {
            return try shared.withSimulator { (simulator) throws(E) -> T in
                let result = try body(simulator)
                publishShared(simulator)
                return result
            }
        }
        return try state.withLock { (state) throws(E) -> T in
            catchUp(&state)
            let result = try body(state.simulator!)
            publish(&state)
            return result
        }
    }

    /// The owner's changes (or the request's) to watchers; `lastWrites` lives under the host's lock.
    private func publishShared(_ simulator: Simulator) {
        let changed = state.withLock { state -> Bool in
            guard simulator.writes != state.lastWrites else { return false }
            state.lastWrites = simulator.writes
            return true
        }
        if changed { hub.clusterChanged(simulator) }
    }

    /// Moves the clock to where the wall clock says it is (or, at `max`, to its next happening).
    func tick() {
        if let shared {
            shared.withSimulator { publishShared($0) }
            return
        }
        state.withLock { state in
            catchUp(&state)
            publish(&state)
        }
    }

    private func catchUp(_ state: inout State) {
        guard let simulator = state.simulator else { return }
        switch speed {
        case .paused: return
        case .max:
            if let next = simulator.nextEventTime { simulator.run(until: next) }
        case .factor(let factor):
            let target = simulatedStart + .seconds(elapsedSeconds() * factor)
            if target > simulator.now { simulator.run(until: target) }
        }
    }

    private func publish(_ state: inout State) {
        guard let simulator = state.simulator, simulator.writes != state.lastWrites else { return }
        state.lastWrites = simulator.writes
        hub.clusterChanged(simulator)
    }

    /// When, in uptime nanoseconds, the wall clock reaches simulated `time` (nil unless the clock
    /// follows the wall clock at a set factor): what a watch's delivery delay is measured from.
    public func wallTime(of time: SimTime) -> UInt64? {
        guard case .factor(let factor) = speed else { return nil }
        let seconds = (time - simulatedStart).seconds / factor
        return startedAt + UInt64(Swift.max(0, seconds * 1e9))
    }

    /// Wall time until the simulator's next happening is due (nil: nothing scheduled), so the ticker
    /// wakes when something will change rather than on a fixed beat.
    func wallDelayToNextEvent() -> Duration? {
        state.withLock { state in
            guard let next = state.simulator?.nextEventTime else { return nil }
            switch speed {
            case .paused: return nil
            case .max: return .zero
            case .factor(let factor):
                let due = (next - simulatedStart).seconds / factor
                let seconds = elapsedSeconds()
                return .milliseconds(Swift.max(0, Int64(((due - seconds) * 1000).rounded(.up))))
            }
        }
    }

    /// Runs the clock until `isCancelled`: wakes when the next happening is due (at most every
    /// 250 ms, at least 5 ms apart: a burst of changes is taken together, one comparison of the
    /// objects for all), so a watch sees a change within milliseconds of its simulated time.
    func runClock() async {
        while !Task.isCancelled && !stopped.withLock({ $0 }) {
            let delay = wallDelayToNextEvent().map { Swift.min(Swift.max($0, .milliseconds(5)), .milliseconds(250)) } ?? .milliseconds(250)
            if shared != nil {
                // The owner runs the clock: look for its changes every 20 ms.
                try? await Task.sleep(for: .milliseconds(20))
                tick()
                continue
            }
            if speed == .max || speed == .paused {
                // At max, time moves only when asked: nothing to wait for.
                try? await Task.sleep(for: .milliseconds(250))
                continue
            }
            try? await Task.sleep(for: delay)
            tick()
        }
    }
}
