/// Where snapshots come from: the simulator's query API, or a real cluster through the real CLIs.
public protocol SnapshotSource: AnyObject {
    /// What can be seen now.
    func snapshot() throws(ObservationError) -> ClusterSnapshot
}

/// Why the cluster could not be observed, in words that say what to do.
public enum ObservationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The credentials may not read something the narration needs.
    case notPermitted(command: String, detail: String)
    /// A command failed for another reason (no cluster by that name, no network …).
    case commandFailed(command: String, status: Int32, detail: String)
    /// A command answered something that is not what it should print.
    case unreadable(command: String)
    /// Which cluster to watch is not known.
    case clusterUnknown(String)

    /// Whether looking again cannot help (the participant has to change something first).
    public var isFinal: Bool {
        switch self {
        case .notPermitted, .clusterUnknown: return true
        case .commandFailed, .unreadable: return false
        }
    }

    public var description: String {
        switch self {
        case let .notPermitted(command, detail):
            return "Narration is off: your credentials may not run `\(command)` (\(detail)). Narration only reads; grant read access (eks:Describe*, eks:List*, autoscaling:Describe*, and get/list on nodes, pods and poddisruptionbudgets) to hear it."
        case let .commandFailed(command, status, detail):
            return "Narration paused: `\(command)` failed with exit status \(status)\(detail.isEmpty ? "" : ": \(detail)")."
        case let .unreadable(command):
            return "Narration paused: `\(command)` printed something that is not the JSON it should print."
        case let .clusterUnknown(reason):
            return reason
        }
    }
}
