import Foundation
import Testing

/// A session's bridge as hooks meet it: `aws`, `kubectl`, `eksctl` and `sleep` in a real bash reach
/// the simulated cluster through the session's socket; outside a session they say so.
@Suite struct SessionBridgeCommandTests {
    static let jq = ["/usr/bin/jq", "/usr/local/bin/jq"].first { FileManager.default.isExecutableFile(atPath: $0) }

    private func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "workshop-bridge-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Hooks that pipe kubectl's JSON to jq, poll with sleep until a node joins (simulated time), and
    /// hammer the socket (a malformed request, a reader that stops early, 200 clients 50 at a time).
    @Test(.enabled(if: SessionBridgeCommandTests.jq != nil, "jq is not installed (make test installs it)"))
    func hooksReachTheSessionsClusterAndTheSessionOutlivesBadClients() throws {
        let scratch = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let result = try WorkshopBinary.run(["test", "Tests/Fixtures/bridge"], environment: ["TMPDIR": scratch])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("2 blocks: 2 passed, 0 failed"), "\(result.stdout)")
        // The session's directory and socket went with it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).filter { $0.hasPrefix("workshop-session.") }.isEmpty)
    }

    @Test func aClientOutsideASessionSaysSoAndExits127() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let kubectl = directory + "/kubectl"
        try FileManager.default.createSymbolicLink(atPath: kubectl, withDestinationPath: WorkshopBinary.path)
        let outside = try WorkshopBinary.runProgram(kubectl, ["get", "nodes"], environment: ["WORKSHOP_SESSION_SOCKET": ""])
        #expect(outside.status == 127)
        #expect(outside.stdout.isEmpty)
        #expect(outside.stderr.hasPrefix("kubectl: not inside a Workshop session"), "\(outside.stderr)")
        #expect(outside.stderr.split(separator: "\n").count == 1)

        let ended = try WorkshopBinary.runProgram(kubectl, ["get", "nodes"], environment: ["WORKSHOP_SESSION_SOCKET": directory + "/gone.sock"])
        #expect(ended.status == 127)
        #expect(ended.stderr.contains("is not answering (it has ended)"), "\(ended.stderr)")
    }
}
