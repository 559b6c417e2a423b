import ClusterSim
import Testing
@testable import Actions

/// Large manifests: 10,000 objects in one file, a 50 MB file, objects over the API server's size
/// limits — each gets kubectl's own words and a refused object changes nothing.
@Suite struct KubectlLargeManifestTests {
    func run(_ session: Session, _ arguments: [String], stdin: String) -> CommandResult {
        let output = OutputStreams()
        let status = session.runProgram("kubectl", arguments: arguments, environment: [:], output: output,
                                        input: ProgramInput(directory: "/nonexistent", recorded: ["-": stdin]))
        return CommandResult(stdout: output.stdout, stderr: output.stderr, status: status)
    }

    static func configMap(_ name: String, data: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n  namespace: default\ndata:\n  value: \(data)\n"
    }

    @Test func tenThousandObjectsInOneFileAreAllApplied() {
        let session = Session(simulator: Simulator(scenario: .default))
        let manifest = (0..<10_000).map { Self.configMap("cm-\($0)", data: "v\($0)") }.joined(separator: "---\n")
        let result = run(session, ["apply", "-f", "-"], stdin: manifest)
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").count == 10_000)
        #expect(session.simulator.storedObjects(ResourceKinds.configMap, namespace: "default").count == 10_000)
    }

    @Test func aFiftyMegabyteManifestIsReadAndItsOversizedObjectsRefusedOneByOne() {
        let session = Session(simulator: Simulator(scenario: .default))
        // Fifty ConfigMaps of 1,000,000 bytes: each fits a ConfigMap, none fits apply's annotation.
        let blob = String(repeating: "x", count: 1_000_000)
        let manifest = (0..<50).map { Self.configMap("blob-\($0)", data: blob) }.joined(separator: "---\n")
        #expect(manifest.utf8.count > 50_000_000)
        let applied = run(session, ["apply", "-f", "-"], stdin: manifest)
        #expect(applied.status == 1)
        #expect(applied.stderr.components(separatedBy: "is invalid: metadata.annotations: Too long: may not be more than 262144 bytes\n").count - 1 == 50)
        #expect(session.simulator.storedObjects(ResourceKinds.configMap, namespace: "default").isEmpty)
        // Created without the annotation, they fit.
        let created = run(session, ["create", "-f", "-"], stdin: manifest)
        #expect(created.status == 0)
        #expect(session.simulator.storedObjects(ResourceKinds.configMap, namespace: "default").count == 50)
    }

    @Test func anObjectOverTheRequestLimitIsRefusedBeforeItIsRead() {
        let session = Session(simulator: Simulator(scenario: .default))
        let huge = Self.configMap("huge", data: String(repeating: "x", count: 2_000_000))
        let result = run(session, ["apply", "-f", "-"], stdin: huge)
        #expect(result.stderr == "Error from server (RequestEntityTooLarge): error when creating \"STDIN\": Request entity too large: limit is 3145728\n")
        let tooBigForAConfigMap = run(session, ["create", "-f", "-"], stdin: huge)
        #expect(tooBigForAConfigMap.stderr == "The ConfigMap \"huge\" is invalid: : Too long: may not be more than 1048576 bytes\n")
        #expect(session.simulator.storedObjects(ResourceKinds.configMap, namespace: "default").isEmpty)
    }
}
