import JSON

extension IntOrPercent {
    /// As the API writes it: a number, or a `"N%"` string.
    public var json: JSONValue {
        if case .count(let n) = self { return .int(n) }
        return .string(description)
    }

    /// From the API's value: a number, or a string holding a number or a percentage.
    public init?(json: JSONValue?) {
        switch json {
        case .int(let n)?: self = .count(n)
        case .string(let text)?: self.init(text)
        default: return nil
        }
    }
}

extension PodDisruptionBudget {
    /// A policy/v1 budget's `spec` as a client writes it.
    public static func spec(selector: [String: String], minAvailable: IntOrPercent?, maxUnavailable: IntOrPercent?) -> JSONValue {
        var spec: [(key: String, value: JSONValue)] = []
        if let minAvailable { spec.append(("minAvailable", minAvailable.json)) }
        if let maxUnavailable { spec.append(("maxUnavailable", maxUnavailable.json)) }
        spec.append(("selector", .object([("matchLabels", .object(selector.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))])))
        return .object(spec)
    }
}
