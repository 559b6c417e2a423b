import JSON

/// What an upgrade timeline needs from one look at the cluster: each node's state, each group's
/// desired size and phase, the budgets refusing evictions, and the updates that ended. Recorded
/// in transcripts (one per change) so a timeline can be drawn from any recording.
public struct TimelineFrame: Sendable, Equatable {
    /// A node's life, as drawn.
    public enum NodeState: String, Sendable, CaseIterable {
        case launching, ready, cordoned, draining, terminating, gone
    }

    public struct NodeRow: Sendable, Equatable {
        public var name: String
        public var nodegroup: String
        public var zone: String
        public var state: NodeState
        public init(name: String, nodegroup: String, zone: String, state: NodeState) {
            self.name = name
            self.nodegroup = nodegroup
            self.zone = zone
            self.state = state
        }
    }

    public struct GroupState: Sendable, Equatable {
        public var nodegroup: String
        public var desired: Int
        /// The configured size the update returns to.
        public var configured: Int
        public var phase: UpgradePhaseName?
        public init(nodegroup: String, desired: Int, configured: Int, phase: UpgradePhaseName?) {
            self.nodegroup = nodegroup
            self.desired = desired
            self.configured = configured
            self.phase = phase
        }
    }

    public struct Refusal: Sendable, Equatable {
        public var budget: String
        public var node: String
        public init(budget: String, node: String) {
            self.budget = budget
            self.node = node
        }
    }

    public struct Result: Sendable, Equatable {
        public var subject: String
        public var status: String
        public var code: String?
        public init(subject: String, status: String, code: String? = nil) {
            self.subject = subject
            self.status = status
            self.code = code
        }
    }

    /// Seconds on the session's clock.
    public var time: Double
    public var nodes: [NodeRow]
    public var groups: [GroupState]
    public var refusals: [Refusal]
    /// Updates that ended at this frame.
    public var results: [Result]

    public init(time: Double, nodes: [NodeRow], groups: [GroupState], refusals: [Refusal] = [], results: [Result] = []) {
        self.time = time
        self.nodes = nodes
        self.groups = groups
        self.refusals = refusals
        self.results = results
    }

    /// Whether `other` shows the same cluster (time aside).
    public func sameState(as other: TimelineFrame) -> Bool {
        nodes == other.nodes && groups == other.groups && refusals == other.refusals && results == other.results
    }

    // MARK: - JSON (a transcript's `observation` record)

    public var json: JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [
            ("t", .double((time * 1000).rounded() / 1000)),
            ("nodes", .array(nodes.map { .array([.string($0.name), .string($0.nodegroup), .string($0.zone), .string($0.state.rawValue)]) })),
            ("groups", .array(groups.map { group in
                var g: [(key: String, value: JSONValue)] = [("nodegroup", .string(group.nodegroup)), ("desired", .int(group.desired)),
                                                            ("configured", .int(group.configured))]
                if let phase = group.phase { g.append(("phase", .string(phase.rawValue))) }
                return .object(g)
            })),
        ]
        if !refusals.isEmpty { pairs.append(("refusals", .array(refusals.map { .array([.string($0.budget), .string($0.node)]) }))) }
        if !results.isEmpty {
            pairs.append(("results", .array(results.map { result in
                var r: [(key: String, value: JSONValue)] = [("subject", .string(result.subject)), ("status", .string(result.status))]
                if let code = result.code { r.append(("code", .string(code))) }
                return .object(r)
            })))
        }
        return .object(pairs)
    }

    public init?(json: JSONValue) {
        guard let time = json["t"]?.number, case .array(let nodes)? = json["nodes"], case .array(let groups)? = json["groups"] else { return nil }
        self.time = time
        self.nodes = nodes.compactMap { row in
            guard case .array(let cells) = row, cells.count == 4, let name = cells[0].stringValue, let group = cells[1].stringValue,
                  let zone = cells[2].stringValue, let state = cells[3].stringValue.flatMap(NodeState.init(rawValue:)) else { return nil }
            return NodeRow(name: name, nodegroup: group, zone: zone, state: state)
        }
        self.groups = groups.compactMap { group in
            guard let name = group["nodegroup"]?.stringValue, let desired = group["desired"]?.number,
                  let configured = group["configured"]?.number else { return nil }
            return GroupState(nodegroup: name, desired: Int(desired), configured: Int(configured),
                              phase: group["phase"]?.stringValue.flatMap(UpgradePhaseName.init(rawValue:)))
        }
        if case .array(let refusals)? = json["refusals"] {
            self.refusals = refusals.compactMap { pair in
                guard case .array(let cells) = pair, cells.count == 2, let budget = cells[0].stringValue, let node = cells[1].stringValue else { return nil }
                return Refusal(budget: budget, node: node)
            }
        } else { self.refusals = [] }
        if case .array(let results)? = json["results"] {
            self.results = results.compactMap { result in
                guard let subject = result["subject"]?.stringValue, let status = result["status"]?.stringValue else { return nil }
                return Result(subject: subject, status: status, code: result["code"]?.stringValue)
            }
        } else { self.results = [] }
    }
}

extension UpgradeObserver {
    /// The timeline's view of the last snapshot taken in; `changes` are what that snapshot showed
    /// (the updates that ended in it become the frame's results).
    public func frame(changes: [ObservedChange]) -> TimelineFrame? {
        guard let snapshot = last else { return nil }
        let present = Dictionary(snapshot.nodes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let instanceStates = Dictionary(snapshot.groups.flatMap(\.instances).map { ($0.id, $0.lifecycleState) }, uniquingKeysWith: { a, _ in a })
        // Drain state by node, once (not a search per node).
        var drains: [String: (draining: Bool, drained: Bool, terminating: Bool)] = [:]
        for name in seenOrder where present[name] != nil {
            let state = drainState(name)
            if state.draining || state.drained || state.terminating { drains[name] = state }
        }
        let rows = seenOrder.map { name -> TimelineFrame.NodeRow in
            let seen = seenNodes[name]!
            let state: TimelineFrame.NodeState
            if let node = present[name] {
                let drain = drains[name] ?? (false, false, false)
                if drain.terminating || node.instanceId.flatMap({ instanceStates[$0] })?.hasPrefix("Terminating") == true {
                    state = .terminating
                } else if drain.draining || drain.drained {
                    state = .draining
                } else if node.unschedulable {
                    state = .cordoned
                } else {
                    state = node.ready ? .ready : .launching
                }
            } else {
                state = .gone
            }
            return .init(name: name, nodegroup: seen.nodegroup, zone: seen.zone, state: state)
        }
        let groups = snapshot.nodegroups.map { group in
            TimelineFrame.GroupState(nodegroup: group.name,
                                     desired: group.autoScalingGroup.flatMap(snapshot.group)?.desiredCapacity ?? group.desiredSize,
                                     configured: group.desiredSize, phase: phase(nodegroup: group.name))
        }
        let results = changes.compactMap { change -> TimelineFrame.Result? in
            switch change {
            case let .updateSucceeded(_, subject, type) where type == "VersionUpdate" || type == "AddonUpdate":
                return .init(subject: Self.name(subject), status: "Successful")
            case let .updateFailed(_, subject, code, _, _):
                return .init(subject: Self.name(subject), status: "Failed", code: code)
            default:
                return nil
            }
        }
        return TimelineFrame(time: snapshot.time, nodes: rows, groups: groups,
                             refusals: blockedBudgets(snapshot).map { .init(budget: $0.budget, node: $0.node) }, results: results)
    }

    /// `node group default`, `control plane`, `add-on coredns`.
    public static func name(_ subject: UpdateView.Subject) -> String {
        switch subject {
        case .controlPlane: return "control plane"
        case .nodegroup(let name): return "node group \(name)"
        case .addon(let name): return "add-on \(name)"
        }
    }
}
