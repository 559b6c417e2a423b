/// One look at the cluster and what it showed: handed to every subscriber of a ``ClusterWatcher``.
public struct Observation: Sendable {
    public var snapshot: ClusterSnapshot
    /// What changed since the previous look, in order.
    public var changes: [ObservedChange]
    /// The timeline's view of this look.
    public var frame: TimelineFrame?
}

/// Looks at a cluster through a ``SnapshotSource``, infers what changed with an
/// ``UpgradeObserver``, and hands each look to its subscribers — the narrator, the transcript's
/// recorder, a timeline. It never changes the cluster.
public final class ClusterWatcher {
    public let source: SnapshotSource
    public private(set) var observer: UpgradeObserver
    private var subscribers: [(Observation) -> Void] = []
    /// Why the last look failed, if it did; a failed look changes nothing.
    public private(set) var lastError: ObservationError?
    /// Every timeline frame so far (one per change of the picture).
    public private(set) var frames: [TimelineFrame] = []

    public init(source: SnapshotSource, observer: UpgradeObserver = UpgradeObserver()) {
        self.source = source
        self.observer = observer
    }

    /// Calls `subscriber` with every look from now on.
    public func subscribe(_ subscriber: @escaping (Observation) -> Void) {
        subscribers.append(subscriber)
    }

    /// Takes a look now and tells the subscribers; returns what changed (nothing when the look failed).
    @discardableResult
    public func poll() -> [ObservedChange] {
        let snapshot: ClusterSnapshot
        do {
            snapshot = try source.snapshot()
            lastError = nil
        } catch {
            lastError = error
            return []
        }
        let changes = observer.observe(snapshot)
        var frame = observer.frame(changes: changes)
        // A frame only when the picture changed: a timeline needs the changes, not every look.
        if let current = frame, let previous = frames.last, current.sameState(as: previous) { frame = nil }
        if let frame { frames.append(frame) }
        let observation = Observation(snapshot: snapshot, changes: changes, frame: frame)
        for subscriber in subscribers { subscriber(observation) }
        return changes
    }

    /// The last snapshot taken in.
    public var last: ClusterSnapshot? { observer.last }

    /// Whether the cluster is changing, so looking again soon is worth it: an update in progress, a
    /// node not Ready or on its way out, a group not at its configured size, an add-on updating.
    public var clusterIsChanging: Bool {
        guard let s = observer.last else { return true }
        if s.updates.contains(where: { $0.status == "InProgress" }) || s.cluster.status == "UPDATING" { return true }
        if s.nodes.contains(where: { !$0.ready }) || s.pendingPods > 0 { return true }
        if s.addons.contains(where: { $0.status == "UPDATING" || $0.status == "CREATING" }) { return true }
        return s.nodegroups.contains { group in
            group.autoScalingGroup.flatMap(s.group).map { $0.desiredCapacity != group.desiredSize } ?? false
        }
    }
}
