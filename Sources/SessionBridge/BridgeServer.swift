#if canImport(Glibc)
import Glibc
#endif

/// The session's end of the bridge: a directory of its own (mode 0700) holding a Unix-domain socket
/// and a `bin/` whose `aws`, `kubectl`, `eksctl` and `sleep` are the workshop binary under those
/// names (it acts as a client when called so). A bash with `bin/` first on its PATH and
/// ``BridgeClient/socketVariable`` in its environment reaches the session through them.
///
/// Calls are served one at a time, in arrival order, on the thread that asks
/// (``serveWaiting(_:)``): the simulator is not shared between threads. Only peers with this
/// process's user id are answered (`SO_PEERCRED`). ``close()`` (also on deinit) removes the socket
/// and the directory; a process killed outright leaves a socket no one listens on.
public final class BridgeServer {
    /// The programs a session answers for.
    public static let programs = ["aws", "kubectl", "eksctl", "sleep"]

    public let directory: String
    public let socketPath: String
    /// Put this first on a bash's PATH.
    public let binDirectory: String
    /// Becomes readable when a client connects (for a caller's `poll`).
    public let descriptor: Int32
    private var closed = false

    /// Creates the directory, the program links to `executable` and the listening socket.
    public init(executable: String, temporaryDirectory: String = BridgeServer.defaultTemporaryDirectory) throws(BridgeError) {
        var template = Array((temporaryDirectory + "/workshop-session.XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw BridgeError("cannot create a session directory in \(temporaryDirectory): \(String(cString: strerror(errno)))")
        }
        directory = String(cString: template)
        chmod(directory, 0o700)
        binDirectory = directory + "/bin"
        socketPath = directory + "/session.sock"
        mkdir(binDirectory, 0o700)
        for program in Self.programs where symlink(executable, binDirectory + "/" + program) != 0 {
            let reason = String(cString: strerror(errno))
            Self.remove(directory)
            throw BridgeError("cannot link \(program) in \(binDirectory): \(reason)")
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0, socketPath.utf8.count < 108 else {
            Self.remove(directory)
            throw BridgeError("cannot create the session socket \(socketPath)")
        }
        guard BridgeIO.withAddress(socketPath, { bind(fd, $0, $1) }) == 0, listen(fd, 256) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(fd)
            Self.remove(directory)
            throw BridgeError("cannot listen on \(socketPath): \(reason)")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        descriptor = fd
    }

    public static var defaultTemporaryDirectory: String {
        // A socket path must fit in 108 bytes: a long TMPDIR falls back to /tmp.
        if let tmp = getenv("TMPDIR").map({ String(cString: $0) }), !tmp.isEmpty, tmp.utf8.count < 60 { return tmp }
        return "/tmp"
    }

    /// The environment entries a bash needs to reach this session, given its current PATH.
    public func environment(path: String?) -> [String: String] {
        [BridgeClient.socketVariable: socketPath, "PATH": binDirectory + (path.map { ":" + $0 } ?? "")]
    }

    /// Answers every client already waiting, one after another, with `handler` (which returns the
    /// exit status and writes output through the reply). Returns how many were answered.
    @discardableResult
    public func serveWaiting(_ handler: (BridgeRequest, BridgeReply) -> Int32) -> Int {
        var served = 0
        while !closed {
            let connection = accept(descriptor, nil, nil)
            guard connection >= 0 else { return served }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            defer { Glibc.close(connection) }
            guard Self.peerIsUs(connection) else { continue }
            // A client that stops sending in the middle of its request is not waited for long.
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let reply = BridgeReply(descriptor: connection)
            guard let request = Self.readRequest(connection) else {
                reply.send(.standardError(Array("workshop: the session could not read this request (malformed or over \(BridgeRequest.sizeLimit / 1_048_576) MB)\n".utf8)))
                reply.send(.exit(2))
                continue
            }
            let status = handler(request, reply)
            reply.send(.exit(status))
            served += 1
        }
        return served
    }

    /// Removes the socket and the directory. Safe to call twice.
    public func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(descriptor)
        Self.remove(directory)
    }

    deinit { close() }

    /// Linux's `struct ucred` (behind _GNU_SOURCE, so not visible to Swift): who is at the other end.
    private struct PeerCredentials {
        var pid: pid_t = 0
        var uid: uid_t = 0
        var gid: gid_t = 0
    }

    private static func peerIsUs(_ connection: Int32) -> Bool {
        var credentials = PeerCredentials()
        var length = socklen_t(MemoryLayout<PeerCredentials>.size)
        guard getsockopt(connection, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0,
              length == socklen_t(MemoryLayout<PeerCredentials>.size) else { return false }
        return credentials.uid == getuid()
    }

    private static func readRequest(_ connection: Int32) -> BridgeRequest? {
        guard let header = BridgeIO.read(connection, count: 4) else { return nil }
        let length = Int(header[0]) | Int(header[1]) << 8 | Int(header[2]) << 16 | Int(header[3]) << 24
        guard length <= BridgeRequest.sizeLimit, let body = BridgeIO.read(connection, count: length) else { return nil }
        return BridgeRequest.decode(body)
    }

    private static func remove(_ directory: String) {
        for program in programs { unlink(directory + "/bin/" + program) }
        rmdir(directory + "/bin")
        unlink(directory + "/session.sock")
        rmdir(directory)
    }
}

/// Where a served call writes: frames on the client's connection. A client that went away (its
/// reader closed early, `kubectl get pods | head -1`) makes later writes no-ops.
public final class BridgeReply {
    private let descriptor: Int32
    private var broken = false

    init(descriptor: Int32) { self.descriptor = descriptor }

    public func write(_ text: String, isError: Bool) {
        let bytes = Array(text.utf8)
        send(isError ? .standardError(bytes) : .standardOutput(bytes))
    }

    func send(_ frame: BridgeFrame) {
        guard !broken else { return }
        if !BridgeIO.write(descriptor, frame.encoded()) { broken = true }
    }
}

/// Why the bridge could not be set up.
public struct BridgeError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Whole reads and writes on a socket, retried on interruption; writes never raise SIGPIPE.
enum BridgeIO {
    /// Calls `body` (bind or connect) with the address of the socket at `path`; -1 when the path
    /// does not fit in one (108 bytes).
    static func withAddress(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32 {
        let bytes = Array(path.utf8)
        var address = sockaddr_un()
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return -1 }
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }

    static func read(_ descriptor: Int32, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = bytes.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress! + offset, count - offset, 0) }
            if got > 0 { offset += got; continue }
            if got < 0 && errno == EINTR { continue }
            return nil
        }
        return bytes
    }

    static func write(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent > 0 { offset += sent; continue }
            if sent < 0 && errno == EINTR { continue }
            return false
        }
        return true
    }
}
