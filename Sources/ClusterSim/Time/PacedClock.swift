#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where wall time comes from: the system's monotonic clock, or a test's hand-driven one.
public protocol WallClock {
    /// Seconds on a monotonic scale (only differences matter).
    func now() -> Double
}

/// The system's monotonic clock.
public struct SystemWallClock: WallClock, Sendable {
    public init() {}

    public func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

/// How fast simulated time passes relative to wall time.
public enum SimulationSpeed: Sendable, Equatable, CustomStringConvertible {
    /// `factor` simulated seconds per wall second (1 = real time).
    case factor(Double)
    /// As fast as the CPU allows: every wait completes at once.
    case maximum

    public static let realtime = SimulationSpeed.factor(1)

    /// `30`, `30x`, `realtime`, `max`.
    public init?(_ text: String) {
        switch text.lowercased() {
        case "max", "maximum": self = .maximum
        case "realtime", "real-time", "1x": self = .realtime
        default:
            let number = text.hasSuffix("x") || text.hasSuffix("×") ? String(text.dropLast()) : text
            guard let factor = Double(number), factor > 0, factor <= 100_000 else { return nil }
            self = .factor(factor)
        }
    }

    public var description: String {
        switch self {
        case .maximum: return "max"
        case .factor(1): return "realtime"
        case .factor(let f): return f == f.rounded() ? "\(Int(f))x" : "\(f)x"
        }
    }
}

/// Drives a simulator against a wall clock: at speed 30, one wall second moves the cluster 30 s.
///
/// The caller asks it to catch up whenever it is about to show the cluster (a prompt, a watch
/// tick), so a participant reading prose sees an update progress in the background.
public final class PacedClock {
    public let simulator: Simulator
    private let wall: WallClock
    public private(set) var speed: SimulationSpeed
    private var anchorWall: Double
    private var anchorSim: SimTime

    public init(simulator: Simulator, wall: WallClock = SystemWallClock(), speed: SimulationSpeed) {
        self.simulator = simulator
        self.wall = wall
        self.speed = speed
        self.anchorWall = wall.now()
        self.anchorSim = simulator.now
    }

    /// The simulated time the wall clock says it should be now.
    public var targetTime: SimTime {
        switch speed {
        case .maximum: return simulator.now
        case .factor(let f): return anchorSim + .seconds((wall.now() - anchorWall) * f)
        }
    }

    /// Runs the simulator up to the wall clock's time (a no-op at maximum speed: waits decide there).
    public func catchUp() {
        let target = targetTime
        if target > simulator.now { simulator.run(until: target) }
    }

    /// Changes speed without a jump: the simulated time stays where it is.
    public func setSpeed(_ newSpeed: SimulationSpeed) {
        catchUp()
        speed = newSpeed
        reanchor()
    }

    /// Re-anchors after time moved without the wall clock (a `sleep`, a wait at maximum speed).
    public func reanchor() {
        anchorWall = wall.now()
        anchorSim = simulator.now
    }

    /// Wall seconds until simulated time reaches `time` (0 if it already has; 0 at maximum speed).
    public func wallSeconds(until time: SimTime) -> Double {
        switch speed {
        case .maximum: return 0
        case .factor(let f): return max(0, (time - targetTime).seconds / f)
        }
    }
}
