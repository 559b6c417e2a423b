import Testing
import ShellSyntax

@Suite struct VariableUsageTests {
    @Test func readsAndWritesInSourceOrder() throws {
        let script = try ShellParser.parse("A=1; export B=$(echo $A); echo ${C:-x} $D \"$E\" $?")
        let usage = VariableUsage(script: script)
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
        let usage = VariableUsage(script: try ShellParser.parse("AWS_PAGER= aws eks list-clusters"))
        #expect(usage.definitions.isEmpty)
    }

    @Test func heredocBodiesAreRead() throws {
        let usage = VariableUsage(script: try ShellParser.parse("cat <<EOF\n$X\nEOF"))
        #expect(usage.references.map(\.name) == ["X"])
        let quoted = VariableUsage(script: try ShellParser.parse("cat <<'EOF'\n$X\nEOF"))
        #expect(quoted.references.isEmpty)
    }
}
