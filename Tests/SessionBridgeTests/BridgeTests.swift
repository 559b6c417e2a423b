import Foundation
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
