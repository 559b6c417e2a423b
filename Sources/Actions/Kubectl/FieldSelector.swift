import Foundation
import JSON

/// A field selector (`--field-selector spec.nodeName=X,status.phase!=Succeeded`, a list request's
/// `fieldSelector`): each requirement compares the object's field at a dotted path, as a string (a
/// missing field is ""), with `=`, `==` or `!=`.
public struct FieldSelector: Sendable {
    /// Why a selector does not parse: apimachinery's words.
    public struct ParseError: Error, Sendable {
        public var message: String
    }

    struct Requirement: Sendable {
        var path: [String]
        var value: String
        var equal: Bool
    }

    var requirements: [Requirement] = []

    public init(_ text: String) throws(ParseError) {
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
                throw ParseError(message: "invalid selector: '\(text)'; can't understand '\(item)'")
            }
            let trimmed = key.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { throw ParseError(message: "invalid selector: '\(text)'; can't understand '\(item)'") }
            requirements.append(Requirement(path: trimmed.split(separator: ".").map(String.init), value: String(value), equal: equal))
        }
    }

    public var isEmpty: Bool { requirements.isEmpty }

    public func matches(_ object: JSONValue) -> Bool {
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
