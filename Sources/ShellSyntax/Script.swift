/// A parsed command line (or several): lists separated by `;`, `&` or newlines.
public struct Script: Sendable, Equatable {
    public var lists: [AndOrList]

    public init(lists: [AndOrList]) {
        self.lists = lists
    }

    public var isEmpty: Bool { lists.isEmpty }
}

/// Pipelines joined by `&&` and `||`, optionally run in the background (`&`).
public struct AndOrList: Sendable, Equatable {
    public enum Connector: String, Sendable, Equatable {
        case and = "&&"
        case or = "||"
    }

    public var first: Pipeline
    public var rest: [(connector: Connector, pipeline: Pipeline)]
    public var background: Bool

    public init(first: Pipeline, rest: [(connector: Connector, pipeline: Pipeline)] = [], background: Bool = false) {
        self.first = first
        self.rest = rest
        self.background = background
    }

    public var pipelines: [Pipeline] { [first] + rest.map(\.pipeline) }

    public static func == (lhs: AndOrList, rhs: AndOrList) -> Bool {
        lhs.first == rhs.first && lhs.background == rhs.background
            && lhs.rest.count == rhs.rest.count
            && zip(lhs.rest, rhs.rest).allSatisfy { $0.connector == $1.connector && $0.pipeline == $1.pipeline }
    }
}

/// Commands joined by `|`, optionally negated with `!`.
public struct Pipeline: Sendable, Equatable {
    public var negated: Bool
    public var commands: [SimpleCommand]

    public init(negated: Bool = false, commands: [SimpleCommand]) {
        self.negated = negated
        self.commands = commands
    }
}

/// Assignments, words and redirections of one command: `A=1 aws eks … > out.json`.
public struct SimpleCommand: Sendable, Equatable {
    public var assignments: [Assignment]
    public var words: [Word]
    public var redirections: [Redirection]
    public var position: SourcePosition

    public init(assignments: [Assignment] = [], words: [Word] = [], redirections: [Redirection] = [], position: SourcePosition) {
        self.assignments = assignments
        self.words = words
        self.redirections = redirections
        self.position = position
    }

    /// The program name when it is written literally (`aws`, `kubectl`), else `nil`.
    public var programName: String? { words.first?.literalText }

    /// `export A=1 B` → the assignments it exports (`B` has no value: it exports an existing variable).
    public var exports: [(name: String, value: Word?)] {
        guard programName == "export" else { return [] }
        return words.dropFirst().compactMap { word in
            if let assignment = Assignment(word: word) { return (assignment.name, assignment.value) }
            if let name = word.literalText, Assignment.isValidName(name) { return (name, nil) }
            return nil
        }
    }
}

/// `NAME=value` (or `NAME+=value`) before a command or on its own.
public struct Assignment: Sendable, Equatable {
    public var name: String
    public var value: Word
    public var appends: Bool
    public var position: SourcePosition

    public init(name: String, value: Word, appends: Bool = false, position: SourcePosition) {
        self.name = name
        self.value = value
        self.appends = appends
        self.position = position
    }

    /// Reads an assignment-shaped word (`NAME=…` with an unquoted name), else `nil`.
    public init?(word: Word) {
        guard let head = word.leadingLiteral, let equals = head.utf8.firstIndex(of: UInt8(ascii: "=")) else { return nil }
        var nameText = head[..<equals]
        var appends = false
        if nameText.utf8.last == UInt8(ascii: "+") {
            nameText = nameText.dropLast()
            appends = true
        }
        guard Assignment.isValidName(nameText) else { return nil }
        let name = String(nameText)
        let rest = String(head[head.utf8.index(after: equals)...])
        let valuePosition = SourcePosition(line: word.position.line, column: word.position.column + head.utf8.distance(from: head.startIndex, to: equals) + 1)
        if word.isPlain {
            // `NAME=text`: the value is the plain text after `=` (or an empty word).
            let value = rest.isEmpty ? Word(parts: [], position: valuePosition, source: "") : Word(plain: rest, position: valuePosition)
            self.init(name: name, value: value, appends: appends, position: word.position)
            return
        }
        var parts: [WordPart] = []
        parts.reserveCapacity(word.parts.count)
        if !rest.isEmpty { parts.append(.literal(rest)) }
        parts.append(contentsOf: word.parts.dropFirst())
        let sourceEquals = word.source.utf8.firstIndex(of: UInt8(ascii: "="))!
        let valueSource = String(word.source[word.source.utf8.index(after: sourceEquals)...])
        self.init(name: name, value: Word(parts: parts, position: valuePosition, source: valueSource), appends: appends, position: word.position)
    }

    public static func isValidName(_ name: some StringProtocol) -> Bool { name.utf8.isShellName }
}

/// `> file`, `2>&1`, `<<EOF` …
public struct Redirection: Sendable, Equatable {
    public enum Operator: String, Sendable, Equatable {
        case input = "<"
        case output = ">"
        case append = ">>"
        case clobber = ">|"
        case readWrite = "<>"
        case duplicateInput = "<&"
        case duplicateOutput = ">&"
        case outputAndError = "&>"
        case appendOutputAndError = "&>>"
        case heredoc = "<<"
        case heredocStrippingTabs = "<<-"
        case herestring = "<<<"
    }

    public var fileDescriptor: Int?
    public var op: Operator
    /// The file, descriptor or heredoc delimiter word.
    public var target: Word
    public var heredoc: Heredoc?
    public var position: SourcePosition
    /// While parsing: which here-document body, read after the line ends, belongs here.
    var pendingHeredocID: Int?

    public init(fileDescriptor: Int?, op: Operator, target: Word, heredoc: Heredoc? = nil, position: SourcePosition) {
        self.fileDescriptor = fileDescriptor
        self.op = op
        self.target = target
        self.heredoc = heredoc
        self.position = position
    }
}

/// The body of a here-document.
public struct Heredoc: Sendable, Equatable {
    public var delimiter: String
    /// A quoted delimiter (`<<'EOF'`, `<<"EOF"`, `<<\EOF`) turns expansion off in the body.
    public var quoted: Bool
    public var stripsTabs: Bool
    /// The body text, each line ending in a newline, delimiter line excluded.
    public var body: String
    /// The body's expansions (only when the delimiter is unquoted).
    public var parts: [WordPart]

    public init(delimiter: String, quoted: Bool, stripsTabs: Bool, body: String, parts: [WordPart]) {
        self.delimiter = delimiter
        self.quoted = quoted
        self.stripsTabs = stripsTabs
        self.body = body
        self.parts = parts
    }
}
