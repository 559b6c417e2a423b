import Foundation
import Testing
@testable import ShellSyntax

@Suite struct VariableUsageTests {
    @Test func readsAndWritesInSourceOrder() throws {
        let usage = try VariableUsage(parsing: "A=1; export B=$(echo $A); echo ${C:-x} $D \"$E\" $?")
        #expect(usage.definitions.map(\.name) == ["A", "B"])
        #expect(usage.definitions.map(\.exported) == [false, true])
        #expect(usage.references.map(\.name) == ["A", "C", "D", "E"])
        #expect(usage.references.map(\.hasFallback) == [false, true, false, false])
        guard case .write(let first)? = usage.events.first else {
            Issue.record("the assignment comes first")
            return
        }
        #expect(first.name == "A")
    }

    @Test func prefixAssignmentsDoNotSetShellVariables() throws {
        let usage = try VariableUsage(parsing: "AWS_PAGER= aws eks list-clusters")
        #expect(usage.definitions.isEmpty)
    }

    @Test func heredocBodiesAreRead() throws {
        let usage = try VariableUsage(parsing: "cat <<EOF\n$X\nEOF")
        #expect(usage.references.map(\.name) == ["X"])
        let quoted = try VariableUsage(parsing: "cat <<'EOF'\n$X\nEOF")
        #expect(quoted.references.isEmpty)
    }

    /// The shell expands a command's words before its redirections and sets variables last, so in
    /// `cat >$OUT <<EOF $(X=1) $IN` the body's $X is read after the substitution has set it.
    @Test func redirectionsAndHeredocBodiesAreReadAfterTheWords() throws {
        let usage = try VariableUsage(parsing: "cat >$OUT <<EOF $(X=1) $IN\n$X\nEOF\nY=$X")
        #expect(usage.events == [
            .write(.init(name: "X", exported: false, position: SourcePosition(line: 1, column: 19))),
            .read(.init(name: "IN", position: SourcePosition(line: 1, column: 24), hasFallback: false)),
            .read(.init(name: "OUT", position: SourcePosition(line: 1, column: 6), hasFallback: false)),
            .read(.init(name: "X", position: SourcePosition(line: 2, column: 1), hasFallback: false)),
            .read(.init(name: "X", position: SourcePosition(line: 4, column: 3), hasFallback: false)),
            .write(.init(name: "Y", exported: false, position: SourcePosition(line: 4, column: 1))),
        ])
    }

    @Test func invalidCommandsFailAsTheParserDoesAndRecordNothing() throws {
        let recorder = VariableUsageRecorder()
        let first = try recorder.record("echo $A", startingAt: SourcePosition(line: 3, column: 3))
        #expect(throws: ShellSyntaxError("unterminated double quote: add the closing \"", at: SourcePosition(line: 4, column: 11))) {
            try recorder.record("echo $B \"$C", startingAt: SourcePosition(line: 4, column: 3))
        }
        let third = try recorder.record("export D=$E", startingAt: SourcePosition(line: 5, column: 3))
        #expect(first == 0..<1)
        #expect(third == 1..<3)
        #expect(recorder.events.map(\.name) == ["A", "E", "D"])
    }

    /// A line that fails inside a nested command, after assignments, exports and a redirection were
    /// collected, leaves nothing of them to the next line a lesson's recorder reads.
    @Test func aLineThatFailsHalfwayLeavesNothingBehind() throws {
        let recorder = VariableUsageRecorder()
        #expect(throws: ShellSyntaxError.self) {
            try recorder.record("A=1 export B C=$(D=2 cat <$F >$(cat <<EOF\n\"unterminated", startingAt: SourcePosition(line: 1, column: 3))
        }
        let next = try recorder.record("E=1 cat <$G; export H; I=1", startingAt: SourcePosition(line: 2, column: 3))
        #expect(Array(recorder.events[next]) == [
            .read(.init(name: "G", position: SourcePosition(line: 2, column: 12), hasFallback: false)),
            .write(.init(name: "H", exported: true, position: SourcePosition(line: 2, column: 16))),
            .write(.init(name: "I", exported: false, position: SourcePosition(line: 2, column: 26))),
        ])
    }

    /// The recorder and the syntax tree come from one grammar; what the recorder reports must be
    /// what walking the tree finds, for every shape of command line lessons use (and many they don't).
    @Test func recordsWhatTheSyntaxTreeHolds() throws {
        var generator = CommandGenerator(seed: 0x5eed)
        var valid = 0
        var invalid = 0
        var validWithHeredoc = 0
        for _ in 0..<6_000 {
            let command = generator.commandLine()
            let start = SourcePosition(line: 7, column: 3)
            let tree: Result<Script, ShellSyntaxError> = Result { try ShellParser.parse(command, startingAt: start) }
                .mapError { $0 as! ShellSyntaxError }
            let usage = Result { () throws(ShellSyntaxError) in try VariableUsage(parsing: command, startingAt: start) }
            switch (tree, usage) {
            case (.success(let script), .success(let usage)):
                valid += 1
                if command.replacingOccurrences(of: "<<<", with: "").contains("<<") { validWithHeredoc += 1 }
                #expect(usage.events == TreeWalk(script).events, "\(command)")
            case (.failure(let treeError), .failure(let usageError)):
                invalid += 1
                #expect(usageError == treeError, "\(command)")
            default:
                Issue.record("the parser and the recorder disagree on whether this is valid: \(command)")
            }
        }
        // The generator must exercise both outcomes for the comparison to mean anything.
        #expect(valid > 1_000)
        #expect(validWithHeredoc > 50)
        #expect(invalid > 1_000)
    }
}

private extension VariableUsage.Event {
    var name: String {
        switch self {
        case .read(let reference): reference.name
        case .write(let definition): definition.name
        }
    }
}

/// The variables a syntax tree reads and writes, found by walking it: the recorder's reference.
private struct TreeWalk {
    var events: [VariableUsage.Event] = []

    init(_ script: Script) { visit(script) }

    private mutating func visit(_ script: Script) {
        for list in script.lists {
            for pipeline in list.pipelines {
                for command in pipeline.commands { visit(command) }
            }
        }
    }

    private mutating func visit(_ command: SimpleCommand) {
        for assignment in command.assignments { visit(assignment.value.parts) }
        for word in command.words { visit(word.parts) }
        for redirection in command.redirections {
            visit(redirection.target.parts)
            if let doc = redirection.heredoc, !doc.quoted { visit(doc.parts) }
        }
        if command.words.isEmpty {
            for assignment in command.assignments {
                events.append(.write(.init(name: assignment.name, exported: false, position: assignment.position)))
            }
        }
        for export in command.exports {
            events.append(.write(.init(name: export.name, exported: true, position: command.position)))
        }
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
                case .useDefault(let word, _), .assignDefault(let word, _), .useAlternative(let word, _):
                    hasFallback = true
                    visit(word.parts)
                case .errorIfUnset(let word, _):
                    if let word { visit(word.parts) }
                case .length, nil:
                    break
                }
                if !expansion.isSpecial {
                    events.append(.read(.init(name: expansion.name, position: expansion.position, hasFallback: hasFallback)))
                }
            case .commandSubstitution(let substitution):
                visit(substitution.script)
            }
        }
    }
}

/// Random command lines built from the pieces lessons are made of, with a seeded generator so a
/// failure names a command that can be reproduced.
private struct CommandGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    private mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }

    private mutating func pick(_ choices: [String]) -> String { choices[next(choices.count)] }

    /// Mostly `good`; now and then one of the ways to get it wrong.
    private mutating func rarely(_ good: String, else broken: [String]) -> String {
        next(14) == 0 ? pick(broken) : good
    }

    /// Delimiters of here-documents written on the current line, whose bodies follow it.
    private var pendingDelimiters: [String] = []

    mutating func commandLine() -> String {
        var line = ""
        for index in 0..<(1 + next(3)) {
            if index > 0 {
                let separator = pick([" && ", " || ", "; ", " | ", "\n", " & ", " |\n  ", " && \\\n  "])
                line += separator
                if separator == "\n" { line += heredocBodies() }
            }
            line += command(depth: 0)
        }
        if !pendingDelimiters.isEmpty { line += "\n" + heredocBodies() }
        return line
    }

    private mutating func heredocBodies() -> String {
        var text = ""
        for delimiter in pendingDelimiters {
            for _ in 0..<next(3) { text += pick(["$X ${Y:-z}", "text `echo $B`", "\\$NOT $(X=1) $X", "\t$T", "'$Q'"]) + "\n" }
            text += rarely(delimiter, else: ["", "NOT" + delimiter]) + "\n"
        }
        pendingDelimiters = []
        return text
    }

    private mutating func command(depth: Int) -> String {
        var parts: [String] = []
        for _ in 0..<next(3) { parts.append(pick(["A", "B", "EKS_VERSION", "_x1", "1X", "A+"]) + "=" + word(depth: depth)) }
        if next(5) != 0 { parts.append(rarely(pick(["export", "aws", "kubectl", "echo", "cat", "\"export\"", "exp\\\nort"]), else: ["for", "{", "(", "if"])) }
        for _ in 0..<next(5) {
            switch next(8) {
            case 0: parts.append(pick(["A", "B", "C=1", "D=$A", "'E'", "\"F\"", "G+=x", "9H", "-n"]))
            case 1: parts.append(pick([">", "2>&1", ">>", "<", "&>", "<<<", "3<"]) + pick(["", " "]) + pick(["out", "$OUT", "$(echo $F)"]))
            case 2:
                let (target, delimiter) = [("EOF", "EOF"), ("'EOF'", "EOF"), ("\"END\"", "END"), ("E\"O\"F", "EOF"), ("$D", "")][next(5)]
                parts.append(pick(["<<", "<<-", "<< "]) + target)
                if !delimiter.isEmpty { pendingDelimiters.append(delimiter) }
            default: parts.append(word(depth: depth))
            }
        }
        return parts.joined(separator: pick([" ", "  ", "\t", " \\\n  "]))
    }

    private mutating func word(depth: Int) -> String {
        var text = ""
        for _ in 0..<(1 + next(3)) {
            switch next(depth < 2 ? 12 : 9) {
            case 0: text += pick(["plain", "--name", "/aws/service/eks", "ami-0abc", "x=y", "é"])
            case 1: text += "$" + rarely(pick(["A", "EKS_CLUSTER_NAME", "?", "1", "#", "@", "_", "", "\"x\""]), else: ["'x'", "((1))"])
            case 2: text += "${" + rarely(pick(["A", "#B", "C:-$D", "E-x", "F:=1", "G+$H", "I:?", "J:?gone", "K", "#", "1"]), else: ["L/a/b", ""]) + rarely("}", else: [""])
            case 3: text += "'" + pick(["$A", "text", "a\"b", ""]) + rarely("'", else: [""])
            case 4: text += "\"" + pick(["$A", "${B:-c}", "text \\\"q\\\" \\$D", "`echo $E`", ""]) + rarely("\"", else: [""])
            case 5: text += pick(["\\$A", "\\ ", "a\\\nb", "\\n"])
            case 6: text += rarely(pick(["~", "*", "#comment"]), else: [")", "|&", ";;"])
            case 7: text += "`echo " + pick(["$A", "\\$B", "\\`x\\`", "X=1"]) + "`"
            case 8: text += pick(["$\"x\"", "a$", "$ ", "$$", "$-"])
            default: text += "$(" + command(depth: depth + 1) + rarely(pick([")", "\n)"]), else: [""])
            }
        }
        return text
    }
}
