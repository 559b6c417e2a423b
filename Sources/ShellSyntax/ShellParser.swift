/// Parses bash command lines into ``Script`` values.
///
/// It understands what lessons use (quoting, parameter and command substitution, lists,
/// pipelines, redirections, here-documents, comments) and rejects, with a position, what it
/// cannot represent (compound commands, arithmetic, exotic parameter operations), so that a
/// command is never silently split the wrong way.
public enum ShellParser {
    /// Parses `source`; `start` is where the text begins in its file (for error positions).
    public static func parse(_ source: String, startingAt start: SourcePosition = SourcePosition(line: 1, column: 1)) throws -> Script {
        // The grammar reads the string's own bytes in place: no copy of every command into an array.
        var source = source
        source.makeContiguousUTF8()
        return try ShellGrammar.parse(source.utf8.span, startingAt: start, builder: ScriptTreeBuilder())
    }
}
