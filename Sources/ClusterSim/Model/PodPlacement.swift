import JSON

/// Where a pod may run, from its spec: `nodeSelector`, required node affinity and tolerations.
/// The scheduler asks ``allows(labels:taints:)`` of each node; a `NoExecute` taint removes the
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

    public init(nodeSelector: [String: String] = [:], requiredTerms: [[Requirement]] = [], tolerations: [Toleration] = []) {
        self.nodeSelector = nodeSelector
        self.requiredTerms = requiredTerms
        self.tolerations = tolerations
    }

    /// No rule beyond resources: the scheduler's fast path.
    public var isUnconstrained: Bool { nodeSelector.isEmpty && requiredTerms.isEmpty && tolerations.isEmpty }

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
            requiredTerms = terms.map { term in
                guard case .array(let expressions)? = term["matchExpressions"] else { return [] }
                return expressions.map { expression in
                    var values: [String] = []
                    if case .array(let items)? = expression["values"] { values = items.compactMap(\.stringValue) }
                    return Requirement(key: expression["key"]?.stringValue ?? "", operator: expression["operator"]?.stringValue ?? "In", values: values)
                }
            }
        }
        if case .array(let items)? = spec?["tolerations"] {
            tolerations = items.map { item in
                Toleration(key: item["key"]?.stringValue ?? "", operator: item["operator"]?.stringValue ?? "Equal",
                           value: item["value"]?.stringValue ?? "", effect: item["effect"]?.stringValue ?? "")
            }
        }
    }
}
