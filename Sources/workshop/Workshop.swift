import ArgumentParser
import Foundation
import Runner
import SessionBridge

/// `workshop`: run, test and record hands-on EKS lessons against a simulated or real cluster.
struct Workshop: AsyncParsableCommand {
    static let version = WorkshopVersion.current

    static let configuration = CommandConfiguration(
        commandName: "workshop",
        abstract: "Run hands-on EKS lessons written in markdown.",
        discussion: """
            Lessons are EKS Workshop-style markdown: front matter, prose, and ```bash blocks whose \
            `$ ` lines are commands. Start with `workshop lessons` to see the bundled lessons and \
            `workshop show <lesson>` to read one.
            """,
        version: version,
        subcommands: [RunCommand.self, LessonsCommand.self, ShowCommand.self, LintCommand.self, SimulateCommand.self, JPCommand.self, ReplayCommand.self, TimelineCommand.self, VerifyCommand.self, TestCommand.self, ServeCommand.self],
        defaultSubcommand: RunCommand.self
    )
}

@main
enum WorkshopMain {
    static func main() async {
        // Called as `aws`, `kubectl`, `eksctl` or `sleep` (a session's bin/ links to this binary):
        // a client of the session, not the workshop command.
        if let status = BridgeClient.runAsInvoked() { Foundation.exit(status) }
        do {
            var command = try Workshop.parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            let code = Workshop.exitCode(for: error)
            // Usage mistakes exit 2 (like most CLIs and the test-mode contract), not sysexits' 64.
            if code == .validationFailure {
                FileHandle.standardError.write(Data((Workshop.fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            Workshop.exit(withError: error)
        }
    }
}
