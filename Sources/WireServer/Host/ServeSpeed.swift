import ClusterSim

/// How the served cluster's clock follows the wall clock.
public enum ServeSpeed: Sendable, Equatable, CustomStringConvertible {
    /// Simulated time runs `factor` times as fast as the wall clock (`1` is real time).
    case factor(Double)
    /// Simulated time jumps to the cluster's next happening whenever a request or a watch asks:
    /// an upgrade unfolds in as few polls as it has phases.
    case max
    /// The clock stands still: every request sees the same moment (tests compare the wire with the
    /// native actions on one state; an instructor can freeze a cluster to show it).
    case paused

    /// `60`, `realtime`, `max` — as `--speed` takes it.
    public init?(_ text: String) {
        switch text {
        case "realtime": self = .factor(1)
        case "max": self = .max
        case "paused": self = .paused
        default:
            guard let value = Double(text), value > 0, value.isFinite else { return nil }
            self = .factor(value)
        }
    }

    public var description: String {
        switch self {
        case .max: return "max"
        case .paused: return "paused"
        case .factor(1): return "realtime"
        case .factor(let value): return value == value.rounded() ? "\(Int(value))×" : "\(value)×"
        }
    }
}
