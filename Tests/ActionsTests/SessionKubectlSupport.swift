@testable import Actions

extension Session {
    /// Runs `kubectl ARGUMENTS` with `stdin` as its standard input (`-f -`), as a lesson's shell
    /// would hand it a heredoc.
    func kubectl(_ arguments: [String], stdin: String = "") -> CommandResult {
        let output = OutputStreams()
        let status = runProgram("kubectl", arguments: arguments, environment: [:], output: output,
                                input: ProgramInput(directory: "/nonexistent", recorded: ["-": stdin]))
        return CommandResult(stdout: output.stdout, stderr: output.stderr, status: status)
    }
}
