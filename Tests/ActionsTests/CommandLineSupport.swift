import ClusterSim
import ShellSyntax
@testable import Actions

/// Test support: one command line, split into arguments as bash would (quotes, `$VAR` from the
/// session's lesson variables, `NAME=value` prefixes), run as the native program it names. Bash is
/// the interpreter of real sessions; these tests exercise the programs behind it.
extension Session {
    @discardableResult
    func run(_ line: String, environment extra: [String: String] = [:], output: OutputStreams = OutputStreams()) -> CommandResult {
        do {
            let script = try ShellParser.parse(line)
            guard script.lists.count == 1, script.lists[0].rest.isEmpty, let command = script.lists[0].first.commands.first,
                  script.lists[0].first.commands.count == 1 else {
                fatalError("test support runs one simple command, not: \(line)")
            }
            var environment = self.environment.merging(extra) { _, given in given }
            let expander = WordExpander(lookup: { environment[$0] }, substitute: { _ in fatalError("no $(…) in test support") })
            for assignment in command.assignments { environment[assignment.name] = try expander.string(of: assignment.value) }
            var fields: [String] = []
            for word in command.words { fields += try expander.fields(of: word) }
            let status = runProgram(fields[0], arguments: Array(fields.dropFirst()), environment: environment, output: output)
            return CommandResult(stdout: output.stdout, stderr: output.stderr, status: status)
        } catch {
            fatalError("test support cannot split \(line): \(error)")
        }
    }
}
