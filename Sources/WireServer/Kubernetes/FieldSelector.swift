import Foundation
import JSON

/// A `fieldSelector` (`spec.nodeName=X,status.phase!=Succeeded`): each requirement compares the
/// object's field at a dotted path, as a string (a missing field is ""), with `=`, `==` or `!=`.
struct FieldSelector {
    struct Requirement {
        var path: [String]
        var value: String
        var equal: Bool
    }

    var requirements: [Requirement] = []

    init(_ text: String) throws(KubernetesStatus) {
        for part in text.split(separator: ",") {
            let item = String(part)
            let (key, value, equal): (Substring, Substring, Bool)
            if let range = item.range(of: "!=") {
                (key, value, equal) = (item[..<range.lowerBound], item[range.upperBound...], false)
            } else if let range = item.range(of: "==") {
                (key, value, equal) = (item[..<range.lowerBound], item[range.upperBound...], true)
            } else if let range = item.range(of: "=") {
                (key, value, equal) = (item[..<range.lowerBound], item[range.upperBound...], true)
            } else {
                throw .badRequest("unable to parse requirement: invalid field selector: \"\(item)\"")
            }
            let trimmed = key.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { throw .badRequest("invalid field selector: \"\(item)\"") }
            requirements.append(Requirement(path: trimmed.split(separator: ".").map(String.init), value: String(value), equal: equal))
        }
    }

    var isEmpty: Bool { requirements.isEmpty }

    func matches(_ object: JSONValue) -> Bool {
        requirements.allSatisfy { requirement in
            var current: JSONValue? = object
            for key in requirement.path { current = current?[key] }
            let text: String
            switch current {
            case .string(let s)?: text = s
            case .int(let i)?: text = String(i)
            case .bool(let b)?: text = b ? "true" : "false"
            default: text = ""
            }
            return (text == requirement.value) == requirement.equal
        }
    }
}
