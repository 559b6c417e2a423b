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
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipe[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv = ["/bin/bash", "-c", closeInherited, "spawn", executable] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, &attributes, &cArguments, environ)
        close(pipe[0])
        guard spawned == 0 else { close(pipe[1]); return nil }
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
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        // The working directory changes in the child only (a test process shares its own).
        let argv = ["/bin/sh", "-c", #"cd "$1" && shift && exec "$@""#, "measure", directory, executable] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        var cEnvironment: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0)=\($1)") } + [nil]
        defer { cEnvironment.forEach { free($0) } }
        let started = Date()
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArguments, &cEnvironment) == 0 else {
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
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if captureOutput {
            posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        // Test threads block most signals and a spawned child inherits that mask: the tmux server and
        // its panes would then ignore the SIGHUP that `kill-server` sends.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))

        let argv = ["/bin/bash", "-c", closeInherited, "spawn", executable] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, &attributes, &cArguments, environ)
        var output = Data()
        if captureOutput {
            close(pipe[1])
            if spawned == 0 {
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let count = read(pipe[0], &buffer, buffer.count)
                    if count > 0 { output.append(buffer, count: count) } else if count == 0 || errno != EINTR { break }
                }
            }
            close(pipe[0])
        }
        guard spawned == 0 else { return Result(status: -1, stdout: "") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return Result(status: (status >> 8) & 0xff, stdout: String(decoding: output, as: UTF8.self))
    }
}
