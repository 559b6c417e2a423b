#if canImport(Glibc)
import Glibc
#endif

/// The client end: what the workshop binary does when it runs as `aws`, `kubectl`, `eksctl` or
/// `sleep` (or `prepare-environment`) inside a session. It sends its arguments, environment, working directory and (when an
/// argument says to read it, `-f -`) standard input, then relays the session's output byte for byte
/// and exits with the status the session gives.
public enum BridgeClient {
    /// The environment variable that names the session's socket.
    public static let socketVariable = "WORKSHOP_SESSION_SOCKET"

    /// When this process was started under one of ``BridgeServer/programs``' names (a session's
    /// `bin/` links to it), runs as that program through the session and returns the exit status;
    /// nil otherwise.
    public static func runAsInvoked() -> Int32? {
        let invokedAs = CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? ""
        guard BridgeServer.programs.contains(invokedAs) else { return nil }
        return run([invokedAs] + CommandLine.arguments.dropFirst())
    }

    /// Runs `arguments` (the program's name first) through the session; returns the exit status.
    public static func run(_ arguments: [String]) -> Int32 {
        let program = arguments.first ?? "workshop"
        guard let path = getenv(socketVariable).map({ String(cString: $0) }), !path.isEmpty else {
            complain("\(program): not inside a Workshop session (\(socketVariable) is not set): this \(program) reaches only a Workshop session's cluster; run it from `workshop run` or a lesson hook under `workshop test`, or use the real \(program)")
            return 127
        }
        let connection = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard connection >= 0, BridgeIO.withAddress(path, { connect(connection, $0, $1) }) == 0 else {
            complain("\(program): the Workshop session at \(path) is not answering (it has ended): start the lesson again")
            return 127
        }
        defer { close(connection) }
        let request = BridgeRequest(arguments: arguments, environment: environment(), directory: currentDirectory(),
                                    standardInput: arguments.dropFirst().contains("-") ? readAll(0) : [])
        var body = request.encoded()
        guard body.count <= BridgeRequest.sizeLimit else {
            complain("\(program): the request is over \(BridgeRequest.sizeLimit / 1_048_576) MB (arguments, environment and input together)")
            return 2
        }
        body = withUnsafeBytes(of: UInt32(body.count).littleEndian) { Array($0) } + body
        guard BridgeIO.write(connection, body) else {
            complain("\(program): the Workshop session stopped answering")
            return 127
        }
        // Ctrl-C, SIGTERM and SIGHUP reach the running action: the client shuts its end of the
        // connection, the session stops the action (a wait, a watch, a sleep), the answer so far
        // is relayed, and the client then dies of the signal, as the real program would.
        var stopping = sigset_t()
        sigemptyset(&stopping)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&stopping, signal) }
        var previous = sigset_t()
        sigprocmask(SIG_BLOCK, &stopping, &previous)
        var received: Int32 = 0
        defer {
            if received != 0 {
                signal(received, SIG_DFL)
                sigprocmask(SIG_SETMASK, &previous, nil)
                raise(received)
            }
            sigprocmask(SIG_SETMASK, &previous, nil)
        }
        while true {
            // Blocked signals stay pending; a short poll looks for them between the session's frames.
            var watched = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            let ready = poll(&watched, 1, received == 0 ? 50 : -1)
            if received == 0 {
                var pending = sigset_t()
                sigpending(&pending)
                for signal in [SIGINT, SIGTERM, SIGHUP] where sigismember(&pending, signal) == 1 {
                    var one = sigset_t()
                    sigemptyset(&one)
                    sigaddset(&one, signal)
                    var zero = timespec(tv_sec: 0, tv_nsec: 0)
                    _ = sigtimedwait(&one, nil, &zero)
                    if received == 0 {
                        received = signal
                        shutdown(connection, Int32(SHUT_WR))
                    }
                }
            }
            if ready <= 0 { continue }
            guard let header = BridgeIO.read(connection, count: 5), let (kind, length) = BridgeFrame.header(header),
                  let payload = BridgeIO.read(connection, count: length) else {
                if received != 0 { return 128 + received }
                complain("\(program): the Workshop session stopped answering in the middle of the call")
                return 127
            }
            switch kind {
            case 1: if !writeAll(1, payload) { return 141 }  // our reader went away, as SIGPIPE would say
            case 2: _ = writeAll(2, payload)
            default:
                guard payload.count == 4 else { return 127 }
                return Int32(bitPattern: UInt32(payload[0]) | UInt32(payload[1]) << 8 | UInt32(payload[2]) << 16 | UInt32(payload[3]) << 24)
            }
        }
    }

    private static func environment() -> [String] {
        var entries: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            entries.append(String(cString: entry))
            pointer += 1
        }
        return entries
    }

    private static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(cString: buffer)
    }

    private static func readAll(_ descriptor: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while bytes.count <= BridgeRequest.sizeLimit {
            let count = read(descriptor, &chunk, chunk.count)
            if count > 0 { bytes.append(contentsOf: chunk[..<count]); continue }
            if count < 0 && errno == EINTR { continue }
            break
        }
        return bytes
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written > 0 { offset += written; continue }
            if written < 0 && errno == EINTR { continue }
            return false
        }
        return true
    }

    private static func complain(_ message: String) {
        _ = writeAll(2, Array((message + "\n").utf8))
    }
}
