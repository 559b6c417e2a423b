import JSON

/// Where a pod may run, from its spec: `nodeSelector`, required node affinity, tolerations, pod
/// (anti-)affinity and topology spread constraints. The ``Scheduler`` reads the node rules against
/// each node and the pod rules against the pods already placed; a `NoExecute` taint removes the
/// running pods that do not tolerate it.
public struct PodPlacement: Sendable, Equatable {
    /// `spec.tolerations[]`.
    public struct Toleration: Sendable, Equatable {
        public var key: String
        /// `Equal` (the default) or `Exists`.
        public var `operator`: String
        public var value: String
        /// `NoSchedule`, `PreferNoSchedule`, `NoExecute`; empty matches every effect.
        public var effect: String

        public init(key: String = "", operator: String = "Equal", value: String = "", effect: String = "") {
            self.key = key
            self.operator = `operator`
            self.value = value
            self.effect = effect
        }

        /// The API's `ToleratesTaint`: effect, then key (an empty key with `Exists` matches
        /// every key), then value.
        public func tolerates(_ taint: Taint) -> Bool {
            if !effect.isEmpty && effect != taint.kubernetesEffect { return false }
            if !key.isEmpty && key != taint.key { return false }
            if `operator` == "Exists" { return true }
            return value == (taint.value ?? "")
        }
    }

    /// One `matchExpressions` entry of a node selector term.
    public struct Requirement: Sendable, Equatable {
        public var key: String
        /// `In`, `NotIn`, `Exists`, `DoesNotExist`, `Gt`, `Lt`.
        public var `operator`: String
        public var values: [String]

        public func matches(_ labels: [String: String]) -> Bool {
            let value = labels[key]
            switch `operator` {
            case "In": return value.map(values.contains) ?? false
            case "NotIn": return value.map { !values.contains($0) } ?? true
            case "Exists": return value != nil
            case "DoesNotExist": return value == nil
            case "Gt", "Lt":
                guard let have = value.flatMap({ Int($0) }), let bound = values.first.flatMap({ Int($0) }) else { return false }
                return `operator` == "Gt" ? have > bound : have < bound
            default: return false
            }
        }
    }

    public var nodeSelector: [String: String] = [:]
    /// `requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`: any term, every requirement in it.
    public var requiredTerms: [[Requirement]] = []
    public var tolerations: [Toleration] = []
    /// `affinity.podAffinity.required…`: a node qualifies only if its domain has a pod each term picks.
    public var podAffinity: [PodAffinityTerm] = []
    /// `affinity.podAntiAffinity.required…`: a node qualifies only if its domain has no pod a term picks.
    public var podAntiAffinity: [PodAffinityTerm] = []
    /// The preferred terms: they only score nodes.
    public var preferredPodAffinity: [PodAffinityTerm] = []
    public var preferredPodAntiAffinity: [PodAffinityTerm] = []
    /// `topologySpreadConstraints`.
    public var spreadConstraints: [TopologySpreadConstraint] = []

    public init(nodeSelector: [String: String] = [:], requiredTerms: [[Requirement]] = [], tolerations: [Toleration] = []) {
        self.nodeSelector = nodeSelector
        self.requiredTerms = requiredTerms
        self.tolerations = tolerations
    }

    /// No node rule beyond resources: the scheduler's fast path.
    public var isUnconstrained: Bool { nodeSelector.isEmpty && requiredTerms.isEmpty && tolerations.isEmpty }

    /// Rules about other pods (affinity, anti-affinity, spread), required or preferred.
    public var hasPodRules: Bool {
        !podAffinity.isEmpty || !podAntiAffinity.isEmpty || !preferredPodAffinity.isEmpty
            || !preferredPodAntiAffinity.isEmpty || !spreadConstraints.isEmpty
    }

    public func matchesNode(labels: [String: String]) -> Bool {
        for (key, value) in nodeSelector where labels[key] != value { return false }
        guard !requiredTerms.isEmpty else { return true }
        return requiredTerms.contains { term in term.allSatisfy { $0.matches(labels) } }
    }

    /// Whether a taint with this effect keeps the pod off (`NoSchedule`, `NoExecute`) and it is not tolerated.
    public func repelled(by taint: Taint) -> Bool {
        taint.effect != "PREFER_NO_SCHEDULE" && !tolerations.contains { $0.tolerates(taint) }
    }

    /// Reads a pod spec's `nodeSelector`, `affinity.nodeAffinity` and `tolerations`.
    public init(podSpec spec: JSONValue?) {
        if case .object(let pairs)? = spec?["nodeSelector"] {
            for (key, value) in pairs { if let text = value.stringValue { nodeSelector[key] = text } }
        }
        if case .array(let terms)? = spec?["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"] {
            requiredTerms = terms.map { Self.requirements($0["matchExpressions"]) }
        }
        if case .array(let items)? = spec?["tolerations"] {
            tolerations = items.map { item in
                Toleration(key: item["key"]?.stringValue ?? "", operator: item["operator"]?.stringValue ?? "Equal",
                           value: item["value"]?.stringValue ?? "", effect: item["effect"]?.stringValue ?? "")
            }
        }
        readPodRules(spec)
    }
}
