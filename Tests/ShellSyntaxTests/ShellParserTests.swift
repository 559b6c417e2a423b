import Testing
@testable import ShellSyntax

@Suite struct ShellParserTests {
    private func words(_ source: String, env: [String: String] = [:]) throws -> [String] {
        let script = try ShellParser.parse(source)
        let expander = WordExpander(lookup: { env[$0] }, substitute: { _ in "" })
        return try script.lists[0].first.commands[0].words.flatMap { try expander.fields(of: $0) }
    }

    @Test func quotingIsRemovedAndSpacesInsideQuotesKept() throws {
        let fields = try words(#"aws ssm get-parameter --query "Parameter.Value" --name '/aws/service/a b' --x a\ b"#)
        #expect(fields == ["aws", "ssm", "get-parameter", "--query", "Parameter.Value", "--name", "/aws/service/a b", "--x", "a b"])
    }

    @Test func variablesExpandFromTheEnvironment() throws {
        let env = ["EKS_CLUSTER_NAME": "eks-workshop", "V": "1.33"]
        #expect(try words("echo $EKS_CLUSTER_NAME ${V}-x \"$V\"", env: env) == ["echo", "eks-workshop", "1.33-x", "1.33"])
    }

    /// Every shape that scans a run right after stepping over its opener (`$`, `'`, `\\`, `${#`, a
    /// here-document line). Swift 6.3.1's optimizer once made each of them start at the opener in
    /// release builds (`$X` looked up as "$X", `'abc'` read as "'abc"); `make test` runs this suite
    /// optimized as well as in debug.
    @Test func runsAfterAnOpenerStartAfterIt() throws {
        let env = ["X": "abc", "LONG_NAME_2": "v", "1": "one"]
        #expect(try words("echo [$X] \"[$X]\" $LONG_NAME_2. 'q t' \\z ${#X} ${1} $1", env: env)
                == ["echo", "[abc]", "[abc]", "v.", "q t", "z", "3", "one", "one"])
        let script = try ShellParser.parse("cat <<EOF\nline $X\nEOF")
        let heredoc = try #require(script.lists[0].first.commands[0].redirections.first?.heredoc)
        #expect(heredoc.body == "line $X\n")
    }

    @Test func unquotedExpansionsAreSplitQuotedOnesAreNot() throws {
        let env = ["LIST": "a  b\tc", "EMPTY": ""]
        #expect(try words("cmd $LIST \"$LIST\" $EMPTY \"\" x$EMPTY", env: env) == ["cmd", "a", "b", "c", "a  b\tc", "", "x"])
    }

    @Test func parameterDefaultsAndLength() throws {
        let env = ["SET": "v", "EMPTY": ""]
        #expect(try words("e ${UNSET:-d} ${EMPTY:-d} ${EMPTY-d} ${SET:+alt} ${UNSET:+alt} ${#SET}", env: env) == ["e", "d", "d", "alt", "1"])
    }

    @Test func errorIfUnsetStopsExpansionWithItsMessage() throws {
        let script = try ShellParser.parse("echo ${REGION:?set REGION first}")
        let expander = WordExpander(lookup: { _ in nil }, substitute: { _ in "" })
        #expect(throws: ExpansionError.parameterNotSet(name: "REGION", message: "set REGION first")) {
            _ = try expander.fields(of: script.lists[0].first.commands[0].words[1])
        }
    }

    @Test func assignDefaultWritesBack() throws {
        let script = try ShellParser.parse("echo ${R:=us-west-2}")
        nonisolated(unsafe) var assigned: [String: String] = [:]
        let expander = WordExpander(lookup: { assigned[$0] }, assign: { assigned[$0] = $1 }, substitute: { _ in "" })
        #expect(try expander.fields(of: script.lists[0].first.commands[0].words[1]) == ["us-west-2"])
        #expect(assigned["R"] == "us-west-2")
    }

    @Test func commandSubstitutionIsParsedAndDelegated() throws {
        let script = try ShellParser.parse(#"export V=$(aws eks describe-cluster --name "$C" --query "cluster.version" --output text)"#)
        let command = script.lists[0].first.commands[0]
        #expect(command.programName == "export")
        let export = try #require(command.exports.first)
        #expect(export.name == "V")
        guard case .commandSubstitution(let substitution)? = export.value?.parts.first else {
            Issue.record("expected a command substitution")
            return
        }
        #expect(substitution.script.lists[0].first.commands[0].programName == "aws")
        nonisolated(unsafe) var seen: [String] = []
        let expander = WordExpander(lookup: { _ in "x" }, substitute: { sub in
            seen.append(sub.source)
            return "1.33\n\n"
        })
        #expect(try expander.string(of: export.value!) == "1.33")
        #expect(seen == [#"aws eks describe-cluster --name "$C" --query "cluster.version" --output text"#])
    }

    @Test func backquotesAreCommandSubstitutions() throws {
        let script = try ShellParser.parse("echo `date -u` x")
        guard case .commandSubstitution(let sub)? = script.lists[0].first.commands[0].words[1].parts.first else {
            Issue.record("expected substitution")
            return
        }
        #expect(sub.backquoted)
        #expect(sub.script.lists[0].first.commands[0].words.map(\.source) == ["date", "-u"])
    }

    @Test func listsAndPipelines() throws {
        let script = try ShellParser.parse("a && b || c; d | e | f & g\nh")
        #expect(script.lists.count == 4)
        #expect(script.lists[0].rest.map(\.connector) == [.and, .or])
        #expect(script.lists[1].first.commands.map { $0.programName } == ["d", "e", "f"])
        #expect(script.lists[1].background)
        #expect(script.lists[2].first.commands[0].programName == "g")
        #expect(script.lists[3].first.commands[0].programName == "h")
    }

    @Test func andOrMayContinueOnTheNextLine() throws {
        let script = try ShellParser.parse("a &&\n  b")
        #expect(script.lists.count == 1)
        #expect(script.lists[0].rest.count == 1)
    }

    @Test func assignmentsBeforeACommandAndAlone() throws {
        let script = try ShellParser.parse("A=1 B=\"two words\" cmd arg; C=3")
        let first = script.lists[0].first.commands[0]
        #expect(first.assignments.map(\.name) == ["A", "B"])
        #expect(first.programName == "cmd")
        let second = script.lists[1].first.commands[0]
        #expect(second.words.isEmpty)
        #expect(second.assignments.map(\.name) == ["C"])
    }

    @Test func redirections() throws {
        let command = try ShellParser.parse("cmd > out.json 2>&1 >> log < in &> both").lists[0].first.commands[0]
        #expect(command.redirections.map(\.op) == [.output, .duplicateOutput, .append, .input, .outputAndError])
        #expect(command.redirections[1].fileDescriptor == 2)
        #expect(command.redirections[1].target.literalText == "1")
        #expect(command.words.map(\.source) == ["cmd"])
    }

    @Test(arguments: [
        ("cat <<EOF | kubectl apply -f -\nname: $N\nEOF", "EOF", false, false, "name: v\n"),
        ("cat << 'EOF' | kubectl apply -f -\nname: $N\nEOF", "EOF", true, false, "name: $N\n"),
        ("cat <<-END\n\tname: $N\n\tEND", "END", false, true, "name: v\n"),
        ("cat <<\"END\"\nname: $N\nEND", "END", true, false, "name: $N\n"),
    ])
    func heredocsOfEveryForm(source: String, delimiter: String, quoted: Bool, strips: Bool, expanded: String) throws {
        let script = try ShellParser.parse(source)
        let command = script.lists[0].first.commands[0]
        let heredoc = try #require(command.redirections.first?.heredoc)
        #expect(heredoc.delimiter == delimiter)
        #expect(heredoc.quoted == quoted)
        #expect(heredoc.stripsTabs == strips)
        let expander = WordExpander(lookup: { $0 == "N" ? "v" : nil }, substitute: { _ in "" })
        #expect(try expander.body(of: heredoc) == expanded)
        if source.contains("|") {
            #expect(script.lists[0].first.commands.count == 2)
        }
    }

    @Test func commentsAreIgnored() throws {
        let script = try ShellParser.parse("# setup\necho a # trailing\necho b#c")
        #expect(script.lists.count == 2)
        #expect(script.lists[0].first.commands[0].words.map(\.source) == ["echo", "a"])
        #expect(script.lists[1].first.commands[0].words.map(\.source) == ["echo", "b#c"])
    }

    @Test func lineContinuationsJoinWords() throws {
        #expect(try words("aws eks \\\n  describe-cluster") == ["aws", "eks", "describe-cluster"])
    }

    @Test func escapesInDoubleQuotesDropOnlyTheirBackslash() throws {
        // Only \$, \`, \\, \" and a line continuation are escapes inside "…"; any other backslash stays.
        #expect(try words(#"echo "a\"b \$c \\d \x \`" "line\"# + "\ncont\"") == ["echo", #"a"b $c \d \x `"#, "linecont"])
        #expect(try words(#"echo "pre $V mid\$V post""#, env: ["V": "v"]) == ["echo", "pre v mid$V post"])
    }

    @Test func tildeExpandsToHome() throws {
        #expect(try words("ls ~/x ~ a~", env: ["HOME": "/home/p"]) == ["ls", "/home/p/x", "/home/p", "a~"])
    }

    @Test(arguments: [
        ("echo 'abc", 1, 6, "unterminated single quote"),
        ("echo \"abc", 1, 6, "unterminated double quote"),
        ("&& echo", 1, 1, "a command must come before"),
        ("echo a &&", 1, 8, "must be followed by a command"),
        ("echo $(date", 1, 6, "unterminated command substitution"),
        ("echo ${X", 1, 6, "unterminated"),
        ("cat <<EOF\nbody", 1, 5, "never closed"),
        ("echo a |", 1, 8, "must be followed by a command"),
        ("echo > ", 1, 6, "must be followed by a file name"),
    ])
    func invalidBashIsRejectedWithItsPosition(source: String, line: Int, column: Int, message: String) {
        do {
            _ = try ShellParser.parse(source)
            Issue.record("expected an error for \(source)")
        } catch let error as ShellSyntaxError {
            #expect(error.kind == .invalid)
            #expect(error.position == SourcePosition(line: line, column: column), "\(error)")
            #expect(error.message.contains(message), "\(error.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: [
        "for n in a b; do echo $n; done",
        "while true; do sleep 1; done",
        "if [ -f x ]; then echo y; fi",
        "(cd /tmp && ls)",
        "echo $((1 + 2))",
        "echo ${X%.txt}",
        "{ echo a; }",
        "[[ -n $X ]]",
        "echo $'a\\n'",
        "\\\nif true; then echo y; fi",
        "echo a; \\\n  for x in y; do :; done",
    ])
    func unsupportedBashIsRejectedNotMisSplit(source: String) {
        do {
            _ = try ShellParser.parse(source)
            Issue.record("expected \(source) to be rejected")
        } catch let error as ShellSyntaxError {
            #expect(error.kind == .unsupported, "\(error)")
            #expect(error.message.contains("not supported"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func positionsAreRelativeToTheLessonLine() {
        do {
            _ = try ShellParser.parse("echo ok\necho 'open", startingAt: SourcePosition(line: 40, column: 3))
        } catch let error as ShellSyntaxError {
            #expect(error.position == SourcePosition(line: 41, column: 6))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
