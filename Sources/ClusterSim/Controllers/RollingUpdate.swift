/// How a Deployment replaces its pods when its template changes (`spec.strategy`).
public enum RolloutStrategy: Sendable, Equatable {
    /// New pods come up while old ones go: at most `maxSurge` above the replica count, at most
    /// `maxUnavailable` below it (both 25 % unless the Deployment says otherwise).
    case rollingUpdate(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent)
    /// Every old pod goes first; the new ones are created once none is left.
    case recreate

    public static let standard = RolloutStrategy.rollingUpdate(maxSurge: .percent(25), maxUnavailable: .percent(25))

    /// The pods allowed above and below the replica count: a surge rounds up, unavailability down,
    /// and when both come to zero one pod may be unavailable (the deployment controller's rule).
    public func limits(replicas: Int) -> (surge: Int, unavailable: Int) {
        guard case .rollingUpdate(let maxSurge, let maxUnavailable) = self else { return (0, replicas) }
        let surge = maxSurge.resolve(total: replicas)
        let unavailable: Int
        switch maxUnavailable {
        case .count(let n): unavailable = n
        case .percent(let p): unavailable = replicas * p / 100
        }
        if surge == 0 && unavailable == 0 { return (0, 1) }
        return (surge, unavailable)
    }
}

/// One step of the deployment controller: from the live pods of the current template ("new") and
/// of earlier ones ("old"), which pods to create and which to delete now. The controller runs a
/// step after every change that may let the rollout go on (a pod ready, a pod gone, a new spec).
public enum RollingUpdate {
    /// A live (not terminating) pod as the controller weighs it.
    public struct PodState: Sendable, Equatable {
        public var id: Int
        public var ready: Bool
        public init(id: Int, ready: Bool) {
            self.id = id
            self.ready = ready
        }
    }

    public struct Step: Sendable, Equatable {
        /// New pods to create.
        public var create = 0
        /// Pods to delete, in order.
        public var delete: [Int] = []
    }

    /// - Parameter oldTerminating: old pods still shutting down (a recreate waits for them).
    public static func step(replicas: Int, strategy: RolloutStrategy, new: [PodState], old: [PodState], oldTerminating: Int = 0) -> Step {
        var step = Step()
        if case .recreate = strategy {
            if !old.isEmpty { step.delete = old.map(\.id) } else if oldTerminating == 0 { step = scaleNew(replicas: replicas, new: new) }
            return step
        }
        guard !old.isEmpty else { return scaleNew(replicas: replicas, new: new) }
        let (surge, unavailable) = strategy.limits(replicas: replicas)
        let total = new.count + old.count
        if new.count < replicas { step.create = min(replicas - new.count, max(0, replicas + surge - total)) }
        // Old pods go as far as availability allows: unready ones first (they serve nothing),
        // then ready ones, the newest first.
        let minAvailable = replicas - unavailable
        let newUnavailable = new.filter { !$0.ready }.count + step.create
        var budget = total + step.create - minAvailable - newUnavailable
        guard budget > 0 else { return step }
        let unready = old.filter { !$0.ready }.sorted { $0.id > $1.id }
        for pod in unready.prefix(budget) { step.delete.append(pod.id) }
        budget -= min(budget, unready.count)
        let available = new.filter(\.ready).count + old.filter(\.ready).count
        let canGo = min(budget, available - minAvailable)
        guard canGo > 0 else { return step }
        let ready = old.filter(\.ready).sorted { $0.id > $1.id }
        step.delete += ready.prefix(canGo).map(\.id)
        return step
    }

    /// No rollout under way: create the missing pods, or delete the extra ones (unready first,
    /// then the newest — kube-controller-manager's preference).
    static func scaleNew(replicas: Int, new: [PodState]) -> Step {
        var step = Step()
        if new.count < replicas {
            step.create = replicas - new.count
        } else if new.count > replicas {
            let ranked = new.sorted { a, b in a.ready != b.ready ? !a.ready : a.id > b.id }
            step.delete = ranked.prefix(new.count - replicas).map(\.id)
        }
        return step
    }
}
