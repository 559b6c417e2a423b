import Actions
import ClusterSim
import Foundation
import LessonKit

/// A lesson's blocks run as the EKS Workshop harness runs them (its `shell.ts`; see
/// lesson-format-markdown-sh.md §1.6): each block is a fresh `bash` with `set -e`, the block's
/// commands joined into one script; after a block that succeeds, its exported variables carry over
/// to the next block (nothing else does: not `cd`, functions or plain variables). Hooks run as
/// `bash HOOK before|after` with the same environment and, after a block, `TEST_OUTPUT`.
///
/// On the simulator, the bash's `aws`, `kubectl`, `eksctl`, `sleep` and `prepare-environment`
/// reach the lesson's own cluster, and `timeout=` counts simulated seconds (a deadline on the
/// session's clock); with `--backend shell` they are whatever is installed and `timeout=` is wall
/// time.
final class HarnessShell {
    let lessonSession: LessonSession
    /// The simulated clock's deadline keeper; nil on a real cluster.
    private let clock: DeadlineClock?
    /// The exported variables every block starts with, grown by each block that succeeds.
    private(set) var environment: [String: String]
    /// Calls answered while the current script ran.
    private var calls: [ClientCall] = []

    var name: String { lessonSession.isSimulated ? "sim" : "shell" }

    /// On the simulator: a fresh cluster from `scenario`.
    init(scenario: Scenario, seed: UInt64, clientExecutable: String, base: [String: String]) throws {
        let clock = DeadlineClock()
        let session = try LessonSession(scenario: scenario, seed: seed, clock: clock, clientExecutable: clientExecutable)
        clock.interrupted = { [unowned session] in session.callStopped }
        self.clock = clock
        self.lessonSession = session
        environment = base.merging(session.lessonVariables) { _, lesson in lesson }
        session.onCall = { [unowned self] call in self.calls.append(call) }
    }

    /// With the real CLIs (`--backend shell`).
    init(base: [String: String]) {
        lessonSession = LessonSession()
        clock = nil
        environment = base
    }

    func finish() { lessonSession.close() }

    /// What one block (or hook) did.
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
        var calls: [ClientCall]
        var simulatedSeconds: Double
    }

    /// The script the harness runs for a block: `set -e`, the commands, then (only when the last
    /// command succeeded) the exported environment written out for the next block. The trailer is
    /// on a line of its own, so a here-document at the end of a block cannot swallow it (the one
    /// place Workshop does better than the harness, which then silently drops the block's exports).
    static func script(commands: [String], environmentFile: String) -> String {
        "set -e\n" + commands.joined(separator: "\n") + "\n__workshop_status=$?\n"
            + "if [ \"$__workshop_status\" -ne 0 ]; then exit \"$__workshop_status\"; fi\n"
            + "command env -0 > \(ShellQuoting.quote(environmentFile))\n"
    }

    /// Runs a block's commands in a fresh bash; `timeout` is in seconds (simulated on the simulator).
    func run(commands: [String], timeout: Int) -> Run {
        let environmentFile = lessonSession.workingDirectory + "/.workshop-env-\(UUID().uuidString)"
        defer { unlink(environmentFile) }
        let script = Self.script(commands: commands, environmentFile: environmentFile)
        let run = execute(["/bin/bash", "--noprofile", "--norc", "-c", script], environment: environment, timeout: timeout)
        if run.status == 0, !run.timedOut, let dump = FileManager.default.contents(atPath: environmentFile) {
            for entry in dump.split(separator: 0) {
                let text = String(decoding: entry, as: UTF8.self)
                guard let equals = text.firstIndex(of: "=") else { continue }
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            environment = lessonSession.withoutSessionEntries(environment)
        }
        return run
    }

    /// Runs `bash HOOK phase` with the blocks' environment (and `TEST_OUTPUT` after a block).
    func runHook(_ path: String, phase: String, timeout: Int, output: String?) -> Run {
        var environment = self.environment
        if let output { environment["TEST_OUTPUT"] = output }
        return execute(["/bin/bash", path, phase], environment: environment, timeout: timeout)
    }

    /// `wait=N` after a block: simulated time on the simulator, wall time on a real cluster.
    func pause(seconds: Int) {
        if let session = lessonSession.session {
            session.simulator.advance(by: .seconds(Double(seconds)))
        } else {
            usleep(UInt32(min(seconds, 4000)) * 1_000_000)
        }
    }

    private func execute(_ arguments: [String], environment: [String: String], timeout: Int) -> Run {
        calls = []
        let started = lessonSession.session?.simulator.now ?? .zero
        if let clock, let session = lessonSession.session {
            clock.deadline = session.simulator.now + .seconds(Double(timeout))
            clock.expired = false
        }
        defer { clock?.deadline = nil }
        // On the simulator, time passes only when a call lets it, far faster than the wall clock:
        // the wall-clock guard (the same number of seconds) only stops a block stuck outside it.
        let result = lessonSession.run(arguments, environment: environment, wallTimeout: Double(timeout)) { [clock] in
            clock?.expired ?? false
        }
        let ended = lessonSession.session?.simulator.now ?? .zero
        return Run(status: result.status, stdout: result.stdout, stderr: result.stderr, timedOut: result.timedOut, calls: calls,
                   simulatedSeconds: (ended - started).seconds)
    }
}
