/// A label selector as `kubectl get -l` takes it: comma-separated requirements `k=v`, `k==v`,
/// `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`; an object matches when all hold.
struct LabelSelector: Sendable {
    enum Requirement: Sendable {
        case equals(String, String), notEquals(String, String), exists(String), notExists(String)
        case isIn(String, Set<String>), notIn(String, Set<String>)
    }

    let requirements: [Requirement]

    init(_ text: String) throws(KubectlError) {
        var parts: [String] = []
        var current = "", depth = 0
        for c in text {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if c == "," && depth == 0 { parts.append(current); current = "" } else { current.append(c) }
        }
        parts.append(current)
        requirements = try parts.map { part throws(KubectlError) -> Requirement in
            let term = part.trimmingGoSpace
            func set(_ list: Substring) throws(KubectlError) -> Set<String> {
                let inner = String(list).trimmingGoSpace
                guard inner.hasPrefix("("), inner.hasSuffix(")") else {
                    throw KubectlError("unable to parse requirement: found '\(inner)', expected: '('")
                }
                return Set(inner.dropFirst().dropLast().split(separator: ",").map { String($0).trimmingGoSpace })
            }
            if let range = term.range(of: " notin ") {
                return .notIn(String(term[..<range.lowerBound]).trimmingGoSpace, try set(term[range.upperBound...]))
            }
            if let range = term.range(of: " in ") {
                return .isIn(String(term[..<range.lowerBound]).trimmingGoSpace, try set(term[range.upperBound...]))
            }
            if let range = term.range(of: "!=") {
                return .notEquals(String(term[..<range.lowerBound]), String(term[range.upperBound...]))
            }
            if let range = term.range(of: "==") ?? term.range(of: "=") {
                return .equals(String(term[..<range.lowerBound]), String(term[range.upperBound...]))
            }
            if term.hasPrefix("!") { return .notExists(String(term.dropFirst())) }
            guard !term.isEmpty, !term.contains(" ") else {
                throw KubectlError("unable to parse requirement: invalid label selector '\(text)'")
            }
            return .exists(term)
        }
    }

    func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let key, let value): return labels[key] == value
            case .notEquals(let key, let value): return labels[key] != value
            case .exists(let key): return labels[key] != nil
            case .notExists(let key): return labels[key] == nil
            case .isIn(let key, let values): return labels[key].map(values.contains) ?? false
            case .notIn(let key, let values): return !(labels[key].map(values.contains) ?? false)
            }
        }
    }
}
