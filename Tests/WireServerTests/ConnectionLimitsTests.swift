import Foundation
import Testing
import WireServer

/// What a misbehaving client meets on the socket: a connection trickling its request head is closed
/// at the idle deadline, a body that does not arrive in time gets 408, an oversized one 413 — and the
/// server goes on answering others.
@Suite(.serialized) struct ConnectionLimitsTests {
    /// A raw TCP connection to the served port.
    final class Connection: @unchecked Sendable {
        let fd: Int32

        init?(port: Int) {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            guard connected else { close(fd); return nil }
            // Generous: under a loaded test run the server's tasks may wait long for a thread; what
            // is checked is what the server answers, not how fast.
            var timeout = timeval(tv_sec: 90, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit { close(fd) }

        @discardableResult
        func send(_ text: String) -> Bool {
            text.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) } >= 0
        }

        /// Everything until the server closes the connection (or 90 s pass).
        func readToEnd() -> String {
            var data = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count <= 0 { break }
                data += buffer[..<count]
            }
            return String(decoding: data, as: UTF8.self)
        }
    }

    @Test func aClientTricklingItsRequestHeadIsCutOffAtTheIdleDeadline() async throws {
        let served = try await ServedCluster(idleTimeout: .seconds(1))
        let slow = try #require(Connection(port: served.port))
        // A header line every 300 ms, never a complete head, until the server hangs up (a send then
        // fails). Blocking sleeps: the pace must not depend on how busy the test's threads are.
        // On a thread of its own, so the test holds none of the concurrency pool's few threads.
        let (sent, reply) = await onOwnThread { () -> (Int, String) in
            slow.send("GET /version HTTP/1.1\r\nHost: x\r\n")
            var sent = 0
            while sent < 40 {
                usleep(300_000)
                guard slow.send("X-Slow-\(sent): 1\r\n") else { break }
                sent += 1
            }
            return (sent, slow.readToEnd())
        }
        #expect(sent < 40, "the server kept a connection that never completed its request head for 12 s")
        #expect(!reply.contains("gitVersion"), "a head that never completed was answered: \(reply)")
        let other = await served.real(["/usr/bin/env", "python3", "-c", "import urllib.request;print(urllib.request.urlopen('http://127.0.0.1:\(served.port)/version').status)"])
        #expect(other.stdout == "200\n", "\(other.stderr)")
    }

    @Test func aBodyThatDoesNotArriveInTimeIs408AndAnOversizedOne413() async throws {
        let served = try await ServedCluster(bodyTimeout: .seconds(1))
        let slow = try #require(Connection(port: served.port))
        slow.send("POST /clusters/eks-workshop/node-groups/default/update-config HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"sca")
        let reply = await onOwnThread { slow.readToEnd() }
        #expect(reply.hasPrefix("HTTP/1.1 408"), "\(reply)")
        #expect(reply.contains("RequestTimeoutException"))
        let big = try #require(Connection(port: served.port))
        big.send("POST /clusters/eks-workshop/node-groups/default/update-config HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(4 << 20)\r\nConnection: close\r\n\r\n")
        big.send(String(repeating: "x", count: 1 << 16))
        let refused = await onOwnThread { big.readToEnd() }
        #expect(refused.hasPrefix("HTTP/1.1 413"), "\(refused.prefix(200))")
    }
}
