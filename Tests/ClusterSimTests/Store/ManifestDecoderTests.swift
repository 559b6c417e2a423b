import JSON
import Testing
@testable import ClusterSim

/// A manifest's values read as kubectl's YAML reader reads them: plain scalars become null,
/// booleans, numbers or strings (YAML 1.1's words); quoted or `!!str`-tagged ones stay strings.
@Suite struct ManifestDecoderTests {
    @Test func scalarsReadAsKubectlReadsThem() throws {
        let yaml = """
        base: &base
          team: search
        labels:
          <<: *base
          tier: web
        replicas: 3
        ratio: 0.5
        paused: false
        legacy: yes
        empty: ~
        quoted: "3"
        tagged: !!str 42
        version: 1.27
        image: nginx:1.27
        """
        let document = try #require(try ManifestDecoder.documents(yaml).first)
        #expect(document["replicas"] == .int(3))
        #expect(document["ratio"] == .double(0.5))
        #expect(document["paused"] == .bool(false))
        #expect(document["legacy"] == .bool(true))
        #expect(document["empty"] == .null)
        #expect(document["quoted"] == .string("3"))
        #expect(document["tagged"] == .string("42"))
        #expect(document["version"] == .double(1.27))
        #expect(document["image"] == .string("nginx:1.27"))
        #expect(document["labels"]?["tier"] == .string("web"))
    }

    @Test func aKeyWrittenTwiceIsRefused() {
        #expect(throws: ManifestDecoder.Failure.self) { try ManifestDecoder.documents("a: 1\na: 2\n") }
    }
}
