import Foundation
import Testing

/// `workshop test` runs blocks in bash as the EKS Workshop harness does, with the simulated cluster
/// behind bash's `aws`, `kubectl`, `eksctl`, `sleep` and `prepare-environment`.
@Suite struct BashBlocksTests {
    static let fixtures = "Tests/Fixtures/harness"

    /// Each block's outcome and standard output, by lesson file name.
    func blocks(_ arguments: [String], environment: [String: String] = [:]) throws -> [String: [(outcome: String, stdout: String, stderr: String)]] {
        let result = try WorkshopBinary.run(["test"] + arguments + ["--format", "json"], environment: environment)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        var byFile: [String: [(String, String, String)]] = [:]
        for lesson in document["lessons"] as? [[String: Any]] ?? [] {
            let name = ((lesson["file"] as? String) ?? "").split(separator: "/").last.map(String.init) ?? ""
            byFile[name] = (lesson["blocks"] as? [[String: Any]] ?? []).map {
                ($0["outcome"] as? String ?? "", $0["stdout"] as? String ?? "", $0["stderr"] as? String ?? "")
            }
        }
        return byFile
    }

    @Test func exportedVariablesCarryOverAndNothingElseDoes() throws {
        let state = try #require(try blocks([Self.fixtures + "/state.md"])["state.md"])
        #expect(state.map(\.outcome) == ["passed", "passed", "passed", "passed", "passed", "passed"])
        #expect(state[1].stdout == "kept=exported plain=unset dir=work\nno function\n", "fresh bash per block: only exports survive")
        #expect(state[3].stdout == "lost=unset\n", "a block that failed under expectError passes nothing on")
        #expect(state[4].stdout == "0\n", "no pipefail: the pipeline's status is wc's")
        #expect(state[5].stderr.contains("no-such-program: command not found"))
    }

    @Test func prepareEnvironmentResetsTheClusterToTheModuleScenario() throws {
        let reset = try #require(try blocks([Self.fixtures + "/reset.md"])["reset.md"])
        #expect(reset.map(\.outcome) == ["passed", "passed"])
        #expect(reset[0].stdout == "InProgress\n1\n")
        #expect(reset[1].stdout.hasSuffix("Environment is ready\n0\n2\n"), "fresh cluster, from scenarios/fundamentals/mng.yaml (2 nodes)")
    }

    @Test(.enabled(if: WorkshopBinary.isInstalled("jq"), "jq is not installed (make test installs it)")) func theShellLessonPassesAndItsCallsReachTheCluster() throws {
        let lesson = try #require(try blocks(["script-the-upgrade"])["script-the-upgrade.md"])
        #expect(lesson.allSatisfy { $0.outcome == "passed" }, "\(lesson)")
        #expect(lesson[3].stdout == "update Successful\n")
        #expect(lesson[4].stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("node/ip-") })
    }

    @Test func theShellBackendIsTheSameBashWithoutClients() throws {
        // No aws on this PATH: the real-cluster backend's bash finds none, as a machine without it would.
        let state = try #require(try blocks([Self.fixtures + "/state.md", "--backend", "shell"], environment: ["PATH": "/usr/bin:/bin"])["state.md"])
        #expect(state[1].stdout == "kept=exported plain=unset dir=work\nno function\n")
        #expect(state[4].stdout == "0\n")
    }

    @Test func sessionsLeaveNothingBehind() throws {
        // A private TMPDIR: other tests running at the same time make session directories of their own.
        let temporary = NSTemporaryDirectory() + "workshop-tmp-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        _ = try blocks([Self.fixtures, "--jobs", "2"], environment: ["TMPDIR": temporary])
        _ = try blocks([Self.fixtures, "--backend", "shell"], environment: ["TMPDIR": temporary])
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty, "a session left its directory behind")
    }
}
