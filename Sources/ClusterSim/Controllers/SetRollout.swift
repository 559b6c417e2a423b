/// How a DaemonSet or StatefulSet replaces its pods when its template changes.
public enum SetUpdateStrategy: Sendable, Equatable {
    /// A DaemonSet: old pods deleted while at most `maxUnavailable` nodes lack a ready pod (its
    /// replacement comes once the old one is gone). A StatefulSet: one pod at a time from the
    /// highest ordinal down to `partition`, each once every pod is ready.
    case rollingUpdate(maxUnavailable: IntOrPercent, partition: Int)
    /// Pods keep their template until someone deletes them.
    case onDelete

    public static let standard = SetUpdateStrategy.rollingUpdate(maxUnavailable: .count(1), partition: 0)
}

/// The DaemonSet and StatefulSet controllers' rolling-update decisions, as pure functions of the
/// pods they see (the simulator acts on the answers).
public enum SetRollout {
    /// A pod as these controllers weigh it.
    public struct PodState: Sendable, Equatable {
        public var id: Int
        /// Made from the current template.
        public var current: Bool
        public var ready: Bool
        public var terminating: Bool
        /// A StatefulSet pod's ordinal (0 for DaemonSet pods).
        public var ordinal: Int

        public init(id: Int, current: Bool, ready: Bool, terminating: Bool, ordinal: Int = 0) {
            self.id = id
            self.current = current
            self.ready = ready
            self.terminating = terminating
            self.ordinal = ordinal
        }
    }

    /// The DaemonSet pods to delete now: old ones that are not ready always (they serve nothing),
    /// ready old ones while fewer than `maxUnavailable` (rounded up against the desired count) of
    /// the `desired` nodes lack a ready pod.
    public static func daemonSetDeletions(desired: Int, pods: [PodState], strategy: SetUpdateStrategy) -> [Int] {
        guard case .rollingUpdate(let maxUnavailable, _) = strategy else { return [] }
        let live = pods.filter { !$0.terminating }
        let old = live.filter { !$0.current }
        guard !old.isEmpty else { return [] }
        let available = live.filter(\.ready).count
        let allowed = Swift.max(1, maxUnavailable.resolve(total: desired))
        var budget = allowed - Swift.max(0, desired - available)
        var deletions = old.filter { !$0.ready }.map(\.id)
        for pod in old where pod.ready && budget > 0 {
            deletions.append(pod.id)
            budget -= 1
        }
        return deletions
    }

    /// The StatefulSet pod to delete now: none while any pod is missing, terminating or not ready;
    /// else the highest ordinal at or above the partition still on an old template.
    public static func statefulSetDeletion(replicas: Int, pods: [PodState], strategy: SetUpdateStrategy) -> Int? {
        guard case .rollingUpdate(_, let partition) = strategy else { return nil }
        let live = pods.filter { !$0.terminating && $0.ordinal < replicas }
        guard live.count == replicas, !pods.contains(where: \.terminating), live.allSatisfy(\.ready) else { return nil }
        return live.filter { !$0.current && $0.ordinal >= partition }.max { $0.ordinal < $1.ordinal }?.id
    }
}
