/// Parses bash command lines into ``Script`` values.
///
/// It understands what lessons use (quoting, parameter and command substitution, lists,
/// pipelines, redirections, here-documents, comments) and rejects, with a position, what it
/// cannot represent (compound commands, arithmetic, exotic parameter operations), so that a
/// command is never silently split the wrong way.
public struct ShellParser {
    /// Parses `source`; `start` is where the text begins in its file (for error positions).
    public static func parse(_ source: String, startingAt start: SourcePosition = SourcePosition(line: 1, column: 1)) throws -> Script {
        // The parser reads the string's own bytes in place: no copy of every command into an array.
        var source = source
        return try source.withUTF8 { try parse(bytes: $0, startingAt: start) }
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>, startingAt start: SourcePosition) throws -> Script {
        var parser = ShellParser(bytes: bytes, start: start)
        let script = try parser.parseScript(until: nil)
        if let pending = parser.pendingHeredocs.first {
            throw ShellSyntaxError(
                "here-document delimited by '\(pending.delimiter)' has no body: the command line must end before the body starts",
                at: pending.position)
        }
        if parser.index < parser.bytes.count {
            throw ShellSyntaxError("unexpected '\(parser.describe(parser.bytes[parser.index]))'", at: parser.position)
        }
        return parser.resolveHeredocs(in: script)
    }

    private struct PendingHeredoc {
        var id: Int
        var delimiter: String
        var quoted: Bool
        var stripsTabs: Bool
        var position: SourcePosition
    }

    /// Valid only while `parse` runs: the source's storage, borrowed.
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var line: Int
    private var lineStart = 0
    private let firstLine: Int
    private let firstColumn: Int
    private var pendingHeredocs: [PendingHeredoc] = []
    private var heredocs: [Int: Heredoc] = [:]
    private var nextHeredocID = 0

    private init(bytes: UnsafeBufferPointer<UInt8>, start: SourcePosition) {
        self.bytes = bytes
        self.line = start.line
        self.firstLine = start.line
        self.firstColumn = start.column
    }

    // MARK: - Scanning

    private var position: SourcePosition {
        let column = index - lineStart + 1
        return SourcePosition(line: line, column: line == firstLine ? column + firstColumn - 1 : column)
    }

    private func peek(_ offset: Int = 0) -> UInt8? {
        let i = index + offset
        return i < bytes.count ? bytes[i] : nil
    }

    private mutating func advance() {
        if bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        index += 1
    }

    private mutating func advance(_ count: Int) {
        for _ in 0..<count { advance() }
    }

    private func describe(_ byte: UInt8) -> String {
        byte == UInt8(ascii: "\n") ? "newline" : String(decoding: [byte], as: UTF8.self)
    }

    private static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    private static func isWordDelimiter(_ c: UInt8) -> Bool {
        switch c {
        case 0x20, 0x09, 0x0A, UInt8(ascii: ";"), UInt8(ascii: "&"), UInt8(ascii: "|"),
             UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "("), UInt8(ascii: ")"):
            return true
        default:
            return false
        }
    }

    private static func isNameStart(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "_") || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    private static func isNameChar(_ c: UInt8) -> Bool { isNameStart(c) || (c >= 0x30 && c <= 0x39) }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// Skips spaces, tabs, line continuations and (at a word boundary) comments.
    private mutating func skipBlanks() {
        while let c = peek() {
            if Self.isBlank(c) {
                advance()
            } else if c == UInt8(ascii: "\\"), peek(1) == 0x0A {
                advance(2)
            } else if c == UInt8(ascii: "#") {
                while let d = peek(), d != 0x0A { advance() }
            } else {
                return
            }
        }
    }

    /// Skips blanks and newlines, reading here-document bodies at each newline.
    private mutating func skipBlanksAndNewlines() throws {
        while true {
            skipBlanks()
            guard peek() == 0x0A else { return }
            advance()
            try readPendingHeredocs()
        }
    }

    // MARK: - Grammar

    private mutating func parseScript(until terminator: UInt8?) throws -> Script {
        var lists: [AndOrList] = []
        while true {
            skipBlanks()
            guard let c = peek() else { break }
            if c == terminator { break }
            if c == 0x0A {
                advance()
                try readPendingHeredocs()
                continue
            }
            if c == UInt8(ascii: ";") || c == UInt8(ascii: "&") || c == UInt8(ascii: "|") || c == UInt8(ascii: ")") {
                throw ShellSyntaxError("unexpected '\(describe(c))': a command must come before it", at: position)
            }
            var list = try parseAndOr()
            skipBlanks()
            if let c = peek() {
                if c == UInt8(ascii: "&"), peek(1) != UInt8(ascii: "&"), peek(1) != UInt8(ascii: ">") {
                    advance()
                    list.background = true
                } else if c == UInt8(ascii: ";") {
                    if peek(1) == UInt8(ascii: ";") {
                        throw ShellSyntaxError("';;' belongs to a case statement, which is not supported", at: position, kind: .unsupported)
                    }
                    advance()
                } else if c != 0x0A && c != terminator {
                    throw ShellSyntaxError("unexpected '\(describe(c))'", at: position)
                }
            }
            lists.append(list)
        }
        return Script(lists: lists)
    }

    private mutating func parseAndOr() throws -> AndOrList {
        var list = AndOrList(first: try parsePipeline())
        while true {
            skipBlanks()
            let connector: AndOrList.Connector
            if peek() == UInt8(ascii: "&"), peek(1) == UInt8(ascii: "&") {
                connector = .and
            } else if peek() == UInt8(ascii: "|"), peek(1) == UInt8(ascii: "|") {
                connector = .or
            } else {
                return list
            }
            let at = position
            advance(2)
            try skipBlanksAndNewlines()
            if peek() == nil {
                throw ShellSyntaxError("'\(connector.rawValue)' must be followed by a command", at: at)
            }
            list.rest.append((connector, try parsePipeline()))
        }
    }

    private mutating func parsePipeline() throws -> Pipeline {
        skipBlanks()
        var negated = false
        if peek() == UInt8(ascii: "!"), let next = peek(1), Self.isBlank(next) {
            advance()
            negated = true
        }
        var pipeline = Pipeline(negated: negated, commands: [try parseCommand()])
        while true {
            skipBlanks()
            guard peek() == UInt8(ascii: "|"), peek(1) != UInt8(ascii: "|") else { return pipeline }
            let at = position
            advance()
            if peek() == UInt8(ascii: "&") {
                throw ShellSyntaxError("'|&' is not supported; write '2>&1 |' instead", at: at, kind: .unsupported)
            }
            try skipBlanksAndNewlines()
            if peek() == nil {
                throw ShellSyntaxError("'|' must be followed by a command", at: at)
            }
            pipeline.commands.append(try parseCommand())
        }
    }

    /// Reserved words of compound commands, and what they start (for the message refusing them).
    /// A switch: every command's first word is checked, and hashing it cost more than comparing.
    private static func compoundCommand(startingWith word: String) -> String? {
        // Most first words (aws, kubectl, export …) start with none of these: skip the comparisons.
        guard let first = word.utf8.first, word.utf8.count <= 8, "itefwudcs{}[(".utf8.contains(first) else { return nil }
        return switch word {
        case "if", "then", "elif", "else", "fi": "'if' statements"
        case "for": "'for' loops"
        case "while": "'while' loops"
        case "until": "'until' loops"
        case "do", "done": "loops"
        case "case", "esac": "'case' statements"
        case "select": "'select' loops"
        case "function": "function definitions"
        case "{", "}": "command groups '{ …; }'"
        case "[[": "'[[ … ]]' tests"
        case "((": "arithmetic commands '(( … ))'"
        default: nil
        }
    }

    private mutating func parseCommand() throws -> SimpleCommand {
        skipBlanks()
        let start = position
        var command = SimpleCommand(position: start)
        if peek() == UInt8(ascii: "(") {
            throw ShellSyntaxError(
                peek(1) == UInt8(ascii: "(") ? "arithmetic commands '(( … ))' are not supported" : "subshells '( … )' are not supported",
                at: start, kind: .unsupported)
        }
        while true {
            skipBlanks()
            guard let c = peek() else { break }
            if c == 0x0A || c == UInt8(ascii: ";") || c == UInt8(ascii: "|") || c == UInt8(ascii: ")") {
                break
            }
            if c == UInt8(ascii: "&") && peek(1) != UInt8(ascii: ">") { break }
            if c == UInt8(ascii: "(") {
                let what = command.words.count == 1 ? "function definitions" : "'(' here"
                throw ShellSyntaxError("\(what) are not supported", at: position, kind: .unsupported)
            }
            if isRedirectionStart() {
                command.redirections.append(try parseRedirection())
                continue
            }
            let word = try parseWord(inBraces: false)
            if command.words.isEmpty, let assignment = Assignment(word: word) {
                command.assignments.append(assignment)
            } else {
                if command.words.isEmpty, command.assignments.isEmpty, !word.hasQuoting,
                   let text = word.literalText, let what = Self.compoundCommand(startingWith: text) {
                    throw ShellSyntaxError("\(what) are not supported; write one command per line instead", at: word.position, kind: .unsupported)
                }
                if command.words.isEmpty { command.words.reserveCapacity(8) }
                command.words.append(word)
            }
        }
        if command.words.isEmpty && command.assignments.isEmpty && command.redirections.isEmpty {
            if let c = peek() {
                throw ShellSyntaxError("expected a command before '\(describe(c))'", at: position)
            }
            throw ShellSyntaxError("expected a command", at: position)
        }
        return command
    }

    private func isRedirectionStart() -> Bool {
        guard let c = peek() else { return false }
        if c == UInt8(ascii: "<") || c == UInt8(ascii: ">") { return true }
        if c == UInt8(ascii: "&"), peek(1) == UInt8(ascii: ">") { return true }
        if Self.isDigit(c) {
            var i = 1
            while let d = peek(i), Self.isDigit(d) { i += 1 }
            return peek(i) == UInt8(ascii: "<") || peek(i) == UInt8(ascii: ">")
        }
        return false
    }

    private static let redirectionOperators: [Redirection.Operator] = [
        .appendOutputAndError, .herestring, .heredocStrippingTabs, .heredoc, .readWrite, .duplicateInput,
        .append, .clobber, .duplicateOutput, .outputAndError, .input, .output,
    ]

    private mutating func parseRedirection() throws -> Redirection {
        let start = position
        var fd: Int?
        if let c = peek(), Self.isDigit(c) {
            var digits = ""
            while let d = peek(), Self.isDigit(d) {
                digits.append(Character(Unicode.Scalar(d)))
                advance()
            }
            fd = Int(digits)
        }
        guard let op = Self.redirectionOperators.first(where: { op in
            op.rawValue.utf8.enumerated().allSatisfy { peek($0.offset) == $0.element }
        }) else {
            throw ShellSyntaxError("unexpected redirection", at: start)
        }
        advance(op.rawValue.utf8.count)
        skipBlanks()
        guard let c = peek(), !Self.isWordDelimiter(c) else {
            throw ShellSyntaxError("'\(op.rawValue)' must be followed by a \(op == .heredoc || op == .heredocStrippingTabs ? "delimiter word" : "file name")", at: start)
        }
        let target = try parseWord(inBraces: false)
        var redirection = Redirection(fileDescriptor: fd, op: op, target: target, position: start)
        if op == .heredoc || op == .heredocStrippingTabs {
            guard let delimiter = target.literalText else {
                throw ShellSyntaxError("a here-document delimiter cannot contain expansions", at: target.position)
            }
            let id = nextHeredocID
            nextHeredocID += 1
            pendingHeredocs.append(PendingHeredoc(id: id, delimiter: delimiter, quoted: target.hasQuoting,
                                                  stripsTabs: op == .heredocStrippingTabs, position: start))
            redirection.pendingHeredocID = id
        }
        return redirection
    }

    private mutating func readPendingHeredocs() throws {
        let pending = pendingHeredocs
        pendingHeredocs = []
        for doc in pending {
            var body = ""
            var bodyStart: SourcePosition?
            var closed = false
            while index < bytes.count {
                let lineBegin = index
                while let c = peek(), c != 0x0A { advance() }
                var text = String(decoding: bytes[lineBegin..<index], as: UTF8.self)
                if bodyStart == nil { bodyStart = SourcePosition(line: line, column: 1) }
                if peek() == 0x0A { advance() }
                if doc.stripsTabs {
                    text = String(text.drop(while: { $0 == "\t" }))
                }
                if text == doc.delimiter {
                    closed = true
                    break
                }
                body += text + "\n"
            }
            guard closed else {
                throw ShellSyntaxError("here-document delimited by '\(doc.delimiter)' is never closed: add a line with just \(doc.delimiter)", at: doc.position)
            }
            let parts: [WordPart]
            if doc.quoted {
                parts = body.isEmpty ? [] : [.quoted(body)]
            } else {
                var body = body
                parts = try body.withUTF8 { bodyBytes in
                    var sub = ShellParser(bytes: bodyBytes, start: bodyStart ?? doc.position)
                    return try sub.parseHeredocBody()
                }
            }
            heredocs[doc.id] = Heredoc(delimiter: doc.delimiter, quoted: doc.quoted, stripsTabs: doc.stripsTabs, body: body, parts: parts)
        }
    }

    // MARK: - Words

    private mutating func parseWord(inBraces: Bool) throws -> Word {
        let start = position
        let startIndex = index
        var parts: [WordPart] = []
        // Unquoted text is copied a run at a time; `literal` only collects runs that a removed
        // backslash-newline or a lone `$` splits.
        var literal: [UInt8] = []
        var runStart = index
        func endRun(at end: Int) {
            if runStart < end { literal.append(contentsOf: bytes[runStart..<end]) }
        }
        func flush(upTo end: Int) {
            if literal.isEmpty {
                if runStart < end { parts.append(.literal(String(decoding: bytes[runStart..<end], as: UTF8.self))) }
            } else {
                endRun(at: end)
                parts.append(.literal(String(decoding: literal, as: UTF8.self)))
                literal.removeAll()
            }
        }
        while let c = peek() {
            if inBraces {
                if c == UInt8(ascii: "}") { break }
            } else if Self.isWordDelimiter(c) {
                break
            }
            switch c {
            case UInt8(ascii: "\\"):
                if peek(1) == 0x0A {
                    endRun(at: index)
                    advance(2)
                    runStart = index
                } else if peek(1) == nil {
                    advance()
                } else {
                    flush(upTo: index)
                    advance()
                    parts.append(.quoted(takeCharacter()))
                    runStart = index
                }
            case UInt8(ascii: "'"):
                flush(upTo: index)
                parts.append(.quoted(try parseSingleQuoted()))
                runStart = index
            case UInt8(ascii: "\""):
                flush(upTo: index)
                parts.append(.doubleQuoted(try parseDoubleQuoted()))
                runStart = index
            case UInt8(ascii: "$"):
                let dollar = index
                // A `$` that starts no expansion stays in the run.
                if let part = try parseDollar() {
                    flush(upTo: dollar)
                    parts.append(part)
                    runStart = index
                }
            case UInt8(ascii: "`"):
                flush(upTo: index)
                parts.append(try parseBackquote())
                runStart = index
            default:
                advance()
            }
        }
        // Nothing but one unbroken run: a plain word, its text its only part (no array of parts).
        if parts.isEmpty, literal.isEmpty, runStart == startIndex, index > startIndex {
            return Word(plain: String(decoding: bytes[startIndex..<index], as: UTF8.self), position: start)
        }
        flush(upTo: index)
        return Word(parts: parts, position: start, source: String(decoding: bytes[startIndex..<index], as: UTF8.self))
    }

    /// Consumes one UTF-8 encoded character.
    private mutating func takeCharacter() -> String {
        let begin = index
        advance()
        while let c = peek(), c & 0xC0 == 0x80 { advance() }
        return String(decoding: bytes[begin..<index], as: UTF8.self)
    }

    private mutating func parseSingleQuoted() throws -> String {
        let start = position
        advance()
        let begin = index
        while let c = peek(), c != UInt8(ascii: "'") { advance() }
        guard peek() != nil else {
            throw ShellSyntaxError("unterminated single quote: add the closing '", at: start)
        }
        let text = String(decoding: bytes[begin..<index], as: UTF8.self)
        advance()
        return text
    }

    private mutating func parseDoubleQuoted() throws -> [WordPart] {
        let start = position
        advance()
        var parts: [WordPart] = []
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty {
                parts.append(.literal(String(decoding: literal, as: UTF8.self)))
                literal.removeAll()
            }
        }
        while true {
            guard let c = peek() else {
                throw ShellSyntaxError("unterminated double quote: add the closing \"", at: start)
            }
            switch c {
            case UInt8(ascii: "\""):
                advance()
                flush()
                return parts.isEmpty ? [.literal("")] : parts
            case UInt8(ascii: "\\"):
                let next = peek(1)
                if next == 0x0A {
                    advance(2)
                } else if let next, next == UInt8(ascii: "$") || next == UInt8(ascii: "`") || next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") {
                    literal.append(next)
                    advance(2)
                } else {
                    literal.append(c)
                    advance()
                }
            case UInt8(ascii: "$"):
                if let part = try parseDollar() {
                    flush()
                    parts.append(part)
                } else {
                    literal.append(c)
                }
            case UInt8(ascii: "`"):
                flush()
                parts.append(try parseBackquote())
            default:
                literal.append(c)
                advance()
            }
        }
    }

    /// Body of an unquoted here-document: `$` and backquote expand, `\` escapes `$`, `` ` `` and `\`.
    private mutating func parseHeredocBody() throws -> [WordPart] {
        var parts: [WordPart] = []
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty {
                parts.append(.quoted(String(decoding: literal, as: UTF8.self)))
                literal.removeAll()
            }
        }
        while let c = peek() {
            switch c {
            case UInt8(ascii: "\\"):
                if let next = peek(1), next == UInt8(ascii: "$") || next == UInt8(ascii: "`") || next == UInt8(ascii: "\\") {
                    literal.append(next)
                    advance(2)
                } else if peek(1) == 0x0A {
                    advance(2)
                } else {
                    literal.append(c)
                    advance()
                }
            case UInt8(ascii: "$"):
                if let part = try parseDollar() {
                    flush()
                    parts.append(part)
                } else {
                    literal.append(c)
                }
            case UInt8(ascii: "`"):
                flush()
                parts.append(try parseBackquote())
            default:
                literal.append(c)
                advance()
            }
        }
        flush()
        return parts
    }

    /// At a `$`: returns the expansion, or `nil` (having consumed the `$`) when it is a literal dollar sign.
    private mutating func parseDollar() throws -> WordPart? {
        let start = position
        guard let next = peek(1) else {
            advance()
            return nil
        }
        switch next {
        case UInt8(ascii: "("):
            if peek(2) == UInt8(ascii: "(") {
                throw ShellSyntaxError("arithmetic expansion $(( … )) is not supported", at: start, kind: .unsupported)
            }
            advance(2)
            let begin = index
            let script = try parseScript(until: UInt8(ascii: ")"))
            guard peek() == UInt8(ascii: ")") else {
                throw ShellSyntaxError("unterminated command substitution: add the closing )", at: start)
            }
            let source = String(decoding: bytes[begin..<index], as: UTF8.self)
            advance()
            return .commandSubstitution(CommandSubstitution(script: script, source: source, backquoted: false, position: start))
        case UInt8(ascii: "{"):
            advance(2)
            return .parameter(try parseBracedParameter(start: start))
        case UInt8(ascii: "'"):
            throw ShellSyntaxError("ANSI-C quoting $'…' is not supported; use '…' or \"…\"", at: start, kind: .unsupported)
        case UInt8(ascii: "\""):
            advance()
            return .doubleQuoted(try parseDoubleQuoted())
        default:
            if Self.isNameStart(next) {
                advance()
                let begin = index
                while let c = peek(), Self.isNameChar(c) { advance() }
                return .parameter(ParameterExpansion(name: String(decoding: bytes[begin..<index], as: UTF8.self), braced: false, position: start))
            }
            if Self.isDigit(next) || "?#@*$!-".utf8.contains(next) {
                advance(2)
                return .parameter(ParameterExpansion(name: String(Character(Unicode.Scalar(next))), braced: false, position: start))
            }
            advance()
            return nil
        }
    }

    private mutating func parseBracedParameter(start: SourcePosition) throws -> ParameterExpansion {
        var wantsLength = false
        if peek() == UInt8(ascii: "#"), let after = peek(1), after != UInt8(ascii: "}") {
            wantsLength = true
            advance()
        }
        let nameBegin = index
        if let c = peek(), Self.isNameStart(c) {
            while let d = peek(), Self.isNameChar(d) { advance() }
        } else if let c = peek(), Self.isDigit(c) {
            while let d = peek(), Self.isDigit(d) { advance() }
        } else if let c = peek(), "?#@*$!-".utf8.contains(c) {
            advance()
        }
        let name = String(decoding: bytes[nameBegin..<index], as: UTF8.self)
        guard !name.isEmpty else {
            throw ShellSyntaxError("bad substitution: expected a variable name after ${", at: start)
        }
        guard let c = peek() else {
            throw ShellSyntaxError("unterminated ${…}: add the closing }", at: start)
        }
        if c == UInt8(ascii: "}") {
            advance()
            return ParameterExpansion(name: name, operation: wantsLength ? .length : nil, braced: true, position: start)
        }
        if wantsLength {
            throw ShellSyntaxError("bad substitution: ${#\(name)…} takes no operation", at: start)
        }
        var colon = false
        if c == UInt8(ascii: ":") {
            colon = true
            advance()
        }
        guard let opByte = peek(), "-=+?".utf8.contains(opByte) else {
            throw ShellSyntaxError(
                "the ${\(name)\(colon ? ":" : "")…} operation is not supported; supported: ${\(name)}, ${\(name):-default}, ${\(name):=default}, ${\(name):+alternative}, ${\(name):?message}, ${#\(name)}",
                at: start, kind: .unsupported)
        }
        advance()
        let word = try parseWord(inBraces: true)
        guard peek() == UInt8(ascii: "}") else {
            throw ShellSyntaxError("unterminated ${…}: add the closing }", at: start)
        }
        advance()
        let operation: ParameterExpansion.Operation
        switch opByte {
        case UInt8(ascii: "-"): operation = .useDefault(word, colon: colon)
        case UInt8(ascii: "="): operation = .assignDefault(word, colon: colon)
        case UInt8(ascii: "+"): operation = .useAlternative(word, colon: colon)
        default: operation = .errorIfUnset(word.parts.isEmpty ? nil : word, colon: colon)
        }
        return ParameterExpansion(name: name, operation: operation, braced: true, position: start)
    }

    private mutating func parseBackquote() throws -> WordPart {
        let start = position
        advance()
        var inner: [UInt8] = []
        while true {
            guard let c = peek() else {
                throw ShellSyntaxError("unterminated backquote: add the closing `", at: start)
            }
            if c == UInt8(ascii: "`") {
                advance()
                break
            }
            if c == UInt8(ascii: "\\"), let next = peek(1), next == UInt8(ascii: "`") || next == UInt8(ascii: "$") || next == UInt8(ascii: "\\") {
                inner.append(next)
                advance(2)
                continue
            }
            inner.append(c)
            advance()
        }
        let source = String(decoding: inner, as: UTF8.self)
        let script = try ShellParser.parse(source, startingAt: SourcePosition(line: start.line, column: start.column + 1))
        return .commandSubstitution(CommandSubstitution(script: script, source: source, backquoted: true, position: start))
    }

    // MARK: - Here-document resolution

    private func resolveHeredocs(in script: Script) -> Script {
        guard !heredocs.isEmpty else { return script }
        var script = script
        for l in script.lists.indices {
            var list = script.lists[l]
            list.first = resolve(list.first)
            for r in list.rest.indices { list.rest[r].pipeline = resolve(list.rest[r].pipeline) }
            script.lists[l] = list
        }
        return script
    }

    private func resolve(_ pipeline: Pipeline) -> Pipeline {
        var pipeline = pipeline
        for c in pipeline.commands.indices {
            var command = pipeline.commands[c]
            command.assignments = command.assignments.map { var a = $0; a.value = resolve(a.value); return a }
            command.words = command.words.map(resolve)
            for r in command.redirections.indices {
                var redirection = command.redirections[r]
                if let id = redirection.pendingHeredocID, let body = heredocs[id] {
                    redirection.heredoc = Heredoc(delimiter: body.delimiter, quoted: body.quoted, stripsTabs: body.stripsTabs,
                                                  body: body.body, parts: body.parts.map(resolve))
                    redirection.pendingHeredocID = nil
                }
                redirection.target = resolve(redirection.target)
                command.redirections[r] = redirection
            }
            pipeline.commands[c] = command
        }
        return pipeline
    }

    private func resolve(_ word: Word) -> Word {
        if word.isPlain { return word }
        var word = word
        word.parts = word.parts.map(resolve)
        return word
    }

    private func resolve(_ part: WordPart) -> WordPart {
        switch part {
        case .literal, .quoted:
            return part
        case .doubleQuoted(let parts):
            return .doubleQuoted(parts.map(resolve))
        case .parameter(var expansion):
            switch expansion.operation {
            case .useDefault(let w, let colon): expansion.operation = .useDefault(resolve(w), colon: colon)
            case .assignDefault(let w, let colon): expansion.operation = .assignDefault(resolve(w), colon: colon)
            case .useAlternative(let w, let colon): expansion.operation = .useAlternative(resolve(w), colon: colon)
            case .errorIfUnset(let w, let colon): expansion.operation = .errorIfUnset(w.map(resolve), colon: colon)
            case .length, nil: break
            }
            return .parameter(expansion)
        case .commandSubstitution(var substitution):
            substitution.script = resolveHeredocs(in: substitution.script)
            return .commandSubstitution(substitution)
        }
    }
}
