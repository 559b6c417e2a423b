/// Bytes of a command line, lent to a builder for one call: a `Span` cannot outlive the text it
/// views, nor be stored by a builder, so no builder can keep a pointer into a command line.
typealias SourceBytes = Span<UInt8>

extension Span<UInt8> {
    /// The bytes as text (invalid UTF-8 repaired), a copy that owns its storage.
    var text: String { withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) } }
}

/// What ``ShellGrammar`` builds as it recognises a command line.
///
/// One grammar, several products: ``ScriptTreeBuilder`` builds the ``Script`` that Workshop runs;
/// ``VariableUsageBuilder`` only records the variables a command reads and writes, which is all lint
/// needs, without allocating a tree for every command of every lesson.
/// Calls arrive in source order; a value is handed back to the builder that made it.
protocol ShellSyntaxBuilder: AnyObject {
    associatedtype Script
    associatedtype List
    associatedtype Pipeline
    associatedtype Command
    associatedtype Word
    /// A word's parts while they are read (also a double-quoted string's, and a here-document body's).
    associatedtype Parts

    func script() -> Script
    func append(_ list: List, to script: inout Script)
    /// Called once for the outermost script, after every here-document body has been read.
    func finish(_ script: Script) -> Script

    func list(first: Pipeline) -> List
    func append(_ connector: AndOrList.Connector, _ pipeline: Pipeline, to list: inout List)
    func runInBackground(_ list: inout List)

    func pipeline(negated: Bool, first: Command) -> Pipeline
    func append(_ command: Command, to pipeline: inout Pipeline)

    func command(at position: SourcePosition) -> Command
    /// Adds `word` as an assignment when it is assignment-shaped (`NAME=…`); returns false otherwise.
    func addAssignment(_ word: Word, in source: SourceBytes, to command: inout Command) -> Bool
    func addWord(_ word: Word, in source: SourceBytes, to command: inout Command)
    /// Called before a redirection's target is read, so what the target reads can be ordered after the words.
    func beginRedirection(in command: inout Command)
    func addRedirection(fileDescriptor: Int?, op: Redirection.Operator, target: Word, heredocID: Int?,
                        at position: SourcePosition, to command: inout Command)
    func finish(_ command: inout Command)

    /// A word that is bytes `range` of `source` as they stand (no quoting, escapes or expansions).
    func plainWord(_ range: Range<Int>, in source: SourceBytes, at position: SourcePosition) -> Word
    func word(_ parts: Parts, source: SourceBytes, at position: SourcePosition) -> Word
    /// True when any part of `word` is quoted, escaped or expanded.
    func hasQuoting(_ word: Word) -> Bool
    /// `word`'s text with quotes removed when it has no expansions, else `nil`.
    func literalText(of word: Word, in source: SourceBytes) -> String?

    func parts() -> Parts
    func appendLiteral(_ text: SourceBytes, to parts: inout Parts)
    func appendQuoted(_ text: SourceBytes, to parts: inout Parts)
    func appendDoubleQuoted(_ inner: Parts, to parts: inout Parts)
    func appendParameter(name: SourceBytes, operation: ParameterOperation<Word>?, braced: Bool,
                         at position: SourcePosition, to parts: inout Parts)
    func appendCommandSubstitution(_ script: Script, source: SourceBytes, backquoted: Bool,
                                   at position: SourcePosition, to parts: inout Parts)

    /// A here-document body is about to be read (after the line holding its redirection).
    func beginHeredocBody()
    /// The body of the here-document that `addRedirection` announced with `id`.
    func addHeredocBody(id: Int, delimiter: String, quoted: Bool, stripsTabs: Bool, body: String, parts: Parts)
    /// A here-document identifier no other here-document of this parse has.
    func nextHeredocID() -> Int
}

/// A `${NAME<op>word}` operation as the grammar reads it, with the word built by the builder.
enum ParameterOperation<Word> {
    case useDefault(Word, colon: Bool)
    case assignDefault(Word, colon: Bool)
    case useAlternative(Word, colon: Bool)
    case errorIfUnset(Word, colon: Bool)
    case length
}
