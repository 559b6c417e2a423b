import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A session killed at any moment loses nothing already shown: the transcript reads back to its
/// last whole event, its step records to their last whole line, and the shell's history is intact.
/// SIGTERM and SIGHUP end a session cleanly instead, with 143 and 129.
@Suite(.serialized) struct CrashSafetyTests {
    /// `script` (util-linux) gives the shell a terminal, so it runs with libedit and saves history.
    static let script: String? = ["/usr/bin/script", "/bin/script"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Typed into the shell: commands (saved in the history) and Enter (runs the next block).
    static let typed = ["kubectl get nodes", "", "aws eks list-clusters", "", "", ":status", "", "", "echo done here", "", "", ""]

    struct Moments: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func runRecordKilledAtAHundredMomentsLeavesReadableTranscriptsAndHistory() throws {
        let script = try #require(Self.script, "util-linux script is needed to give the shell a terminal")
        signal(SIGPIPE, SIG_IGN)
        let directory = TranscriptCommandsTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // How long a whole session takes here, so the kills land anywhere from start-up to the end.
        let fullRun = try timeOneSession(script: script, directory: directory + "/full")
        var moments = Moments(state: 2026)
        var killedMidway = 0
        for attempt in 0..<100 {
            let root = directory + "/\(attempt)"
            try FileManager.default.createDirectory(atPath: root + "/state", withIntermediateDirectories: true)
            let delay = Double.random(in: 0...(fullRun * 1.1), using: &moments)
            let pidFile = root + "/pid"
            let command = "echo $$ > \(pidFile); exec env XDG_STATE_HOME=\(root)/state NO_COLOR=1 \(WorkshopBinary.path) run upgrade-ami --speed max --record \(root)/s.cast"
            let child = try #require(Spawn.start(script, ["-q", "-f", "-e", "-c", command, "/dev/null"]))
            _ = Self.typed.joined(separator: "\n").withCString { write(child.input, $0, strlen($0)) }
            usleep(UInt32(delay * 1_000_000))
            if let text = try? String(contentsOfFile: pidFile, encoding: .utf8), let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                if kill(pid, SIGKILL) == 0 { killedMidway += 1 }
            }
            kill(child.pid, SIGKILL)
            _ = child.wait()
            try checkTranscript(root + "/s.cast", attempt: attempt)
            try checkHistory(root + "/state/workshop/history", steps: root + "/s.steps.jsonl", attempt: attempt)
        }
        #expect(killedMidway >= 50, "most kills should land while the session runs (\(killedMidway) of 100)")
    }

    @Test func testRecordKilledAtAHundredMomentsLeavesReadableTranscripts() throws {
        let directory = TranscriptCommandsTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lessons = ["upgrade-ami.md", "upgrade-with-eksctl.md"].map { WorkshopBinary.repositoryRoot + "/lessons/mng-upgrades/" + $0 }
        let started = Date()
        _ = Spawn.run(WorkshopBinary.path, ["test"] + lessons + ["--record", directory + "/full"])
        let fullRun = Date().timeIntervalSince(started)
        var moments = Moments(state: 143)
        for attempt in 0..<100 {
            let root = directory + "/\(attempt)"
            let child = try #require(Spawn.start(WorkshopBinary.path, ["test"] + lessons + ["--record", root]))
            usleep(UInt32(Double.random(in: 0...(fullRun * 1.1), using: &moments) * 1_000_000))
            kill(child.pid, SIGKILL)
            _ = child.wait()
            let casts = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { $0.hasSuffix(".cast") }
            for cast in casts { try checkTranscript(root + "/" + cast, attempt: attempt) }
        }
    }

    @Test(arguments: [(SIGTERM, Int32(143)), (SIGHUP, Int32(129))])
    func terminationSignalsEndTheSessionCleanly(signal: Int32, status: Int32) throws {
        let script = try #require(Self.script, "util-linux script is needed to give the shell a terminal")
        Glibc.signal(SIGPIPE, SIG_IGN)
        let root = TranscriptCommandsTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/state", withIntermediateDirectories: true)
        let pidFile = root + "/pid", statusFile = root + "/status", sttyFile = root + "/stty"
        // The shell runs in a terminal at 2× so the watch is still going when the signal comes;
        // afterwards `stty` shows whether the terminal got its settings back.
        let command = "echo $$ > \(pidFile); stty -g > \(sttyFile).before; env XDG_STATE_HOME=\(root)/state NO_COLOR=1 \(WorkshopBinary.path) run upgrade-ami --speed 2 --record \(root)/s.cast; echo $? > \(statusFile); stty -g > \(sttyFile).after"
        let child = try #require(Spawn.start(script, ["-q", "-f", "-e", "-c", command, "/dev/null"]))
        _ = "\n\n\n\n".withCString { write(child.input, $0, strlen($0)) }
        // Wait until the fourth block (the watch) is running, then signal the shell.
        let deadline = Date().addingTimeInterval(20)
        var watching = false
        while Date() < deadline, !watching {
            usleep(100_000)
            let steps = (try? String(contentsOfFile: root + "/s.cast", encoding: .utf8)) ?? ""
            watching = steps.contains("kubectl get nodes --watch")
        }
        #expect(watching)
        usleep(300_000)
        let shellPid = try #require(pgrep(parent: pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0))
        kill(shellPid, signal)
        _ = child.wait()
        #expect(try String(contentsOfFile: statusFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) == "\(status)")
        #expect(try String(contentsOfFile: sttyFile + ".before", encoding: .utf8) == String(contentsOfFile: sttyFile + ".after", encoding: .utf8),
                "the terminal's settings are restored")
        let steps = try String(contentsOfFile: root + "/s.steps.jsonl", encoding: .utf8)
        #expect(steps.hasSuffix("{\"type\":\"end\"}\n"), "the step records are closed")
        let verify = try WorkshopBinary.run(["verify", root + "/s.cast"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    // MARK: - Helpers

    private func timeOneSession(script: String, directory: String) throws -> Double {
        try FileManager.default.createDirectory(atPath: directory + "/state", withIntermediateDirectories: true)
        let started = Date()
        let command = "exec env XDG_STATE_HOME=\(directory)/state NO_COLOR=1 \(WorkshopBinary.path) run upgrade-ami --speed max --record \(directory)/s.cast"
        let child = try #require(Spawn.start(script, ["-q", "-f", "-e", "-c", command, "/dev/null"]))
        _ = (Self.typed.joined(separator: "\n") + "\n:quit\n").withCString { write(child.input, $0, strlen($0)) }
        let status = child.wait()
        #expect(status == 0)
        return Date().timeIntervalSince(started)
    }

    private func pgrep(parent: pid_t) -> pid_t? {
        let children = (try? String(contentsOfFile: "/proc/\(parent)/task/\(parent)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { pid_t($0) }
    }

    /// The file's whole lines (those ending in a newline); a torn last line is what a kill leaves.
    private func wholeLines(_ path: String) -> [Substring] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // after the last newline: empty, or a torn line
        return lines
    }

    /// `workshop replay --cat` shows exactly the output of the whole events, and the step records'
    /// whole lines are all valid JSON.
    private func checkTranscript(_ path: String, attempt: Int) throws {
        let lines = wholeLines(path)
        let replay = try WorkshopBinary.run(["replay", "--cat", path])
        guard !lines.isEmpty else {
            // Killed before the header was whole: nothing to read, and replay says so.
            if FileManager.default.fileExists(atPath: path) {
                #expect(replay.status == 65 && replay.stderr.split(separator: "\n").count == 1, "attempt \(attempt): \(replay.stderr)")
            }
            return
        }
        #expect(replay.status == 0, "attempt \(attempt): \(replay.stderr)")
        var expected = ""
        for line in lines.dropFirst() {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any], "attempt \(attempt): \(line)")
            if event.count == 3, event[1] as? String == "o", let data = event[2] as? String { expected += data }
        }
        #expect(replay.stdout == expected, "attempt \(attempt): replay shows every whole event and nothing else")
        let stepsPath = String(path.dropLast(".cast".count)) + ".steps.jsonl"
        for line in wholeLines(stepsPath) {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "attempt \(attempt): \(line)")
        }
    }

    /// Every command the step records say was typed is in the history file, which libedit can read.
    private func checkHistory(_ path: String, steps: String, attempt: Int) throws {
        let typed = wholeLines(steps).compactMap { line -> String? in
            guard let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  record["type"] as? String == "input", let text = record["text"] as? String, !text.isEmpty else { return nil }
            return text
        }
        guard FileManager.default.fileExists(atPath: path) else {
            #expect(typed.isEmpty, "attempt \(attempt): commands were typed but the history is gone")
            return
        }
        let history = try String(contentsOfFile: path, encoding: .utf8)
        #expect(history.hasPrefix("_HiStOrY_V2_\n"), "attempt \(attempt): the history file is whole")
        let entries = Set(history.split(separator: "\n").map { $0.replacingOccurrences(of: "\\040", with: " ") })
        for command in typed { #expect(entries.contains(command), "attempt \(attempt): '\(command)' missing from the history") }
    }
}
