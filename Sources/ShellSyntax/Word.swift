/// One shell word as written, before expansion: a sequence of quoted and unquoted parts.
public struct Word: Sendable, Equatable {
    /// `nil` for a plain word — unquoted text without expansions, whose one part is its source.
    /// Most words are plain, and an array of parts for each was the parser's largest cost.
    private var storedParts: [WordPart]?
    /// Where the word starts in the source.
    public var position: SourcePosition
    /// The word exactly as it was written (quotes included).
    public var source: String

    public init(parts: [WordPart], position: SourcePosition, source: String) {
        if parts.count == 1, case .literal(let text) = parts[0], text == source {
            self.storedParts = nil
        } else {
            self.storedParts = parts
        }
        self.position = position
        self.source = source
    }

    /// A word that is its own text: no quotes, escapes or expansions in `source`.
    init(plain source: String, position: SourcePosition) {
        self.storedParts = nil
        self.position = position
        self.source = source
    }

    public var parts: [WordPart] {
        get { storedParts ?? [.literal(source)] }
        set { self = Word(parts: newValue, position: position, source: source) }
    }

    /// True when the word is plain text: no quoting, no expansion, nothing removed.
    public var isPlain: Bool { storedParts == nil }

    /// The word's leading unquoted text, if it starts with some (where an assignment's name is).
    var leadingLiteral: String? {
        guard let storedParts else { return source }
        if case .literal(let text)? = storedParts.first { return text }
        return nil
    }

    /// The word's value when it contains no expansions (quotes removed), else `nil`.
    public var literalText: String? {
        guard let storedParts else { return source }
        if storedParts.count == 1 { return storedParts[0].literalText }
        var text = ""
        for part in storedParts {
            guard let piece = part.literalText else { return nil }
            text += piece
        }
        return text
    }

    /// True when any part of the word is quoted or escaped.
    public var hasQuoting: Bool {
        guard let storedParts else { return false }
        return storedParts.contains { part in
            switch part {
            case .literal: return false
            default: return true
            }
        }
    }
}

/// A piece of a word.
///
/// Text parts are stored in place; only the large expansion cases are boxed (an `indirect`
/// enum boxed every literal, one allocation per part).
public enum WordPart: Sendable, Equatable {
    /// Unquoted text (subject to field splitting only when it came from an expansion, i.e. never).
    case literal(String)
    /// Text protected from expansion and splitting: `'...'` or a backslash escape.
    case quoted(String)
    /// `"..."`: its parts expand, but the result is never split.
    case doubleQuoted([WordPart])
    /// `$NAME`, `${NAME}`, `${NAME:-word}` and friends.
    indirect case parameter(ParameterExpansion)
    /// `$(...)` or `` `...` ``.
    indirect case commandSubstitution(CommandSubstitution)

    var literalText: String? {
        switch self {
        case .literal(let text), .quoted(let text): return text
        case .doubleQuoted(let parts):
            var text = ""
            for part in parts {
                guard let piece = part.literalText else { return nil }
                text += piece
            }
            return text
        case .parameter, .commandSubstitution: return nil
        }
    }
}

/// A parameter expansion such as `$HOME` or `${REGION:-us-west-2}`.
public struct ParameterExpansion: Sendable, Equatable {
    public enum Operation: Sendable, Equatable {
        /// `${X:-w}` (colon: also when empty) / `${X-w}`.
        case useDefault(Word, colon: Bool)
        /// `${X:=w}` / `${X=w}`.
        case assignDefault(Word, colon: Bool)
        /// `${X:+w}` / `${X+w}`.
        case useAlternative(Word, colon: Bool)
        /// `${X:?w}` / `${X?w}`.
        case errorIfUnset(Word?, colon: Bool)
        /// `${#X}`.
        case length
    }

    public var name: String
    public var operation: Operation?
    public var braced: Bool
    public var position: SourcePosition

    public init(name: String, operation: Operation? = nil, braced: Bool, position: SourcePosition) {
        self.name = name
        self.operation = operation
        self.braced = braced
        self.position = position
    }

    /// Special parameters (`$?`, `$#`, `$1` …) as opposed to named variables.
    public var isSpecial: Bool {
        guard let first = name.utf8.first else { return false }
        return !first.startsShellName
    }
}

/// `$(...)` or a backtick substitution, with its body already parsed.
public struct CommandSubstitution: Sendable, Equatable {
    public var script: Script
    /// The text between the delimiters.
    public var source: String
    public var backquoted: Bool
    public var position: SourcePosition

    public init(script: Script, source: String, backquoted: Bool, position: SourcePosition) {
        self.script = script
        self.source = source
        self.backquoted = backquoted
        self.position = position
    }
}
