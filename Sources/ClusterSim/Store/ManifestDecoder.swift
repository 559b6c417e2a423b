import JSON
import Yams

/// Manifests as kubectl reads them: YAML (or JSON) with one or more documents separated by `---`,
/// each an object turned into JSON with its keys in the order written.
public enum ManifestDecoder {
    /// Why a manifest could not be read, in kubectl's words (after `error parsing FILE: `).
    public struct Failure: Error, Sendable, Equatable {
        public let message: String
        public init(message: String) { self.message = message }
    }

    /// The documents of a manifest that are not empty (a trailing `---` or a comment-only document
    /// is skipped, as kubectl does).
    public static func documents(_ text: String) throws(Failure) -> [JSONValue] {
        do {
            var documents: [JSONValue] = []
            // Document by document from the parser (a lazy sequence would end quietly at an error).
            let parser = try Parser(yaml: text, resolver: plainScalars, constructor: .default, encoding: .utf8)
            while let node = try parser.nextRoot() {
                let value = json(node)
                if value != .null { documents.append(value) }
            }
            return documents
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw Failure(message: "error converting YAML to JSON: yaml: line \(mark.line): \(problem)")
            default:
                throw Failure(message: "error converting YAML to JSON: yaml: \(error)")
            }
        } catch {
            throw Failure(message: "error converting YAML to JSON: \(error)")
        }
    }

    /// Plain scalars are resolved below, as kubectl's reader does; the parser only needs to tell
    /// them from explicitly tagged ones. Yams' default resolver tries seven regular expressions on
    /// every scalar and every mapping key (its duplicate-key check hashes resolved tags): it was
    /// 40 % of reading a manifest. One pattern that matches at once marks a scalar as untagged.
    static let plainScalars: Resolver = {
        do {
            return try Resolver.basic.appending(Tag.Name(rawValue: "tag:workshop,2025:plain"), "^")
        } catch {
            preconditionFailure("a fixed pattern failed to compile: \(error)")
        }
    }()

    static func json(_ node: Yams.Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            // Quoted scalars are strings; plain ones resolve as YAML 1.1 does in kubectl's reader
            // (null, booleans, integers, floats), an explicit `!!str` tag keeping a string.
            guard scalar.style == .plain || scalar.style == .any, scalar.tag.rawValue != Tag.Name.str.rawValue else { return .string(scalar.string) }
            let text = scalar.string
            switch text {
            case "", "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return .bool(true)
            case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return .bool(false)
            default: break
            }
            if let int = Int(text) { return .int(int) }
            if text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true, let double = Double(text), double.isFinite { return .double(double) }
            return .string(text)
        case .mapping(let mapping):
            return .object(mapping.map { (key: $0.key.string ?? "", value: json($0.value)) })
        case .sequence(let sequence):
            return .array(sequence.map(json))
        case .alias:
            return .null
        }
    }
}
