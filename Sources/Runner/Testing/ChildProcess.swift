import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process in its own process group, with its output captured and a deadline after which
/// the whole group is killed. Used for hook scripts and the shell backend's bash.
///
/// posix_spawn rather than Foundation's Process: a hook may leave a daemon running, and Process
/// would then wait for it (it learns of the exit through a socket the daemon inherits).
final class ChildProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
    }

    let pid: pid_t
    let stdinWriter: Int32
    let stdoutReader: Int32
    let stderrReader: Int32

    init(arguments: [String], environment: [String: String], directory: String? = nil) throws(ChildProcessError) {
        // glibc's posix_spawn_file_actions_addchdir_np is not visible from Swift: bash changes directory.
        let arguments = directory.map { ["/bin/bash", "-c", #"cd "$0" && exec "$@""#, $0] + arguments } ?? arguments
        var input: [Int32] = [-1, -1], output: [Int32] = [-1, -1], error: [Int32] = [-1, -1]
        guard pipe(&input) == 0, pipe(&output) == 0, pipe(&error) == 0 else { throw ChildProcessError(message: "cannot create pipes") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, error[1], 2)
        for fd in input + output + error { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        // Its own process group, so a timeout kills everything it started.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))
        var pid: pid_t = 0
        let spawned = withSpawnVectors(arguments, environment) { posix_spawnp(&pid, arguments[0], &actions, &attributes, $0, $1) }
        close(input[0]); close(output[1]); close(error[1])
        guard spawned == 0 else {
            close(input[1]); close(output[0]); close(error[0])
            throw ChildProcessError(message: "cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        self.pid = pid
        self.stdinWriter = input[1]
        self.stdoutReader = output[0]
        self.stderrReader = error[0]
        for fd in [output[0], error[0]] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        signal(SIGPIPE, SIG_IGN)
    }

    func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(stdinWriter, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { if errno == EINTR { continue }; return }
            offset += written
        }
    }

    func closeInput() { close(stdinWriter) }

    /// Reads until `done(stdout)` says so, the child's output ends, `stop()` says so (then the
    /// process group is killed), or `deadline` (monotonic seconds) passes. Serves the session's
    /// clients through `pump` meanwhile. Returns what was read and whether the deadline passed.
    func read(until done: (String) -> Bool, deadline: Double, now: () -> Double, pump: CallPump? = nil,
              stop: () -> Bool = { false }) -> (stdout: String, stderr: String, timedOut: Bool, ended: Bool) {
        var out = Data(), err = Data()
        var openOut = true, openErr = true
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while openOut || openErr {
            if done(String(decoding: out, as: UTF8.self)) { break }
            if stop() {
                kill()
                if openOut { drain(stdoutReader, into: &out, buffer: &buffer) }
                if openErr { drain(stderrReader, into: &err, buffer: &buffer) }
                openOut = false
                openErr = false
                break
            }
            let remaining = deadline - now()
            if remaining <= 0 { return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), true, false) }
            var fds = [pollfd(fd: openOut ? stdoutReader : -1, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: openErr ? stderrReader : -1, events: Int16(POLLIN), revents: 0)] + (pump?.descriptors ?? [])
            let timeout = Int32(min(remaining, 0.25) * 1000) + 1
            let ready = pump?.wait(&fds, timeout: timeout) ?? poll(&fds, nfds_t(fds.count), timeout)
            if ready <= 0 { continue }
            pump?.handle(fds[2...])
            for (index, fd) in [stdoutReader, stderrReader].enumerated() where fds[index].revents != 0 {
                let count = Glibc.read(fd, &buffer, buffer.count)
                if count > 0 {
                    if index == 0 { out.append(buffer, count: count) } else { err.append(buffer, count: count) }
                } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                    if index == 0 { openOut = false } else { openErr = false }
                }
            }
        }
        pump?.flush()
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), false, !openOut)
    }

    /// Reads what a killed child left in a pipe (briefly: a grandchild may still hold it open).
    private func drain(_ fd: Int32, into data: inout Data, buffer: inout [UInt8]) {
        for _ in 0..<100 {
            var watched = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&watched, 1, 20) > 0 else { return }
            let count = Glibc.read(fd, &buffer, buffer.count)
            guard count > 0 else { return }
            data.append(buffer, count: count)
        }
    }

    /// Kills the whole process group.
    func kill() {
        _ = Glibc.kill(-pid, SIGKILL)
    }

    /// Waits for the child to exit and returns its status (128 + signal when killed).
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        close(stdoutReader)
        close(stderrReader)
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Runs a program to completion with a timeout (hooks).
    static func run(_ arguments: [String], environment: [String: String], directory: String? = nil, timeout: Double,
                    clock: () -> Double, pump: CallPump? = nil, stop: () -> Bool = { false }) throws(ChildProcessError) -> Result {
        let child = try ChildProcess(arguments: arguments, environment: environment, directory: directory)
        child.closeInput()
        let read = child.read(until: { _ in false }, deadline: clock() + timeout, now: clock, pump: pump, stop: stop)
        if read.timedOut { child.kill() }
        let status = child.wait()
        return Result(status: status, stdout: read.stdout, stderr: read.stderr, timedOut: read.timedOut)
    }
}

struct ChildProcessError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
