import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts a program with posix_spawn, closing every descriptor above 2 in the child first.
///
/// Foundation's `Process` on Linux learns that a child exited when a socket it shares with the child
/// reaches end of file. A daemon the child forks (the tmux server) inherits that socket and keeps it
/// open, so `waitUntilExit` never returns: CI, where no tmux server was running yet, hung for 90 minutes.
enum Spawn {
    struct Result {
        var status: Int32
        var stdout: String
    }

    /// Closes inherited descriptors, then execs the program: `$1` is the program, the rest its arguments.
    private static let closeInherited = #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null; exec "$@""#

    /// posix_spawn with the child's signal mask emptied: test threads block most signals and a child
    /// inherits that mask, so the tmux server and its panes would ignore the SIGHUP `kill-server` sends.
    /// `configure` sets up the child's descriptors; `environment` defaults to ours.
    private static func spawn(_ program: String, _ argv: [String], environment: [String]? = nil,
                              configure: (inout posix_spawn_file_actions_t) -> Void) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        configure(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned: Int32
        if let environment {
            var cEnvironment: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
            defer { cEnvironment.forEach { free($0) } }
            spawned = posix_spawn(&pid, program, &actions, &attributes, &cArguments, &cEnvironment)
        } else {
            spawned = posix_spawn(&pid, program, &actions, &attributes, &cArguments, environ)
        }
        return spawned == 0 ? pid : nil
    }

    /// A started child: its pid, and the write end of its standard input.
    struct Child {
        var pid: pid_t
        var input: Int32

        /// Waits for the child; its exit status, or 128 + the signal that ended it.
        func wait() -> Int32 {
            close(input)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        }
    }

    /// Starts a program with a pipe on its standard input and its output discarded, without waiting.
    static func start(_ executable: String, _ arguments: [String]) -> Child? {
        var pipe: [Int32] = [-1, -1]
        guard Glibc.pipe(&pipe) == 0 else { return nil }
        let pid = spawn("/bin/bash", ["/bin/bash", "-c", closeInherited, "spawn", executable] + arguments) { actions in
            posix_spawn_file_actions_adddup2(&actions, pipe[0], 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        close(pipe[0])
        guard let pid else { close(pipe[1]); return nil }
        return Child(pid: pid, input: pipe[1])
    }

    /// What a finished run cost: its exit status (128 + N when signal N ended it), standard error,
    /// wall time and peak resident memory.
    struct Measured {
        var status: Int32
        var stderr: String
        var seconds: Double
        var peakMegabytes: Double
    }

    /// Runs a program with standard input from /dev/null and output discarded, killing it after
    /// `timeout` seconds, and measures it (wait4's rusage gives the child's own peak RSS).
    static func measure(_ executable: String, _ arguments: [String], directory: String, timeout: Double = 10) -> Measured {
        let errorPath = NSTemporaryDirectory() + "workshop-stderr-\(UUID().uuidString)"
        defer { unlink(errorPath) }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        let started = Date()
        // The working directory changes in the child only (a test process shares its own).
        let argv = ["/bin/sh", "-c", #"cd "$1" && shift && exec "$@""#, "measure", directory, executable] + arguments
        guard let pid = spawn("/bin/sh", argv, environment: environment.map { "\($0)=\($1)" }, configure: { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }) else {
            return Measured(status: -1, stderr: "cannot start \(executable)", seconds: 0, peakMegabytes: 0)
        }
        var status: Int32 = 0
        var usage = rusage()
        while true {
            let done = wait4(pid, &status, WNOHANG, &usage)
            if done == pid { break }
            if Date().timeIntervalSince(started) > timeout { kill(pid, SIGKILL) }
            usleep(2_000)
        }
        let seconds = Date().timeIntervalSince(started)
        let stderr = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Measured(status: exit, stderr: stderr, seconds: seconds, peakMegabytes: Double(usage.ru_maxrss) / 1024)
    }

    static func run(_ executable: String, _ arguments: [String], captureOutput: Bool = false) -> Result {
        var pipe: [Int32] = [-1, -1]
        if captureOutput { guard Glibc.pipe(&pipe) == 0 else { return Result(status: -1, stdout: "") } }
        let pid = spawn("/bin/bash", ["/bin/bash", "-c", closeInherited, "spawn", executable] + arguments) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            if captureOutput {
                posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
            } else {
                posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            }
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        var output = Data()
        if captureOutput {
            close(pipe[1])
            if pid != nil {
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let count = read(pipe[0], &buffer, buffer.count)
                    if count > 0 { output.append(buffer, count: count) } else if count == 0 || errno != EINTR { break }
                }
            }
            close(pipe[0])
        }
        guard let pid else { return Result(status: -1, stdout: "") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return Result(status: (status >> 8) & 0xff, stdout: String(decoding: output, as: UTF8.self))
    }
}
