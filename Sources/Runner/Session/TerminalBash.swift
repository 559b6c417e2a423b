import CPseudoTerminal
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The guided shell's bash: one interactive bash for the whole session, on a pseudo-terminal of
/// its own, so typed lines and blocks run as in any terminal (`cd`, functions and plain variables
/// persist; pipes, loops, jobs, `jq` and the rest are real) and Ctrl-C reaches the foreground job
/// through the terminal's line discipline.
///
/// Lines are written to the terminal as if typed; what the terminal shows is relayed, byte for
/// byte, until bash reports the line's status (an escape sequence from `PROMPT_COMMAND`, which is
/// taken out of the output). Echo is off: the guided shell already showed the line it read.
public final class TerminalBash {
    /// The pseudo-terminal's controlling side.
    private let master: Int32
    private let pid: pid_t
    private var ended = false
    /// Set once bash's start-up reports were read.
    private var ready = false
    private let directory: String
    /// The sequence bash prints when a line is done: OSC 6973 ; status BEL.
    private static let doneOpener: [UInt8] = Array("\u{1B}]6973;".utf8)

    /// Starts `bash -i` in `directory` with `environment`, on a terminal `columns` × `rows`.
    public init(environment: [String: String], directory: String, columns: Int = 100, rows: Int = 40) throws {
        var name = [CChar](repeating: 0, count: 128)
        let master = cpt_open(&name, name.count)
        guard master >= 0 else {
            throw TerminalBashError("cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        let slave = open(name, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { close(master); throw TerminalBashError("cannot open the terminal \(String(cString: name))") }
        _ = cpt_set_window_size(master, UInt16(clamping: rows), UInt16(clamping: columns))
        // Output exactly as programs write it (no \r added), and no echo of the lines we send: set
        // on the terminal before bash starts, so no `stty` has to run.
        var settings = termios()
        if tcgetattr(slave, &settings) == 0 {
            settings.c_lflag &= ~tcflag_t(ECHO | ECHONL)
            settings.c_oflag &= ~tcflag_t(ONLCR)
            tcsetattr(slave, TCSANOW, &settings)
        }
        var environment = environment
        environment["PS1"] = ""
        environment["PS2"] = ""
        environment["PROMPT_COMMAND"] = #"printf '\033]6973;%d\007' "$?""#
        environment["TERM"] = environment["TERM"] ?? "xterm-256color"
        environment["HISTFILE"] = "/dev/null"
        // setsid -c: a session of its own whose controlling terminal is this one, so bash runs job
        // control and Ctrl-C (written to the terminal) interrupts its foreground job.
        let arguments = ["/usr/bin/setsid", "-c", "/bin/bash", "--noprofile", "--norc", "--noediting", "-i"]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for target in 0...2 { posix_spawn_file_actions_adddup2(&actions, slave, Int32(target)) }
        posix_spawn_file_actions_addclose(&actions, slave)
        // glibc's posix_spawn_file_actions_addchdir_np is not visible from Swift: chdir around the spawn
        // would race other threads, so bash is sent a `cd` before the first line it runs.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT, SIGTSTP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var child: pid_t = 0
        let spawned = withSpawnVectors(arguments, environment) { posix_spawn(&child, arguments[0], &actions, &attributes, $0, $1) }
        close(slave)
        guard spawned == 0 else {
            close(master)
            throw TerminalBashError("cannot start bash: \(String(cString: strerror(spawned)))")
        }
        self.master = master
        self.pid = child
        // bash starts while the lesson is shown; its first prompt is awaited (and it is sent into
        // the session's directory) only before the first line it is given. Input written before
        // that first prompt may be discarded as bash sets the terminal up.
        self.directory = directory
    }

    deinit { end() }

    /// Runs `line` (one or more lines of bash) as if typed, relaying what the terminal shows to
    /// `output` as it comes; serves `pump` meanwhile. Returns the status bash reports, or nil when
    /// bash ended (`exit`).
    @discardableResult
    /// - Parameter idle: called whenever 50 ms pass with nothing to relay (narration is shown there).
    func run(_ line: String, output: (String) -> Void, pump: CallPump? = nil, interrupted: () -> Bool = { false },
             idle: () -> Void = {}) -> Int32? {
        if !ready {
            ready = true
            if wait(output: { _ in }, pump: nil, interrupted: { false }) != nil {
                write(Array("cd \(ShellQuoting.quote(directory))\n".utf8))
                _ = wait(output: { _ in }, pump: nil, interrupted: { false })
            }
        }
        guard !ended else { return nil }
        // A report bash made since the last line (a Ctrl-C that reached it at its prompt) must not
        // be taken for this line's: what is waiting is shown, its reports dropped.
        var waiting: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var probe = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        while poll(&probe, 1, 0) > 0 {
            let count = read(master, &chunk, chunk.count)
            guard count > 0 else { break }
            waiting += chunk[..<count]
        }
        while let (text, _, more) = Self.splitDone(waiting) {
            if !text.isEmpty { output(String(decoding: text, as: UTF8.self)) }
            waiting = more
        }
        if !waiting.isEmpty { output(String(decoding: waiting, as: UTF8.self)) }
        write(Array((line.hasSuffix("\n") ? line : line + "\n").utf8))
        return wait(output: output, pump: pump, interrupted: interrupted, idle: idle)
    }

    /// Relays the terminal until bash reports a line done; its status, or nil when bash ended.
    private func wait(output: (String) -> Void, pump: CallPump?, interrupted: () -> Bool, idle: () -> Void = {}) -> Int32? {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        // A stop that stays asked for (SIGTERM, SIGHUP) sends one Ctrl-C a second, not one per poll:
        // a second Ctrl-C reaching bash itself at its prompt would report another line done.
        var lastInterrupt = -Double.infinity
        while true {
            if interrupted() {
                let now = Self.monotonicSeconds()
                if now - lastInterrupt >= 1 {
                    interrupt()
                    lastInterrupt = now
                }
            }
            var fds = [pollfd(fd: master, events: Int16(POLLIN), revents: 0)] + (pump?.descriptors ?? [])
            let ready = pump?.wait(&fds, timeout: 50) ?? poll(&fds, nfds_t(fds.count), 50)
            if ready <= 0 {
                idle()
                continue
            }
            pump?.handle(fds[1...])
            guard fds[0].revents != 0 else { continue }
            let count = read(master, &buffer, buffer.count)
            if count <= 0 {
                if count < 0 && errno == EINTR { continue }
                if !pending.isEmpty { output(String(decoding: pending, as: UTF8.self)) }
                ended = true
                return nil
            }
            pending += buffer[..<count]
            if let (before, status, after) = Self.splitDone(pending) {
                if !before.isEmpty { output(String(decoding: before, as: UTF8.self)) }
                // Anything after the sequence belongs to a background job; it is shown, not lost
                // (further reports of lines done, from a Ctrl-C bash itself got, are taken out).
                var rest = after
                while let (text, _, more) = Self.splitDone(rest) {
                    if !text.isEmpty { output(String(decoding: text, as: UTF8.self)) }
                    rest = more
                }
                if !rest.isEmpty { output(String(decoding: rest, as: UTF8.self)) }
                return status
            }
            // Keep back only what could be the start of the sequence.
            let keep = Self.possibleOpenerSuffix(pending)
            if pending.count > keep {
                output(String(decoding: pending[..<(pending.count - keep)], as: UTF8.self))
                pending.removeFirst(pending.count - keep)
            }
        }
    }

    /// Relays what the terminal shows for up to `seconds` (a paced wait lets a watch's rows
    /// through as they come) without waiting for a line's end.
    func relay(for seconds: Double, output: (String) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var fd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&fd, 1, Int32(seconds * 1000)) > 0 else { return }
        let count = read(master, &buffer, buffer.count)
        if count > 0 { output(String(decoding: buffer[..<count], as: UTF8.self)) }
    }

    private static func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Ctrl-C, as a terminal sends it: the line discipline interrupts the foreground job.
    public func interrupt() { write([0x03]) }

    /// Tells bash's programs the terminal's new size (they get SIGWINCH).
    public func resize(columns: Int, rows: Int) {
        _ = cpt_set_window_size(master, UInt16(clamping: rows), UInt16(clamping: columns))
    }

    /// The window size of the terminal on `descriptor`; nil when it is not a terminal.
    public static func windowSize(_ descriptor: Int32) -> (columns: Int, rows: Int)? {
        var rows: UInt16 = 0, columns: UInt16 = 0
        guard cpt_window_size(descriptor, &rows, &columns) == 0, rows > 0, columns > 0 else { return nil }
        return (Int(columns), Int(rows))
    }

    /// Ends bash (and every job it started) and waits for it.
    public func end() {
        guard master >= 0 else { return }
        if !ended {
            ended = true
            _ = kill(pid, SIGHUP)
            _ = kill(pid, SIGCONT)
        }
        var status: Int32 = 0
        // bash leaves within a millisecond or two of SIGHUP; a second at most is waited for.
        for _ in 0..<1000 {
            if waitpid(pid, &status, WNOHANG) != 0 { break }
            usleep(1_000)
        }
        if waitpid(pid, &status, WNOHANG) == 0 {
            _ = kill(pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
        }
        close(master)
    }

    private func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(master, $0.baseAddress! + offset, bytes.count - offset) }
            if written > 0 { offset += written; continue }
            if written < 0 && errno == EINTR { continue }
            return
        }
    }

    /// Output before the done sequence, the status it carries, and output after it.
    static func splitDone(_ bytes: [UInt8]) -> ([UInt8], Int32, [UInt8])? {
        let opener = doneOpener
        guard bytes.count >= opener.count else { return nil }
        var index = 0
        while index + opener.count <= bytes.count {
            if bytes[index] == 0x1B, Array(bytes[index..<(index + opener.count)]) == opener {
                var end = index + opener.count
                var digits = ""
                while end < bytes.count, bytes[end] != 0x07 { digits.append(Character(UnicodeScalar(bytes[end]))); end += 1 }
                guard end < bytes.count else { return nil }
                return (Array(bytes[..<index]), Int32(digits) ?? 1, Array(bytes[(end + 1)...]))
            }
            index += 1
        }
        return nil
    }

    /// How many trailing bytes could begin the done sequence (kept until more arrives).
    static func possibleOpenerSuffix(_ bytes: [UInt8]) -> Int {
        if let escape = bytes.lastIndex(of: 0x1B) {
            let tail = bytes[escape...]
            if tail.count < doneOpener.count { return Array(doneOpener.prefix(tail.count)) == Array(tail) ? tail.count : 0 }
            if Array(tail.prefix(doneOpener.count)) == doneOpener { return tail.count }  // status digits still coming
        }
        return 0
    }
}

/// Why the guided shell's bash could not start.
public struct TerminalBashError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
