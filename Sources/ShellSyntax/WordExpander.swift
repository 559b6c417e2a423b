/// Why an expansion stopped.
public enum ExpansionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `${NAME:?message}` on an unset (or empty) variable.
    case parameterNotSet(name: String, message: String)

    public var description: String {
        switch self {
        case .parameterNotSet(let name, let message): return "\(name): \(message)"
        }
    }
}

/// Expands words against an environment, as bash does for the forms ShellSyntax parses.
///
/// Command substitutions are delegated to `substitute`, so a caller can run them natively.
/// Pathname expansion (globbing) is not performed: lesson commands pass patterns to programs.
public struct WordExpander {
    public typealias Lookup = (String) -> String?
    public typealias Assign = (String, String) -> Void
    public typealias Substitute = (CommandSubstitution) throws -> String

    public var lookup: Lookup
    public var assign: Assign
    public var substitute: Substitute

    public init(lookup: @escaping Lookup, assign: @escaping Assign = { _, _ in }, substitute: @escaping Substitute) {
        self.lookup = lookup
        self.assign = assign
        self.substitute = substitute
    }

    /// The fields a word becomes as a command argument (unquoted expansions are split on blanks).
    public func fields(of word: Word) throws -> [String] {
        var segments: [Segment] = []
        try collect(word.parts, quoted: false, atWordStart: true, into: &segments)
        return split(segments)
    }

    /// The single string a word becomes where bash does not split (assignments, redirection targets).
    public func string(of word: Word) throws -> String {
        try string(of: word.parts)
    }

    /// The expanded text of a here-document body.
    public func body(of heredoc: Heredoc) throws -> String {
        heredoc.quoted ? heredoc.body : try string(of: heredoc.parts)
    }

    private func string(of parts: [WordPart]) throws -> String {
        var segments: [Segment] = []
        try collect(parts, quoted: true, atWordStart: true, into: &segments)
        return segments.map(\.text).joined()
    }

    private struct Segment {
        var text: String
        var splittable: Bool
    }

    private func collect(_ parts: [WordPart], quoted: Bool, atWordStart: Bool, into segments: inout [Segment]) throws {
        for (offset, part) in parts.enumerated() {
            switch part {
            case .literal(var text):
                if offset == 0, atWordStart, !quoted, text.hasPrefix("~"),
                   text == "~" || text.hasPrefix("~/"), let home = lookup("HOME") {
                    text = home + text.dropFirst()
                }
                segments.append(Segment(text: text, splittable: false))
            case .quoted(let text):
                segments.append(Segment(text: text, splittable: false))
            case .doubleQuoted(let inner):
                var innerSegments: [Segment] = []
                try collect(inner, quoted: true, atWordStart: false, into: &innerSegments)
                // An empty "" still makes a field, so it is a non-splittable (possibly empty) segment.
                segments.append(Segment(text: innerSegments.map(\.text).joined(), splittable: false))
            case .parameter(let expansion):
                segments.append(Segment(text: try expand(expansion), splittable: !quoted))
            case .commandSubstitution(let substitution):
                var output = try substitute(substitution)
                while output.hasSuffix("\n") { output.removeLast() }
                segments.append(Segment(text: output, splittable: !quoted))
            }
        }
    }

    private func expand(_ expansion: ParameterExpansion) throws -> String {
        let value = lookup(expansion.name)
        switch expansion.operation {
        case nil:
            return value ?? ""
        case .length:
            return String((value ?? "").count)
        case .useDefault(let word, let colon):
            return Self.isMissing(value, colon) ? try string(of: word) : value!
        case .assignDefault(let word, let colon):
            if Self.isMissing(value, colon) {
                let newValue = try string(of: word)
                assign(expansion.name, newValue)
                return newValue
            }
            return value!
        case .useAlternative(let word, let colon):
            return Self.isMissing(value, colon) ? "" : try string(of: word)
        case .errorIfUnset(let word, let colon):
            if Self.isMissing(value, colon) {
                let message = try word.map { try string(of: $0) } ?? "parameter null or not set"
                throw ExpansionError.parameterNotSet(name: expansion.name, message: message)
            }
            return value!
        }
    }

    private static func isMissing(_ value: String?, _ colon: Bool) -> Bool {
        guard let value else { return true }
        return colon && value.isEmpty
    }

    /// Field splitting on space, tab and newline (the default IFS).
    private func split(_ segments: [Segment]) -> [String] {
        var fields: [String] = []
        var current = ""
        var hasField = false
        for segment in segments {
            guard segment.splittable else {
                current += segment.text
                hasField = true
                continue
            }
            for character in segment.text {
                if character == " " || character == "\t" || character == "\n" {
                    if hasField {
                        fields.append(current)
                        current = ""
                        hasField = false
                    }
                } else {
                    current.append(character)
                    hasField = true
                }
            }
        }
        if hasField { fields.append(current) }
        return fields
    }
}
