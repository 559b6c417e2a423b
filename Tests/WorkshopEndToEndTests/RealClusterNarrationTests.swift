import Foundation
import Testing

/// The guided shell on a "real" cluster — `workshop serve` reached through the real `aws` and
/// `kubectl` — narrates an upgrade as it narrates the simulator's: the same observer, fed by the
/// CLIs instead of the simulator's queries. Skipped when the real clients are missing.
@Suite(.serialized) struct RealClusterNarrationTests {
    static let clientsPresent = ServeCommandTests.hasAWS && ServeCommandTests.hasKubectl

    static let lines = """
        aws eks update-nodegroup-version --cluster-name eks-workshop --nodegroup-name default --query update.status --output text
        aws eks wait nodegroup-active --cluster-name eks-workshop --nodegroup-name default
        echo finished

        """

    /// The narration lines (`▸ …`) of a guided session's output.
    static func narration(_ output: String) -> [String] {
        output.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "▸ ") else { return nil }
            return String(line[range.upperBound...])
        }
    }

    /// A guided shell with the real CLIs against `server`, the lines typed in.
    static func realSession(_ server: ServeCommandTests.Server, lesson: String = "upgrade-ami", record: String? = nil) throws -> WorkshopBinary.Result {
        var environment = server.environment
        let tools = [ServeCommandTests.Server.which("aws")!, ServeCommandTests.Server.which("kubectl")!]
            .map { ($0 as NSString).deletingLastPathComponent }
        environment["PATH"] = (tools + ["/usr/local/bin", "/usr/bin", "/bin"]).joined(separator: ":")
        environment["EKS_CLUSTER_NAME"] = "eks-workshop"
        return try WorkshopBinary.run(["run", lesson, "--cluster", "real", "--observe-every", "2"] + (record.map { ["--record", $0] } ?? []),
                                      stdin: lines, environment: environment)
    }

    @Test(.enabled(if: clientsPresent, "needs the real aws (pip install awscli) and kubectl"))
    func everyPhaseOfARealUpgradeIsNarratedInOrderInTheSimulatorsWords() throws {
        let server = try ServeCommandTests.Server(["--speed", "60"])
        let recording = server.directory + "/real.cast"
        let real = try Self.realSession(server, record: recording)
        #expect(real.status == 0, "\(real.stderr)")
        let told = Self.narration(real.stdout).map { $0.replacingOccurrences(of: " (already over when Workshop looked)", with: "") }
        let simulated = Self.narration(try WorkshopBinary.run(["run", "upgrade-ami", "--speed", "max"], stdin: Self.lines).stdout)
        // The milestones, in order, word for word as the simulated session tells them (same seed, same cluster).
        let milestones = ["EKS accepted the update", "Phase 1/4", "Phase 2/4", "Phase 3/4", "Phase 4/4", "Update "]
        var last = -1
        for milestone in milestones {
            let realLine = try #require(told.firstIndex { $0.hasPrefix(milestone) }, "\(milestone) not narrated: \(told)")
            #expect(realLine > last, "\(milestone) out of order: \(told)")
            last = realLine
            #expect(simulated.contains(told[realLine]), "words differ from the simulated session's: \(told[realLine])")
        }
        // Every old node was seen drained and terminated, as on the simulator.
        #expect(told.filter { $0.hasPrefix("EKS is draining ") }.count == 3, "\(told)")
        #expect(told.filter { $0.hasPrefix("Terminating i-") }.count == 3, "\(told)\n\(real.stdout)")
        let order = real.stdout.range(of: "InProgress\n").map { real.stdout[$0.upperBound...] } ?? ""
        #expect(order.contains("EKS accepted the update"), "the acceptance is told after the command's own answer")
        // The recording of a real cluster keeps what was seen, so its upgrade can be drawn.
        let picture = server.directory + "/real.svg"
        let drawn = try WorkshopBinary.run(["timeline", recording, "--svg", picture])
        #expect(drawn.status == 0, "\(drawn.stderr)")
        let svg = (try? String(contentsOfFile: picture, encoding: .utf8)) ?? ""
        #expect(svg.contains("(real cluster)") && svg.contains("node group default: Successful"), "\(svg.prefix(2000))")
        #expect(svg.components(separatedBy: "data-node=").count - 1 >= 6, "the old and the new nodes have rows")
    }

    @Test(.enabled(if: clientsPresent, "needs the real aws (pip install awscli) and kubectl"))
    func aBlockingBudgetAndTheFailedUpdateAreExplained() throws {
        let scenario = NSTemporaryDirectory() + "pdb-blocks-\(UUID().uuidString).yaml"
        try "faults: [pdb-blocks]\n".write(toFile: scenario, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: scenario) }
        let server = try ServeCommandTests.Server(["--speed", "60", "--scenario", scenario])
        let real = try Self.realSession(server)
        let told = Self.narration(real.stdout)
        let blocked = told.firstIndex { $0.hasPrefix("Evictions from ip-") && $0.contains("are being refused: PodDisruptionBudget ") }
        let failed = told.firstIndex { $0.hasPrefix("The update failed: PodEvictionFailure") && $0.contains("kubectl get pdb -A") }
        #expect(blocked != nil && failed != nil, "\(told)")
        if let blocked, let failed { #expect(blocked < failed) }
    }

    @Test func withoutAClusterNameOrAnyCLITheShellSaysWhyItIsQuiet() throws {
        let directory = NSTemporaryDirectory() + "workshop-quiet-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // An `aws` that refuses, as one without permission does.
        try "#!/bin/sh\necho 'An error occurred (AccessDeniedException) when calling the ListClusters operation: User is not authorized' >&2\nexit 254\n"
            .write(toFile: directory + "/aws", atomically: true, encoding: .utf8)
        chmod(directory + "/aws", 0o755)
        let result = try WorkshopBinary.run(["run", "find-amis", "--cluster", "real"], stdin: "echo hello\nkubectl get nodes\n",
                                            environment: ["PATH": directory + ":/usr/bin:/bin", "EKS_CLUSTER_NAME": ""])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Narration is off: set EKS_CLUSTER_NAME"), "\(result.stdout)")
        #expect(result.stdout.contains("hello\n"))
    }
}
