import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import SessionBridge

/// The bridge between a session and the clients a real bash runs: its messages and its directory.
@Suite struct BridgeTests {
    @Test func aRequestReadsBackAsItWasSent() throws {
        let request = BridgeRequest(arguments: ["kubectl", "get", "nodes", "-o", "json", "ü"], environment: ["A=1", "EMPTY="],
                                    directory: "/tmp/x y", standardInput: [0, 1, 255])
        #expect(BridgeRequest.decode(request.encoded()) == request)
    }

    @Test func malformedRequestsAreRefusedNotTrusted() {
        let good = BridgeRequest(arguments: ["aws"], environment: [], directory: "/").encoded()
        #expect(BridgeRequest.decode(Array(good.dropLast())) == nil, "cut short")
        #expect(BridgeRequest.decode(good + [0]) == nil, "trailing bytes")
        #expect(BridgeRequest.decode(Array("WSB2".utf8) + good.dropFirst(4)) == nil, "wrong magic")
        #expect(BridgeRequest.decode([]) == nil)
        // A count far beyond the bytes that follow (a hostile length) is refused, not allocated.
        #expect(BridgeRequest.decode(Array("WSB1".utf8) + [0xFF, 0xFF, 0xFF, 0x7F]) == nil)
        #expect(BridgeRequest.decode(BridgeRequest(arguments: [], environment: [], directory: "/").encoded()) == nil, "no program")
    }

    @Test func framesCarryTheirKindAndLength() {
        let frame = BridgeFrame.standardOutput(Array("hi\n".utf8)).encoded()
        #expect(BridgeFrame.header(Array(frame.prefix(5)))! == (1, 3))
        #expect(BridgeFrame.exit(-1).encoded() == [3, 4, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(BridgeFrame.header([9, 0, 0, 0, 0]) == nil)
    }

    @Test func theSessionDirectoryIsPrivateAndGoesWithTheServer() throws {
        let server = try BridgeServer(executable: "/bin/true")
        let attributes = try FileManager.default.attributesOfItem(atPath: server.directory)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        for program in BridgeServer.programs {
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: server.binDirectory + "/" + program) == "/bin/true")
        }
        #expect(FileManager.default.fileExists(atPath: server.socketPath))
        #expect(server.environment(path: "/usr/bin")["PATH"] == server.binDirectory + ":/usr/bin")
        #expect(server.serveWaiting { _, _ in 0 } == 0, "no client waiting: nothing served, nothing blocks")
        server.close()
        #expect(!FileManager.default.fileExists(atPath: server.directory))
        server.close()
    }
}

/// Calls served through a real socket, as a client makes them, and what they leave behind.
@Suite struct BridgeServingTests {
    /// Connects, sends `request` (or raw bytes), and reads the reply frames until the exit frame.
    static func call(_ socketPath: String, request: [UInt8]) -> (output: String, status: Int32?) {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        guard BridgeIO.withAddress(socketPath, { connect(fd, $0, $1) }) == 0, BridgeIO.write(fd, request) else { return ("", nil) }
        var output = ""
        while let header = BridgeIO.read(fd, count: 5), let (kind, length) = BridgeFrame.header(header),
              let payload = BridgeIO.read(fd, count: length) {
            if kind == 3 { return (output, Int32(bitPattern: UInt32(payload[0]) | UInt32(payload[1]) << 8 | UInt32(payload[2]) << 16 | UInt32(payload[3]) << 24)) }
            output += String(decoding: payload, as: UTF8.self)
        }
        return (output, nil)
    }

    static func framed(_ request: BridgeRequest) -> [UInt8] {
        let body = request.encoded()
        return withUnsafeBytes(of: UInt32(body.count).littleEndian) { Array($0) } + body
    }

    /// Sockets bound to `path` that are still open (listening, or accepted and not closed), from
    /// the kernel's table: other tests running meanwhile do not change it, as they would a count
    /// of this process's descriptors.
    static func openSockets(at path: String) -> Int {
        let table = (try? String(contentsOfFile: "/proc/net/unix", encoding: .utf8)) ?? ""
        return table.split(separator: "\n").filter { $0.hasSuffix(" " + path) }.count
    }

    /// 40 clients at once and a malformed one: each answered in full, in arrival order, with the
    /// handler's status; nothing left open once the server is closed.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/net/unix"), "needs /proc/net/unix to see open sockets"))
    func clientsAreAnsweredInOrderAndNothingIsLeftOpen() throws {
        let server = try BridgeServer(executable: "/bin/true")
        let socketPath = server.socketPath
        final class Results: @unchecked Sendable { var replies: [Int: (String, Int32?)] = [:]; let lock = NSLock() }
        let results = Results()
        let group = DispatchGroup()
        for index in 0..<40 {
            DispatchQueue.global().async(group: group) {
                let request = BridgeRequest(arguments: ["kubectl", "get", "nodes", String(index)], environment: ["N=\(index)"], directory: "/")
                let reply = Self.call(socketPath, request: Self.framed(request))
                results.lock.lock(); results.replies[index] = reply; results.lock.unlock()
            }
        }
        DispatchQueue.global().async(group: group) {
            let reply = Self.call(socketPath, request: [4, 0, 0, 0] + Array("junk".utf8))
            results.lock.lock(); results.replies[-1] = reply; results.lock.unlock()
        }
        var order: [Int] = []
        let deadline = Date().addingTimeInterval(20)
        while group.wait(timeout: .now() + .milliseconds(5)) == .timedOut, Date() < deadline {
            server.serveWaiting { request, reply in
                let index = Int(request.arguments.last ?? "") ?? -1
                order.append(index)
                reply.write("\(request.program) \(request.arguments.dropFirst().joined(separator: " "))\n", isError: false)
                reply.write("to stderr\n", isError: true)
                return Int32(index % 7)
            }
        }
        for index in 0..<40 {
            #expect(results.replies[index]?.0 == "kubectl get nodes \(index)\nto stderr\n")
            #expect(results.replies[index]?.1 == Int32(index % 7))
        }
        #expect(order.count == 40 && Set(order) == Set(0..<40), "each call served once")
        #expect(results.replies[-1]?.0.contains("could not read this request") == true)
        #expect(results.replies[-1]?.1 == 2)
        #expect(Self.openSockets(at: socketPath) == 1, "only the listening socket is open between calls")
        server.close()
        #expect(Self.openSockets(at: socketPath) == 0, "nothing left open")
    }
}
