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
    public static let programs = ["aws", "kubectl", "eksctl", "sleep", "prepare-environment"]

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

    /// Takes the next waiting client and reads its request; nil when none is waiting. A client
    /// with another user id is turned away; a malformed or oversized request is answered with an
    /// error and status 2 here, and the next client is taken.
    ///
    /// The call's reply is buffered and written without blocking (``BridgeReply/flush()``), so a
    /// client that is slow to read its answer never stalls the session.
    public func acceptCall() -> BridgeCall? {
        while !closed {
            let connection = accept(descriptor, nil, nil)
            guard connection >= 0 else { return nil }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            guard Self.peerIsUs(connection) else { Glibc.close(connection); continue }
            // A client that stops sending in the middle of its request is not waited for long.
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let request = Self.readRequest(connection)
            _ = fcntl(connection, F_SETFL, fcntl(connection, F_GETFL) | O_NONBLOCK)
            let reply = BridgeReply(descriptor: connection)
            guard let request else {
                reply.write("workshop: the session could not read this request (malformed or over \(BridgeRequest.sizeLimit / 1_048_576) MB)\n", isError: true)
                reply.finish(status: 2)
                reply.drain()
                continue
            }
            return BridgeCall(request: request, reply: reply)
        }
        return nil
    }

    /// Answers every client already waiting, one after another, with `handler` (which returns the
    /// exit status and writes output through the reply), each reply written out before the next
    /// client is taken. Returns how many were answered.
    @discardableResult
    public func serveWaiting(_ handler: (BridgeRequest, BridgeReply) -> Int32) -> Int {
        var served = 0
        while let call = acceptCall() {
            call.reply.finish(status: handler(call.request, call.reply))
            call.reply.drain()
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

/// One client's call: what it asked, and where its answer goes.
public final class BridgeCall {
    public let request: BridgeRequest
    public let reply: BridgeReply

    init(request: BridgeRequest, reply: BridgeReply) {
        self.request = request
        self.reply = reply
    }
}

/// Where a served call writes: frames on the client's connection, buffered and sent without
/// blocking. A client that went away (its reader closed early, `kubectl get pods | head -1`) makes
/// later writes no-ops. The connection closes once the exit frame is sent.
public final class BridgeReply {
    /// The connection; poll it for `POLLOUT` while ``isDone`` is false.
    public let descriptor: Int32
    private var pending: [UInt8] = []
    private var sent = 0
    private var finished = false
    private var broken = false
    private var closed = false

    init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { closeConnection() }

    public func write(_ text: String, isError: Bool) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return }
        send(isError ? .standardError(bytes) : .standardOutput(bytes))
    }

    /// Queues the exit frame: the call is over once it is sent.
    public func finish(status: Int32) {
        guard !finished else { return }
        send(.exit(status))
        finished = true
        if isDone { closeConnection() }
    }

    /// True once everything was sent after ``finish(status:)``, or the client went away.
    public var isDone: Bool { broken || (finished && sent == pending.count) }

    /// Sends what the socket takes now; returns ``isDone``.
    @discardableResult
    public func flush() -> Bool {
        while !broken && sent < pending.count {
            let count = pending.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + sent, pending.count - sent, Int32(MSG_NOSIGNAL)) }
            if count > 0 { sent += count; continue }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { break }
            broken = true
        }
        if sent == pending.count && sent > 0 {
            pending.removeAll(keepingCapacity: true)
            sent = 0
        }
        if isDone { closeConnection() }
        return isDone
    }

    /// Sends everything, waiting for the client to read it (at most `seconds` without progress).
    public func drain(seconds: Int32 = 10) {
        while !flush() {
            var fd = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            if poll(&fd, 1, seconds * 1000) <= 0 { broken = true }
        }
    }

    /// True when the client stopped the call: it shut its end (Ctrl-C or SIGTERM on the client)
    /// or closed the connection (killed, or its output pipe closed).
    public var clientStopped: Bool {
        guard !closed else { return true }
        if broken { return true }
        var fd = pollfd(fd: descriptor, events: Int16(POLLIN) | Self.peerHungUp, revents: 0)
        guard poll(&fd, 1, 0) > 0 else { return false }
        if fd.revents & (Self.peerHungUp | Int16(POLLHUP) | Int16(POLLERR)) != 0 { return true }
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT)) == 0
    }

    /// Linux's POLLRDHUP (behind _GNU_SOURCE): the peer shut its writing end.
    private static let peerHungUp: Int16 = 0x2000

    private func send(_ frame: BridgeFrame) {
        guard !broken && !closed else { return }
        pending += frame.encoded()
        flush()
    }

    private func closeConnection() {
        guard !closed else { return }
        closed = true
        Glibc.close(descriptor)
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
