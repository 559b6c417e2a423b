/// An `int` or a `percent%`, as PodDisruptionBudgets take them.
public enum IntOrPercent: Sendable, Equatable, CustomStringConvertible {
    case count(Int)
    case percent(Int)

    public init?(_ text: String) {
        if text.hasSuffix("%"), let p = Int(text.dropLast()), (0...100).contains(p) {
            self = .percent(p)
        } else if let n = Int(text), n >= 0 {
            self = .count(n)
        } else {
            return nil
        }
    }

    /// The value against `total`, rounding percentages up as Kubernetes does for budgets.
    public func resolve(total: Int) -> Int {
        switch self {
        case .count(let n): return n
        case .percent(let p): return (total * p + 99) / 100
        }
    }

    public var description: String {
        switch self {
        case .count(let n): return String(n)
        case .percent(let p): return "\(p)%"
        }
    }
}

/// A Deployment, StatefulSet or DaemonSet: the controller that keeps its pods' count.
public struct Workload: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case deployment = "Deployment", statefulSet = "StatefulSet", daemonSet = "DaemonSet"
    }

    public var kind: Kind
    public var namespace: String
    public var name: String
    /// Ignored for DaemonSets (one pod per schedulable node).
    public var replicas: Int
    public var cpuMillis: Int
    public var memoryMi: Int
    /// `app.kubernetes.io/name`-style labels; PDBs select pods by these.
    public var labels: [String: String]
    /// Tolerates every taint (like a DaemonSet that must run everywhere).
    public var toleratesAllTaints: Bool
    public var created: SimTime
    /// The container's name and image when an applied manifest gave them (nil: the scenario's).
    public var containerName: String? = nil
    public var image: String? = nil

    public var key: String { "\(namespace)/\(name)" }
}

/// A PodDisruptionBudget: evictions that would leave fewer healthy pods than it allows are refused.
public struct PodDisruptionBudget: Sendable, Equatable {
    public var namespace: String
    public var name: String
    /// Selects pods whose labels include all of these.
    public var selector: [String: String]
    public var minAvailable: IntOrPercent?
    public var maxUnavailable: IntOrPercent?
    public var created: SimTime

    public init(namespace: String, name: String, selector: [String: String], minAvailable: IntOrPercent?,
                maxUnavailable: IntOrPercent?, created: SimTime) {
        self.namespace = namespace
        self.name = name
        self.selector = selector
        self.minAvailable = minAvailable
        self.maxUnavailable = maxUnavailable
        self.created = created
    }

    public var key: String { "\(namespace)/\(name)" }
}

/// A pod.
public struct Pod: Sendable, Equatable {
    public enum Phase: String, Sendable, Equatable {
        case pending = "Pending", running = "Running", succeeded = "Succeeded", failed = "Failed"
    }

    /// Creation order: also the scheduler's queue order.
    public var id: Int
    public var namespace: String
    public var name: String
    public var workload: String
    public var labels: [String: String]
    public var nodeName: String?
    public var phase: Phase
    public var ready: Bool
    /// Set once an eviction or deletion has started; the pod is gone after its grace period.
    public var terminating: Bool
    public var created: SimTime
    public var started: SimTime?
    public var cpuMillis: Int
    public var memoryMi: Int
    public var podIp: String?
    public var restarts: Int
    public var toleratesAllTaints: Bool
    public var isDaemon: Bool

    public var key: String { "\(namespace)/\(name)" }
}
