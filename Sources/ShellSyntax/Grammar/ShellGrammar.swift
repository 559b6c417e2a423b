/// The bash grammar Workshop understands, generic over what it builds (see ``ShellSyntaxBuilder``).
///
/// It understands what lessons use (quoting, parameter and command substitution, lists,
/// pipelines, redirections, here-documents, comments) and rejects, with a position, what it
/// cannot represent (compound commands, arithmetic, exotic parameter operations), so that a
/// command is never silently split the wrong way. Every builder sees the same errors.
///
/// A grammar views the command line it reads (a `Span`), so it is `~Escapable`: the compiler will
/// not let it, or anything it lends the builder, outlive that text.
struct ShellGrammar<Builder: ShellSyntaxBuilder>: ~Escapable {
    /// Parses a whole command line.
    static func parse(_ bytes: Span<UInt8>, startingAt start: SourcePosition,
                      builder: Builder) throws(ShellSyntaxError) -> Builder.Script {
        var grammar = ShellGrammar(bytes: bytes, start: start, builder: builder)
        let script = try grammar.parseScript(until: nil)
        if let pending = grammar.pendingHeredocs.first {
            throw ShellSyntaxError(
                "here-document delimited by '\(pending.delimiter)' has no body: the command line must end before the body starts",
                at: pending.position)
        }
        if grammar.index < grammar.bytes.count {
            throw ShellSyntaxError("unexpected '\(grammar.describe(grammar.bytes[grammar.index]))'", at: grammar.position)
        }
        return builder.finish(script)
    }

    private struct PendingHeredoc {
        var id: Int
        var delimiter: String
        var quoted: Bool
        var stripsTabs: Bool
        var position: SourcePosition
    }

    private let builder: Builder

    /// The command line, borrowed from its owner for as long as the grammar lives.
    private let bytes: Span<UInt8>
    private var index = 0
    private var line: Int
    private var lineStart = 0
    private let firstLine: Int
    private let firstColumn: Int
    private var pendingHeredocs: [PendingHeredoc] = []
    /// Text a removed escape or line continuation splits, joined before it is handed on. Each
    /// word hands its text on before reading anything nested, so the words being read share this
    /// (rarely needed) buffer, and none has an array of its own to create and drop.
    private var splitText: [UInt8] = []

    @_lifetime(copy bytes)
    private init(bytes: Span<UInt8>, start: SourcePosition, builder: Builder) {
        self.builder = builder
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

    /// Moves past a byte the caller has just looked at and knows is not a newline (a `$`, a quote,
    /// a backslash) — a plain increment, where ``advance()`` is a call.
    ///
    /// Why it matters: Swift 6.3.1's EarlyCodeMotion pass miscompiles `advance(); let begin = index;
    /// while … { advance() }`. It sinks the two identical `advance()` calls (the one before the loop
    /// and the one ending its body) into the loop header, past the read of `index`, so `begin` is the
    /// index *before* the first advance — every unbraced `$NAME` read as `$NAME`, every `'text'` as
    /// `'text`, in optimized builds only. Scanning a run goes through ``scan(while:)``, whose loop has
    /// no call before it, and openers through this increment, so that shape never occurs.
    @inline(__always)
    private mutating func skipKnownNonNewline(_ count: Int = 1) {
        index += count
    }

    /// Reads bytes while `belongs` accepts them (newlines counted) and returns the range it read.
    private mutating func scan(while belongs: (UInt8) -> Bool) -> Range<Int> {
        let begin = index
        while index < bytes.count, belongs(bytes[index]) { advance() }
        return begin..<index
    }

    private func describe(_ byte: UInt8) -> String {
        byte == UInt8(ascii: "\n") ? "newline" : String(decoding: [byte], as: UTF8.self)
    }

    private static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    // The two byte classes every byte of a command is tested against, as bit sets over ASCII
    // (bit `c` of `low` for c < 64, bit `c - 64` of `high` for 64 ≤ c < 128): a test is a shift,
    // where a switch of a dozen cases was a call and a chain of comparisons per byte.

    /// Blanks, newline, `&`, `(`, `)`, `;`, `<`, `>` (low) and `|` (high): what ends an unquoted word.
    private static var delimitersLow: UInt64 { 0x5800034100000600 }
    private static var delimitersHigh: UInt64 { 0x1000000000000000 }
    /// The delimiters, and what starts quoting, an escape or an expansion: `"`, `$`, `'` (low), `\`, `` ` `` (high).
    private static var specialLow: UInt64 { 0x580003D500000600 }
    private static var specialHigh: UInt64 { 0x1000000110000000 }

    @inline(__always)
    private static func isIn(_ c: UInt8, low: UInt64, high: UInt64) -> Bool {
        c < 64 ? (low >> UInt64(c)) & 1 != 0 : c < 128 && (high >> UInt64(c - 64)) & 1 != 0
    }

    @inline(__always)
    private static func isWordDelimiter(_ c: UInt8) -> Bool { isIn(c, low: delimitersLow, high: delimitersHigh) }

    /// Text that continues an unquoted word as it is: not a delimiter, quote, escape or expansion.
    @inline(__always)
    private static func isOrdinaryWordByte(_ c: UInt8) -> Bool { !isIn(c, low: specialLow, high: specialHigh) }

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
    private mutating func skipBlanksAndNewlines() throws(ShellSyntaxError) {
        while true {
            skipBlanks()
            guard peek() == 0x0A else { return }
            advance()
            try readPendingHeredocs()
        }
    }

    // MARK: - Grammar

    private mutating func parseScript(until terminator: UInt8?) throws(ShellSyntaxError) -> Builder.Script {
        var script = builder.script()
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
                    builder.runInBackground(&list)
                } else if c == UInt8(ascii: ";") {
                    if peek(1) == UInt8(ascii: ";") {
                        throw ShellSyntaxError("';;' belongs to a case statement, which is not supported", at: position, kind: .unsupported)
                    }
                    advance()
                } else if c != 0x0A && c != terminator {
                    throw ShellSyntaxError("unexpected '\(describe(c))'", at: position)
                }
            }
            builder.append(list, to: &script)
        }
        return script
    }

    private mutating func parseAndOr() throws(ShellSyntaxError) -> Builder.List {
        var list = builder.list(first: try parsePipeline())
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
            builder.append(connector, try parsePipeline(), to: &list)
        }
    }

    private mutating func parsePipeline() throws(ShellSyntaxError) -> Builder.Pipeline {
        skipBlanks()
        var negated = false
        if peek() == UInt8(ascii: "!"), let next = peek(1), Self.isBlank(next) {
            advance()
            negated = true
        }
        var pipeline = builder.pipeline(negated: negated, first: try parseCommand())
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
            builder.append(try parseCommand(), to: &pipeline)
        }
    }

    /// Reserved words of compound commands, and what they start (for the message refusing them).
    /// A switch: every command's first word is checked, and hashing it cost more than comparing.
    private static func compoundCommand(startingWith word: String) -> String? {
        let count = word.utf8.count
        guard let first = word.utf8.first, count <= 8, mayStartReservedWord(first) else { return nil }
        // Words of another length are passed over by one comparison of integers (a switch over
        // the strings compared the word with each in turn: `export` with all nineteen).
        for (reserved, what) in ShellReservedWords.all where reserved.utf8.count == count && reserved == word { return what }
        return nil
    }


    /// Whether a word starting with `byte` can be one of the reserved words above. Most first words
    /// (aws, kubectl, export …) cannot, and are not made into text to be compared.
    private static func mayStartReservedWord(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "i"), UInt8(ascii: "t"), UInt8(ascii: "e"), UInt8(ascii: "f"), UInt8(ascii: "w"), UInt8(ascii: "u"),
             UInt8(ascii: "d"), UInt8(ascii: "c"), UInt8(ascii: "s"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["),
             UInt8(ascii: "("):
            return true
        default:
            return false
        }
    }

    private mutating func parseCommand() throws(ShellSyntaxError) -> Builder.Command {
        skipBlanks()
        let start = position
        var command = builder.command(at: start)
        var words = 0
        var assignments = 0
        var redirections = 0
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
                let what = words == 1 ? "function definitions" : "'(' here"
                throw ShellSyntaxError("\(what) are not supported", at: position, kind: .unsupported)
            }
            if Self.mayStartRedirection(c), isRedirectionStart() {
                try parseRedirection(into: &command)
                redirections += 1
                continue
            }
            let wordPosition = position
            let wordStart = index
            let word = try parseWord(inBraces: false)
            if words == 0, builder.addAssignment(word, in: bytes, to: &command) {
                assignments += 1
            } else {
                // An unquoted word's text starts with its first byte (a line continuation before it is a blank).
                if words == 0, assignments == 0, Self.mayStartReservedWord(bytes[wordStart]), !builder.hasQuoting(word),
                   let text = builder.literalText(of: word, in: bytes), let what = Self.compoundCommand(startingWith: text) {
                    throw ShellSyntaxError("\(what) are not supported; write one command per line instead", at: wordPosition, kind: .unsupported)
                }
                builder.addWord(word, in: bytes, to: &command)
                words += 1
            }
        }
        if words == 0 && assignments == 0 && redirections == 0 {
            if let c = peek() {
                throw ShellSyntaxError("expected a command before '\(describe(c))'", at: position)
            }
            throw ShellSyntaxError("expected a command", at: position)
        }
        builder.finish(&command)
        return command
    }

    /// `<`, `>`, `&` or a digit: the only bytes a redirection can start with (words rarely do).
    @inline(__always)
    private static func mayStartRedirection(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "<") || c == UInt8(ascii: ">") || c == UInt8(ascii: "&") || isDigit(c)
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


    private mutating func parseRedirection(into command: inout Builder.Command) throws(ShellSyntaxError) {
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
        guard let op = Redirection.Operator.longestFirst.first(where: { op in
            op.rawValue.utf8.enumerated().allSatisfy { peek($0.offset) == $0.element }
        }) else {
            throw ShellSyntaxError("unexpected redirection", at: start)
        }
        advance(op.rawValue.utf8.count)
        skipBlanks()
        guard let c = peek(), !Self.isWordDelimiter(c) else {
            throw ShellSyntaxError("'\(op.rawValue)' must be followed by a \(op == .heredoc || op == .heredocStrippingTabs ? "delimiter word" : "file name")", at: start)
        }
        builder.beginRedirection(in: &command)
        let targetPosition = position
        let target = try parseWord(inBraces: false)
        var heredocID: Int?
        if op == .heredoc || op == .heredocStrippingTabs {
            guard let delimiter = builder.literalText(of: target, in: bytes) else {
                throw ShellSyntaxError("a here-document delimiter cannot contain expansions", at: targetPosition)
            }
            let id = builder.nextHeredocID()
            pendingHeredocs.append(PendingHeredoc(id: id, delimiter: delimiter, quoted: builder.hasQuoting(target),
                                                  stripsTabs: op == .heredocStrippingTabs, position: start))
            heredocID = id
        }
        builder.addRedirection(fileDescriptor: fd, op: op, target: target, heredocID: heredocID, at: start, to: &command)
    }

    private mutating func readPendingHeredocs() throws(ShellSyntaxError) {
        let pending = pendingHeredocs
        pendingHeredocs = []
        for doc in pending {
            var body = ""
            var bodyStart: SourcePosition?
            var closed = false
            while index < bytes.count {
                let lineRange = scan { $0 != 0x0A }
                var text = bytes.extracting(lineRange).text
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
            builder.beginHeredocBody()
            var parts = builder.parts()
            if doc.quoted {
                if !body.isEmpty {
                    var text = body
                    text.makeContiguousUTF8()
                    builder.appendQuoted(text.utf8.span, to: &parts)
                }
            } else {
                var text = body
                text.makeContiguousUTF8()
                var sub = ShellGrammar(bytes: text.utf8.span, start: bodyStart ?? doc.position, builder: builder)
                parts = try sub.parseHeredocBody()
            }
            builder.addHeredocBody(id: doc.id, delimiter: doc.delimiter, quoted: doc.quoted, stripsTabs: doc.stripsTabs,
                                   body: body, parts: parts)
        }
    }

    // MARK: - Words

    private mutating func parseWord(inBraces: Bool) throws(ShellSyntaxError) -> Builder.Word {
        // Most words are ordinary bytes up to a delimiter: such a word is its source, with no
        // parts to collect (anything else is read part by part below, from where this stopped).
        var ordinaryEnd = index
        if !inBraces {
            while ordinaryEnd < bytes.count, Self.isOrdinaryWordByte(bytes[ordinaryEnd]) { ordinaryEnd += 1 }
            if ordinaryEnd > index, ordinaryEnd == bytes.count || Self.isWordDelimiter(bytes[ordinaryEnd]) {
                let start = position
                let startIndex = index
                index = ordinaryEnd
                return builder.plainWord(startIndex..<ordinaryEnd, in: bytes, at: start)
            }
        }
        let start = position
        let startIndex = index
        var parts = builder.parts()
        var hasParts = false
        // Unquoted text is handed on a run at a time, straight from the source; runs that a
        // removed backslash-newline splits are joined in `splitText` first.
        let joined = splitText.count
        var runStart = index
        // The ordinary bytes read above start the first run (they hold no newline).
        index = ordinaryEnd
        func endRun(at end: Int) {
            if runStart < end { bytes.extracting(runStart..<end).withUnsafeBufferPointer { splitText.append(contentsOf: $0) } }
        }
        func flush(upTo end: Int) {
            if splitText.count == joined {
                if runStart < end {
                    builder.appendLiteral(bytes.extracting(runStart..<end), to: &parts)
                    hasParts = true
                }
            } else {
                endRun(at: end)
                builder.appendLiteral(splitText.span.extracting(joined...), to: &parts)
                hasParts = true
                splitText.removeSubrange(joined...)
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
                    skipKnownNonNewline()
                    let character = index
                    skipCharacter()
                    builder.appendQuoted(bytes.extracting(character..<index), to: &parts)
                    hasParts = true
                    runStart = index
                }
            case UInt8(ascii: "'"):
                flush(upTo: index)
                builder.appendQuoted(bytes.extracting(try parseSingleQuoted()), to: &parts)
                hasParts = true
                runStart = index
            case UInt8(ascii: "\""):
                flush(upTo: index)
                builder.appendDoubleQuoted(try parseDoubleQuoted(), to: &parts)
                hasParts = true
                runStart = index
            case UInt8(ascii: "$"):
                let dollar = index
                // A `$` that starts no expansion stays in the run.
                if startsExpansion() {
                    flush(upTo: dollar)
                    try parseDollar(into: &parts)
                    hasParts = true
                    runStart = index
                } else {
                    advance()
                }
            case UInt8(ascii: "`"):
                flush(upTo: index)
                try parseBackquote(into: &parts)
                hasParts = true
                runStart = index
            default:
                // Most of a word is ordinary text: skip it a run at a time (no newline can be in it).
                index += 1
                if !inBraces {
                    while index < bytes.count, Self.isOrdinaryWordByte(bytes[index]) { index += 1 }
                } else if c == 0x0A {
                    line += 1
                    lineStart = index
                }
            }
        }
        // Nothing but one unbroken run: a plain word, its text its only part.
        if !hasParts, splitText.count == joined, runStart == startIndex, index > startIndex {
            return builder.plainWord(startIndex..<index, in: bytes, at: start)
        }
        flush(upTo: index)
        return builder.word(parts, source: bytes.extracting(startIndex..<index), at: start)
    }

    /// Consumes one UTF-8 encoded character.
    private mutating func skipCharacter() {
        advance()
        while let c = peek(), c & 0xC0 == 0x80 { advance() }
    }

    /// Reads `'…'` and returns where its text is.
    private mutating func parseSingleQuoted() throws(ShellSyntaxError) -> Range<Int> {
        let start = position
        skipKnownNonNewline()
        let text = scan { $0 != UInt8(ascii: "'") }
        guard peek() != nil else {
            throw ShellSyntaxError("unterminated single quote: add the closing '", at: start)
        }
        skipKnownNonNewline()
        return text
    }

    private mutating func parseDoubleQuoted() throws(ShellSyntaxError) -> Builder.Parts {
        let start = position
        advance()
        return try parseExpandingText(closedBy: UInt8(ascii: "\""), openedAt: start)
    }

    /// Body of an unquoted here-document: `$` and backquote expand, `\` escapes `$`, `` ` `` and `\`.
    private mutating func parseHeredocBody() throws(ShellSyntaxError) -> Builder.Parts {
        try parseExpandingText(closedBy: nil, openedAt: nil)
    }

    /// Text in which `$` and backquotes expand but nothing splits: a double-quoted string (up to its
    /// closing `"`, which a backslash also escapes) or a here-document body (to the end, its text quoted).
    private mutating func parseExpandingText(closedBy terminator: UInt8?, openedAt start: SourcePosition?) throws(ShellSyntaxError) -> Builder.Parts {
        var parts = builder.parts()
        // Text is handed on a run at a time, straight from the source; runs that an escape or a
        // removed line continuation splits are joined in `splitText` first.
        let joined = splitText.count
        var runStart = index
        func endRun(at end: Int) {
            if runStart < end { bytes.extracting(runStart..<end).withUnsafeBufferPointer { splitText.append(contentsOf: $0) } }
        }
        func append(_ text: SourceBytes) {
            if terminator == nil { builder.appendQuoted(text, to: &parts) } else { builder.appendLiteral(text, to: &parts) }
        }
        func flush(upTo end: Int) {
            if splitText.count == joined {
                if runStart < end { append(bytes.extracting(runStart..<end)) }
            } else {
                endRun(at: end)
                append(splitText.span.extracting(joined...))
                splitText.removeSubrange(joined...)
            }
        }
        while let c = peek() {
            switch c {
            case terminator:
                flush(upTo: index)
                advance()
                return parts
            case UInt8(ascii: "\\"):
                let next = peek(1)
                if next == 0x0A {
                    endRun(at: index)
                    advance(2)
                    runStart = index
                } else if let next, next == UInt8(ascii: "$") || next == UInt8(ascii: "`") || next == UInt8(ascii: "\\") || next == terminator {
                    // The backslash goes, the character after it stays (and starts the next run).
                    endRun(at: index)
                    advance()
                    runStart = index
                    advance()
                } else {
                    advance()
                }
            case UInt8(ascii: "$"):
                if startsExpansion() {
                    flush(upTo: index)
                    try parseDollar(into: &parts)
                    runStart = index
                } else {
                    advance()
                }
            case UInt8(ascii: "`"):
                flush(upTo: index)
                try parseBackquote(into: &parts)
                runStart = index
            default:
                advance()
            }
        }
        if let start {
            throw ShellSyntaxError("unterminated double quote: add the closing \"", at: start)
        }
        flush(upTo: index)
        return parts
    }

    /// At a `$`: true when it starts an expansion (or one the grammar refuses); else the `$` is literal.
    private func startsExpansion() -> Bool {
        guard let next = peek(1) else { return false }
        switch next {
        case UInt8(ascii: "("), UInt8(ascii: "{"), UInt8(ascii: "'"), UInt8(ascii: "\""):
            return true
        default:
            return next.startsShellName || Self.isDigit(next) || "?#@*$!-".utf8.contains(next)
        }
    }

    /// At a `$` that ``startsExpansion()``: reads the expansion into `parts`.
    private mutating func parseDollar(into parts: inout Builder.Parts) throws(ShellSyntaxError) {
        let start = position
        let next = bytes[index + 1]
        switch next {
        case UInt8(ascii: "("):
            if peek(2) == UInt8(ascii: "(") {
                throw ShellSyntaxError("arithmetic expansion $(( … )) is not supported", at: start, kind: .unsupported)
            }
            skipKnownNonNewline(2)
            let begin = index
            let script = try parseScript(until: UInt8(ascii: ")"))
            guard peek() == UInt8(ascii: ")") else {
                throw ShellSyntaxError("unterminated command substitution: add the closing )", at: start)
            }
            let source = begin..<index
            advance()
            builder.appendCommandSubstitution(script, source: bytes.extracting(source), backquoted: false, at: start, to: &parts)
        case UInt8(ascii: "{"):
            skipKnownNonNewline(2)
            try parseBracedParameter(start: start, into: &parts)
        case UInt8(ascii: "'"):
            throw ShellSyntaxError("ANSI-C quoting $'…' is not supported; use '…' or \"…\"", at: start, kind: .unsupported)
        case UInt8(ascii: "\""):
            advance()
            builder.appendDoubleQuoted(try parseDoubleQuoted(), to: &parts)
        default:
            if next.startsShellName {
                skipKnownNonNewline()
                let name = scan(while: \.continuesShellName)
                builder.appendParameter(name: bytes.extracting(name), operation: nil, braced: false, at: start, to: &parts)
            } else {
                advance(2)
                builder.appendParameter(name: bytes.extracting((index - 1)..<index), operation: nil, braced: false, at: start, to: &parts)
            }
        }
    }

    private mutating func parseBracedParameter(start: SourcePosition, into parts: inout Builder.Parts) throws(ShellSyntaxError) {
        var wantsLength = false
        if peek() == UInt8(ascii: "#"), let after = peek(1), after != UInt8(ascii: "}") {
            wantsLength = true
            skipKnownNonNewline()
        }
        let nameRange: Range<Int>
        if let c = peek(), c.startsShellName {
            nameRange = scan(while: \.continuesShellName)
        } else if let c = peek(), Self.isDigit(c) {
            nameRange = scan { $0 >= 0x30 && $0 <= 0x39 }
        } else if let c = peek(), "?#@*$!-".utf8.contains(c) {
            nameRange = index..<(index + 1)
            skipKnownNonNewline()
        } else {
            nameRange = index..<index
        }
        var name: String { bytes.extracting(nameRange).text }
        guard !nameRange.isEmpty else {
            throw ShellSyntaxError("bad substitution: expected a variable name after ${", at: start)
        }
        guard let c = peek() else {
            throw ShellSyntaxError("unterminated ${…}: add the closing }", at: start)
        }
        if c == UInt8(ascii: "}") {
            advance()
            builder.appendParameter(name: bytes.extracting(nameRange), operation: wantsLength ? .length : nil, braced: true, at: start, to: &parts)
            return
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
        let operation: ParameterOperation<Builder.Word>
        switch opByte {
        case UInt8(ascii: "-"): operation = .useDefault(word, colon: colon)
        case UInt8(ascii: "="): operation = .assignDefault(word, colon: colon)
        case UInt8(ascii: "+"): operation = .useAlternative(word, colon: colon)
        default: operation = .errorIfUnset(word, colon: colon)
        }
        builder.appendParameter(name: bytes.extracting(nameRange), operation: operation, braced: true, at: start, to: &parts)
    }

    private mutating func parseBackquote(into parts: inout Builder.Parts) throws(ShellSyntaxError) {
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
        let script = try Self.parse(inner.span, startingAt: SourcePosition(line: start.line, column: start.column + 1), builder: builder)
        builder.appendCommandSubstitution(script, source: inner.span, backquoted: true, at: start, to: &parts)
    }
}

extension Redirection.Operator {
    /// Longer operators before their prefixes (`&>>` before `&>`, `<<<` before `<<`), as the grammar tries them.
    static let longestFirst: [Redirection.Operator] = [
        .appendOutputAndError, .herestring, .heredocStrippingTabs, .heredoc, .readWrite, .duplicateInput,
        .append, .clobber, .duplicateOutput, .outputAndError, .input, .output,
    ]
}

/// Reserved words of compound commands, and what they start (outside the grammar: a generic type has no stored statics).
private enum ShellReservedWords {
    static let all: [(word: String, starts: String)] = [
        ("if", "'if' statements"), ("then", "'if' statements"), ("elif", "'if' statements"), ("else", "'if' statements"),
        ("fi", "'if' statements"), ("for", "'for' loops"), ("while", "'while' loops"), ("until", "'until' loops"),
        ("do", "loops"), ("done", "loops"), ("case", "'case' statements"), ("esac", "'case' statements"),
        ("select", "'select' loops"), ("function", "function definitions"), ("{", "command groups '{ …; }'"),
        ("}", "command groups '{ …; }'"), ("[[", "'[[ … ]]' tests"), ("((", "arithmetic commands '(( … ))'"),
    ]
}
