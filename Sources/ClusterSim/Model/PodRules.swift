import JSON

/// A `metav1.LabelSelector` over pods: `matchLabels` and `matchExpressions` (In, NotIn, Exists,
/// DoesNotExist), all of which must hold. An empty selector selects every pod, as the API's does.
public struct PodSelector: Sendable, Equatable {
    public var matchLabels: [String: String]
    public var expressions: [PodPlacement.Requirement]

    public init(matchLabels: [String: String] = [:], expressions: [PodPlacement.Requirement] = []) {
        self.matchLabels = matchLabels
        self.expressions = expressions
    }

    /// Reads `{matchLabels, matchExpressions}`; nil when there is no selector (which selects nothing
    /// in affinity terms and spread constraints).
    public init?(_ json: JSONValue?) {
        guard case .object? = json else { return nil }
        if case .object(let pairs)? = json?["matchLabels"] {
            matchLabels = Dictionary(pairs.compactMap { pair in pair.value.stringValue.map { (pair.key, $0) } }) { a, _ in a }
        } else {
            matchLabels = [:]
        }
        expressions = PodPlacement.requirements(json?["matchExpressions"])
    }

    public func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in matchLabels where labels[key] != value { return false }
        return expressions.allSatisfy { $0.matches(labels) }
    }
}

/// One `podAffinity`/`podAntiAffinity` term: pods its selector picks, in its namespaces, within
/// the same `topologyKey` domain (a node for `kubernetes.io/hostname`, a zone for
/// `topology.kubernetes.io/zone`).
public struct PodAffinityTerm: Sendable, Equatable {
    public var selector: PodSelector?
    public var topologyKey: String
    /// The namespaces it looks in; empty means the pod's own (unless `allNamespaces`).
    public var namespaces: [String]
    /// An empty `namespaceSelector: {}` looks in every namespace.
    public var allNamespaces: Bool
    /// For preferred terms, the weight the scheduler's score gives it (1–100); 0 for required ones.
    public var weight: Int

    init(_ json: JSONValue?, weight: Int = 0) {
        selector = PodSelector(json?["labelSelector"])
        topologyKey = json?["topologyKey"]?.stringValue ?? ""
        namespaces = elements(json?["namespaces"]).compactMap(\.stringValue)
        if case .object(let pairs)? = json?["namespaceSelector"], pairs.isEmpty { allNamespaces = true } else { allNamespaces = false }
        self.weight = weight
    }

    /// Whether a pod in `namespace` with `labels` is one this term (of a pod in `ownNamespace`) picks.
    public func selects(namespace: String, labels: [String: String], ownNamespace: String) -> Bool {
        guard let selector else { return false }
        if !allNamespaces {
            if namespaces.isEmpty ? namespace != ownNamespace : !namespaces.contains(namespace) { return false }
        }
        return selector.matches(labels)
    }
}

/// One `topologySpreadConstraints` entry: pods its selector picks may differ by at most `maxSkew`
/// between the domains of `topologyKey`.
public struct TopologySpreadConstraint: Sendable, Equatable {
    public var maxSkew: Int
    public var topologyKey: String
    /// `DoNotSchedule` filters nodes; `ScheduleAnyway` only scores them.
    public var hard: Bool
    public var selector: PodSelector?
    /// Fewer eligible domains than this count as a global minimum of zero.
    public var minDomains: Int

    init(_ json: JSONValue) {
        if case .int(let n)? = json["maxSkew"] { maxSkew = n } else { maxSkew = 1 }
        topologyKey = json["topologyKey"]?.stringValue ?? ""
        hard = (json["whenUnsatisfiable"]?.stringValue ?? "DoNotSchedule") == "DoNotSchedule"
        selector = PodSelector(json["labelSelector"])
        if case .int(let n)? = json["minDomains"] { minDomains = n } else { minDomains = 1 }
    }
}

extension PodPlacement {
    /// Reads a list of `matchExpressions` entries.
    static func requirements(_ json: JSONValue?) -> [Requirement] {
        guard case .array(let expressions)? = json else { return [] }
        return expressions.map { expression in
            var values: [String] = []
            if case .array(let items)? = expression["values"] { values = items.compactMap(\.stringValue) }
            return Requirement(key: expression["key"]?.stringValue ?? "", operator: expression["operator"]?.stringValue ?? "In", values: values)
        }
    }

    /// Reads `affinity.podAffinity`, `affinity.podAntiAffinity` (required and preferred terms) and
    /// `topologySpreadConstraints` of a pod spec.
    mutating func readPodRules(_ spec: JSONValue?) {
        func required(_ json: JSONValue?) -> [PodAffinityTerm] {
            elements(json?["requiredDuringSchedulingIgnoredDuringExecution"]).map { PodAffinityTerm($0) }
        }
        func preferred(_ json: JSONValue?) -> [PodAffinityTerm] {
            elements(json?["preferredDuringSchedulingIgnoredDuringExecution"]).map { item in
                var weight = 1
                if case .int(let n)? = item["weight"] { weight = n }
                return PodAffinityTerm(item["podAffinityTerm"], weight: weight)
            }
        }
        let affinity = spec?["affinity"]
        podAffinity = required(affinity?["podAffinity"])
        podAntiAffinity = required(affinity?["podAntiAffinity"])
        preferredPodAffinity = preferred(affinity?["podAffinity"])
        preferredPodAntiAffinity = preferred(affinity?["podAntiAffinity"])
        spreadConstraints = elements(spec?["topologySpreadConstraints"]).map(TopologySpreadConstraint.init)
    }
}

/// The elements of a JSON array (none for anything else).
func elements(_ json: JSONValue?) -> [JSONValue] {
    if case .array(let items)? = json { return items }
    return []
}
