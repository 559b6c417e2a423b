/// Builds the syntax tree (``Script``) that Workshop runs.
final class ScriptTreeBuilder: ShellSyntaxBuilder {
    /// Here-document bodies by identifier: read after their line, attached to their redirection at the end.
    private var heredocs: [Int: Heredoc] = [:]
    private var heredocCount = 0

    func script() -> Script { Script(lists: []) }
    func append(_ list: AndOrList, to script: inout Script) { script.lists.append(list) }
    func finish(_ script: Script) -> Script { resolveHeredocs(in: script) }

    func list(first: Pipeline) -> AndOrList { AndOrList(first: first) }
    func append(_ connector: AndOrList.Connector, _ pipeline: Pipeline, to list: inout AndOrList) {
        list.rest.append((connector, pipeline))
    }
    func runInBackground(_ list: inout AndOrList) { list.background = true }

    func pipeline(negated: Bool, first: SimpleCommand) -> Pipeline { Pipeline(negated: negated, commands: [first]) }
    func append(_ command: SimpleCommand, to pipeline: inout Pipeline) { pipeline.commands.append(command) }

    func command(at position: SourcePosition) -> SimpleCommand { SimpleCommand(position: position) }

    func addAssignment(_ word: Word, in source: SourceBytes, to command: inout SimpleCommand) -> Bool {
        guard let assignment = Assignment(word: word) else { return false }
        command.assignments.append(assignment)
        return true
    }

    func addWord(_ word: Word, in source: SourceBytes, to command: inout SimpleCommand) {
        if command.words.isEmpty { command.words.reserveCapacity(8) }
        command.words.append(word)
    }

    func beginRedirection(in command: inout SimpleCommand) {}

    func addRedirection(fileDescriptor: Int?, op: Redirection.Operator, target: Word, heredocID: Int?,
                        at position: SourcePosition, to command: inout SimpleCommand) {
        var redirection = Redirection(fileDescriptor: fileDescriptor, op: op, target: target, position: position)
        redirection.pendingHeredocID = heredocID
        command.redirections.append(redirection)
    }

    func finish(_ command: inout SimpleCommand) {}

    func plainWord(_ range: Range<Int>, in source: SourceBytes, at position: SourcePosition) -> Word {
        Word(plain: source.extracting(range).text, position: position)
    }

    func word(_ parts: [WordPart], source: SourceBytes, at position: SourcePosition) -> Word {
        Word(parts: parts, position: position, source: source.text)
    }

    func hasQuoting(_ word: Word) -> Bool { word.hasQuoting }
    func literalText(of word: Word, in source: SourceBytes) -> String? { word.literalText }

    func parts() -> [WordPart] { [] }

    func appendLiteral(_ text: SourceBytes, to parts: inout [WordPart]) {
        parts.append(.literal(text.text))
    }

    func appendQuoted(_ text: SourceBytes, to parts: inout [WordPart]) {
        parts.append(.quoted(text.text))
    }

    func appendDoubleQuoted(_ inner: [WordPart], to parts: inout [WordPart]) {
        // `""` is an empty word, not no word.
        parts.append(.doubleQuoted(inner.isEmpty ? [.literal("")] : inner))
    }

    func appendParameter(name: SourceBytes, operation: ParameterOperation<Word>?, braced: Bool,
                         at position: SourcePosition, to parts: inout [WordPart]) {
        let operation: ParameterExpansion.Operation? = switch operation {
        case .useDefault(let word, let colon): .useDefault(word, colon: colon)
        case .assignDefault(let word, let colon): .assignDefault(word, colon: colon)
        case .useAlternative(let word, let colon): .useAlternative(word, colon: colon)
        case .errorIfUnset(let word, let colon): .errorIfUnset(word.parts.isEmpty ? nil : word, colon: colon)
        case .length: .length
        case nil: nil
        }
        parts.append(.parameter(ParameterExpansion(name: name.text, operation: operation,
                                                   braced: braced, position: position)))
    }

    func appendCommandSubstitution(_ script: Script, source: SourceBytes, backquoted: Bool,
                                   at position: SourcePosition, to parts: inout [WordPart]) {
        parts.append(.commandSubstitution(CommandSubstitution(script: script, source: source.text,
                                                              backquoted: backquoted, position: position)))
    }

    func beginHeredocBody() {}

    func addHeredocBody(id: Int, delimiter: String, quoted: Bool, stripsTabs: Bool, body: String, parts: [WordPart]) {
        heredocs[id] = Heredoc(delimiter: delimiter, quoted: quoted, stripsTabs: stripsTabs, body: body, parts: parts)
    }

    func nextHeredocID() -> Int {
        heredocCount += 1
        return heredocCount - 1
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
