import ClusterObservation

/// An upgrade as a story in time: each node's life as spans of its states, the phases each node
/// group went through, the Auto Scaling groups' desired sizes, refused evictions and the results —
/// assembled from the frames an observer recorded whenever the picture changed.
public struct Timeline: Sendable, Equatable {
    public struct Span: Sendable, Equatable {
        public var state: TimelineFrame.NodeState
        public var start: Double
        public var end: Double
    }

    public struct Row: Sendable, Equatable {
        public var name: String
        public var nodegroup: String
        public var zone: String
        public var spans: [Span]
        /// When the row first appears (rows are ordered by zone, then by it).
        public var firstSeen: Double
    }

    public struct PhaseSpan: Sendable, Equatable {
        public var nodegroup: String
        public var phase: UpgradePhaseName
        public var start: Double
        public var end: Double
    }

    public struct Point: Sendable, Equatable {
        public var time: Double
        public var value: Int
    }

    public struct Mark: Sendable, Equatable {
        public var time: Double
        public var budget: String
        public var node: String
    }

    public struct Ending: Sendable, Equatable {
        public var time: Double
        public var subject: String
        public var status: String
        public var code: String?
    }

    public var start: Double
    public var end: Double
    public var rows: [Row]
    public var phases: [PhaseSpan]
    /// Desired size over time, per node group.
    public var desired: [String: [Point]]
    public var refusals: [Mark]
    public var endings: [Ending]

    /// Seconds before the first change that the picture still shows (the cluster as it was).
    public static let leadIn = 60.0

    public init(frames: [TimelineFrame]) {
        let frames = frames.sorted { $0.time < $1.time }
        // The picture starts shortly before the first change, not at the session's start.
        let active = frames.firstIndex { frame in
            frame.groups.contains { $0.phase != nil || $0.desired != $0.configured } || frame.nodes.contains { $0.state != .ready && $0.state != .gone }
        }
        let first = frames.first?.time ?? 0
        let startTime = active.map { max(first, frames[$0].time - Self.leadIn) } ?? first
        let last = frames.last?.time ?? 0
        let endTime = max(last, startTime + 1)
        start = startTime
        end = endTime
        var rows: [String: Row] = [:]
        var phases: [PhaseSpan] = []
        var desired: [String: [Point]] = [:]
        var refusals: [Mark] = []
        var endings: [Ending] = []
        for (index, frame) in frames.enumerated() {
            let from = max(frame.time, startTime)
            let to = index + 1 < frames.count ? max(frames[index + 1].time, startTime) : endTime
            for node in frame.nodes where node.state != .gone {
                var row = rows[node.name] ?? Row(name: node.name, nodegroup: node.nodegroup, zone: node.zone, spans: [], firstSeen: from)
                if let lastSpan = row.spans.last, lastSpan.state == node.state, lastSpan.end == from {
                    row.spans[row.spans.count - 1].end = to
                } else if to > from || index + 1 == frames.count {
                    row.spans.append(Span(state: node.state, start: from, end: max(to, from)))
                }
                rows[node.name] = row
            }
            for group in frame.groups {
                if let phase = group.phase {
                    if let lastPhase = phases.lastIndex(where: { $0.nodegroup == group.nodegroup }),
                       phases[lastPhase].phase == phase, phases[lastPhase].end == from {
                        phases[lastPhase].end = to
                    } else {
                        phases.append(PhaseSpan(nodegroup: group.nodegroup, phase: phase, start: from, end: to))
                    }
                }
                if desired[group.nodegroup]?.last?.value != group.desired {
                    desired[group.nodegroup, default: []].append(Point(time: from, value: group.desired))
                }
            }
            for refusal in frame.refusals where !refusals.contains(where: { $0.budget == refusal.budget && $0.node == refusal.node }) {
                refusals.append(Mark(time: from, budget: refusal.budget, node: refusal.node))
            }
            for result in frame.results {
                endings.append(Ending(time: from, subject: result.subject, status: result.status, code: result.code))
            }
        }
        self.rows = rows.values.sorted { ($0.zone, $0.firstSeen, $0.name) < ($1.zone, $1.firstSeen, $1.name) }
        self.phases = phases
        self.desired = desired
        self.refusals = refusals
        self.endings = endings
    }

    /// The zones in row order, each with its rows.
    public var zones: [(zone: String, rows: [Row])] {
        var result: [(String, [Row])] = []
        for row in rows {
            if result.last?.0 == row.zone { result[result.count - 1].1.append(row) } else { result.append((row.zone, [row])) }
        }
        return result
    }
}
