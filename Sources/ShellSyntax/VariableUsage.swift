/// What a script reads from and writes to its environment, for lint-style analysis.
public struct VariableUsage: Sendable, Equatable {
    /// A variable read, with where it is read.
    public struct Reference: Sendable, Equatable {
        public var name: String
        public var position: SourcePosition
        /// `${X:-default}`-style reads do not depend on the variable being set.
        public var hasFallback: Bool
    }

    /// A variable written, and whether the write exports it.
    public struct Definition: Sendable, Equatable {
        public var name: String
        public var exported: Bool
        public var position: SourcePosition
    }

    /// In source order, so a read can be matched with the writes before it.
    public enum Event: Sendable, Equatable {
        case read(Reference)
        case write(Definition)
    }

    public var events: [Event] = []

    public var references: [Reference] {
        events.compactMap { if case .read(let r) = $0 { return r } else { return nil } }
    }

    public var definitions: [Definition] {
        events.compactMap { if case .write(let d) = $0 { return d } else { return nil } }
    }

    public init(script: Script) {
        visit(script)
    }

    private mutating func visit(_ script: Script) {
        for list in script.lists {
            visit(list.first)
            for next in list.rest { visit(next.pipeline) }
        }
    }

    private mutating func visit(_ pipeline: Pipeline) {
        for command in pipeline.commands { visit(command) }
    }

    private mutating func visit(_ command: SimpleCommand) {
        for assignment in command.assignments { visit(assignment.value) }
        for word in command.words { visit(word) }
        for redirection in command.redirections {
            visit(redirection.target)
            if let doc = redirection.heredoc, !doc.quoted { visit(doc.parts) }
        }
        // Bare assignments (`X=1` with no command) set a shell variable; prefixes only affect the command.
        if command.words.isEmpty {
            for assignment in command.assignments {
                events.append(.write(Definition(name: assignment.name, exported: false, position: assignment.position)))
            }
        }
        for name in command.exportedNames {
            events.append(.write(Definition(name: name, exported: true, position: command.position)))
        }
    }

    private mutating func visit(_ word: Word) {
        if !word.isPlain { visit(word.parts) }
    }

    private mutating func visit(_ parts: [WordPart]) {
        for part in parts {
            switch part {
            case .literal, .quoted:
                break
            case .doubleQuoted(let inner):
                visit(inner)
            case .parameter(let expansion):
                var hasFallback = false
                switch expansion.operation {
                case .useDefault(let word, _), .assignDefault(let word, _):
                    hasFallback = true
                    visit(word)
                case .useAlternative(let word, _):
                    hasFallback = true
                    visit(word)
                case .errorIfUnset(let word, _):
                    if let word { visit(word) }
                case .length, nil:
                    break
                }
                if !expansion.isSpecial {
                    events.append(.read(Reference(name: expansion.name, position: expansion.position, hasFallback: hasFallback)))
                }
            case .commandSubstitution(let substitution):
                visit(substitution.script)
            }
        }
    }
}
