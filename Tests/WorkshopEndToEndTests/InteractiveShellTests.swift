import Foundation
import Testing

/// The guided shell on a real terminal, driven through tmux (skipped when tmux is missing).
@Suite(.serialized) struct InteractiveShellTests {
    static let tmux: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

    final class Terminal {
        let session = "workshop-test-\(UUID().uuidString.prefix(8))"
        let state = NSTemporaryDirectory() + "workshop-state-" + UUID().uuidString

        /// Runs a tmux command on this terminal's own server (its own socket), so the tests never
        /// touch a user's tmux and `stop` can end the server they started.
        @discardableResult
        func tmux(_ arguments: [String], capture: Bool = false) -> String {
            Spawn.run(InteractiveShellTests.tmux!, ["-L", session] + arguments, captureOutput: capture).stdout
        }

        func start(_ arguments: String) {
            tmux(["new-session", "-d", "-s", session, "-x", "150", "-y", "50"])
            tmux(["set-option", "-t", session, "remain-on-exit", "on"])
            tmux(["respawn-pane", "-k", "-t", session, "env XDG_STATE_HOME=\(state) NO_COLOR=1 \(WorkshopBinary.path) \(arguments)"])
        }

        func keys(_ keys: String...) { tmux(["send-keys", "-t", session] + keys) }

        var screen: String { tmux(["capture-pane", "-p", "-J", "-S", "-5000", "-t", session], capture: true) }

        /// Waits until the screen contains `text` (or 20 s pass).
        @discardableResult
        func waitFor(_ text: String, timeout: Double = 20) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if screen.contains(text) { return true }
                usleep(100_000)
            }
            return false
        }

        func stop() {
            tmux(["kill-server"])
            try? FileManager.default.removeItem(atPath: state)
        }
    }

    @Test(.enabled(if: InteractiveShellTests.tmux != nil, "tmux is not installed (make test installs it)"))
    func steppingThroughTheLessonNarratesThePhasesInOrder() throws {
        let terminal = Terminal()
        defer { terminal.stop() }
        terminal.start("run --speed max")
        #expect(terminal.waitFor("workshop [upgrade-ami 1/6]$"))
        for block in 2...6 {
            // Block 4 is the endless --watch: skip it, as a participant who has seen enough would.
            terminal.keys(block == 5 ? ":skip" : "", "Enter")
            #expect(terminal.waitFor("workshop [upgrade-ami \(block)/6]$"), "\(terminal.screen)")
        }
        terminal.keys("Enter")
        #expect(terminal.waitFor("workshop [upgrade-ami done]$"))
        let screen = terminal.screen
        let phases = ["Phase 1/4, setup", "Phase 2/4, scale up", "grows from 3 to 9 nodes", "Phase 3/4, upgrade", "(3 old nodes left)",
                      "waits 60 seconds", "Phase 4/4, scale down", "is Successful"]
        let positions = phases.map { screen.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(screen)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    }

    @Test(.enabled(if: InteractiveShellTests.tmux != nil, "tmux is not installed (make test installs it)"))
    func tabCompletionCtrlCUTF8AndHistoryAcrossRestarts() throws {
        let terminal = Terminal()
        defer { terminal.stop() }
        terminal.start("run --speed 30")
        #expect(terminal.waitFor("workshop [upgrade-ami 1/6]$"))
        terminal.keys("kubec", "Tab")
        #expect(terminal.waitFor("$ kubectl "))
        terminal.keys("get nodes --watch", "Enter")
        #expect(terminal.waitFor("STATUS"))
        let started = Date()
        terminal.keys("C-c")
        #expect(terminal.waitFor("(interrupted; the cluster keeps going)"))
        #expect(Date().timeIntervalSince(started) < 2)
        terminal.keys("echo café ü 日本", "Enter")
        #expect(terminal.waitFor("\ncafé ü 日本\n"))
        terminal.keys("C-d")
        usleep(500_000)
        // A new shell recalls the previous one's lines with the Up arrow.
        terminal.tmux(["respawn-pane", "-k", "-t", terminal.session, "env XDG_STATE_HOME=\(terminal.state) NO_COLOR=1 \(WorkshopBinary.path) run"])
        #expect(terminal.waitFor("workshop [upgrade-ami 1/6]$"))
        terminal.keys("Up")
        #expect(terminal.waitFor("$ echo café ü 日本"))
        let history = try String(contentsOfFile: terminal.state + "/workshop/history", encoding: .utf8)
        #expect(history.contains("get\\040nodes\\040--watch"))
    }

    @Test(.enabled(if: InteractiveShellTests.tmux != nil, "tmux is not installed (make test installs it)"))
    func aRecordedSessionWithAnInterruptedWatchVerifies() throws {
        let terminal = Terminal()
        defer { terminal.stop() }
        let cast = terminal.state + "/class.cast"
        terminal.start("run --speed 60 --record \(cast)")
        #expect(terminal.waitFor("workshop [upgrade-ami 1/6]$"))
        for block in 2...4 {
            terminal.keys("", "Enter")
            #expect(terminal.waitFor("workshop [upgrade-ami \(block)/6]$"))
        }
        terminal.keys("", "Enter")
        #expect(terminal.waitFor("NotReady"))
        terminal.keys("C-c")
        #expect(terminal.waitFor("(interrupted; the cluster keeps going)"))
        terminal.keys("kubectl get nodes", "Enter")
        terminal.keys(":quit", "Enter")
        #expect(terminal.waitFor("Recording saved"))
        let verify = try WorkshopBinary.run(["verify", cast])
        #expect(verify.status == 0, "\(verify.stdout)")
        let records = try String(contentsOfFile: terminal.state + "/class.steps.jsonl", encoding: .utf8)
        #expect(records.contains("\"status\":130"))
    }

    @Test(.enabled(if: InteractiveShellTests.tmux != nil, "tmux is not installed (make test installs it)"))
    func linesRunInBashThatFollowsTheWindowAndCtrlC() throws {
        let terminal = Terminal()
        defer { terminal.stop() }
        let cast = terminal.state + "/resize.cast"
        terminal.start("run find-amis --speed max --record \(cast)")
        #expect(terminal.waitFor("workshop [find-amis 1/6]$"))
        terminal.keys("kubectl get nodes | grep -c Ready; echo \"cols=$(tput cols)\"", "Enter")
        #expect(terminal.waitFor("\n3\ncols=150\n"), "\(terminal.screen)")
        // The window narrows: bash's terminal follows, and the recording says so.
        terminal.tmux(["resize-window", "-t", terminal.session, "-x", "120", "-y", "40"])
        usleep(300_000)
        terminal.keys("echo \"now $(tput cols)\"", "Enter")
        #expect(terminal.waitFor("now 120"), "\(terminal.screen)")
        // A program reading the terminal is the foreground job: Ctrl-C ends it, bash stays.
        terminal.keys("cat", "Enter")
        usleep(300_000)
        terminal.keys("C-c")
        #expect(terminal.waitFor("(interrupted; the cluster keeps going)"))
        terminal.keys(":quit", "Enter")
        #expect(terminal.waitFor("Recording saved"))
        let recorded = try String(contentsOfFile: cast, encoding: .utf8)
        #expect(recorded.contains(#""r", "120x40"]"#) || recorded.contains(#""r","120x40"]"#), "\(recorded.suffix(600))")
    }

    @Test(.enabled(if: InteractiveShellTests.tmux != nil, "tmux is not installed (make test installs it)"))
    func replayPausesJumpsToAStepAndStopsOnCtrlC() throws {
        let terminal = Terminal()
        defer { terminal.stop() }
        terminal.start("replay \(WorkshopBinary.repositoryRoot)/transcripts/upgrade-ami.cast")
        #expect(terminal.waitFor("Upgrade a node group to the latest AMI"))
        terminal.keys(" ")
        usleep(300_000)
        let paused = terminal.screen
        usleep(1_000_000)
        #expect(terminal.screen == paused)
        // Step 3 starts the upgrade; the watch after it has minutes of (capped) pauses left.
        terminal.keys("3", "Enter")
        #expect(terminal.waitFor("$ aws eks update-nodegroup-version"))
        terminal.keys("C-c")
        #expect(terminal.waitFor("(replay stopped)"))
    }
}
