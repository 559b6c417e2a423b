import ClusterSim
import Testing
@testable import Actions

/// Objects over the API server's size limits get kubectl's own words and change nothing. (The
/// 10,000-object file and the 50 MB manifest run through the built binary: `LargeManifestTests`.)
@Suite struct KubectlLargeManifestTests {
    static func configMap(_ name: String, data: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n  namespace: default\ndata:\n  value: \(data)\n"
    }

    @Test func anObjectOverTheRequestLimitIsRefusedBeforeItIsRead() {
        let session = Session(simulator: Simulator(scenario: .default))
        let huge = Self.configMap("huge", data: String(repeating: "x", count: 2_000_000))
        let result = session.kubectl(["apply", "-f", "-"], stdin: huge)
        #expect(result.stderr == "Error from server (RequestEntityTooLarge): error when creating \"STDIN\": Request entity too large: limit is 3145728\n")
        let tooBigForAConfigMap = session.kubectl(["create", "-f", "-"], stdin: huge)
        #expect(tooBigForAConfigMap.stderr == "The ConfigMap \"huge\" is invalid: : Too long: may not be more than 1048576 bytes\n")
        #expect(session.simulator.storedObjects(ResourceKinds.configMap, namespace: "default").isEmpty)
    }
}
