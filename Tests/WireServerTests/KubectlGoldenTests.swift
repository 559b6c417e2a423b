import Foundation
import Testing
import ClusterSim
import JSON
@testable import Actions

/// Output of the real kubectl 1.32, recorded by the differential test (`make kubectl-goldens`) into
/// Tests/Fixtures/kubectl/golden, compared with the native action on every machine — also where
/// kubectl is not installed.
@Suite struct KubectlGoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/kubectl/golden")

    static func fileName(_ arguments: [String]) -> String {
        let slug = arguments.joined(separator: " ").unicodeScalars.map { c -> String in
            CharacterSet.alphanumerics.contains(c) || c == "-" ? String(c) : "_"
        }.joined()
        return String(slug.prefix(80)) + "-" + StableHash.hex(arguments.joined(separator: "\u{0}"), count: 8) + ".golden"
    }

    /// One file per command line: the arguments as JSON on the first line, the exit status on the
    /// second, then standard output (standard error instead when the status is not 0).
    static func record(_ arguments: [String], stdout: String, stderr: String, status: Int32) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let header = JSONSerializer.compact(.array(arguments.map { .string($0) }))
        let text = header + "\n" + String(status) + "\n" + (status == 0 ? stdout : stderr)
        try text.write(to: directory.appendingPathComponent(fileName(arguments)), atomically: true, encoding: .utf8)
    }

    static func goldens() -> [(arguments: [String], status: Int32, output: String)] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".golden") }.sorted().compactMap { name in
            guard let text = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) else { return nil }
            let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
            guard lines.count == 3, case .array(let words)? = try? JSONParser.parse(String(lines[0])), let status = Int32(lines[1]) else { return nil }
            return (words.compactMap(\.stringValue), status, String(lines[2]))
        }
    }

    @Test func goldensWereRecorded() {
        #expect(Self.goldens().count >= KubectlDifferentialTests.cases.count + 2)
    }

    @Test func nativeOutputMatchesRecordedKubectlOutput() {
        let simulator = Simulator(scenario: .default)
        KubectlDifferentialTests.prepareMidUpdate(simulator)
        let session = Session(simulator: simulator)
        for golden in Self.goldens() {
            if golden.arguments.first == "awkward" {
                let node = KubectlDifferentialTests.awkwardNode
                let native = golden.arguments[1] == "yaml" ? GoYAMLEncoder.encode(node) : KubectlStructuredOutput.json(node)
                #expect(native == golden.output, "\(golden.arguments)")
                continue
            }
            let output = OutputStreams()
            let status = session.runProgram("kubectl", arguments: golden.arguments, environment: [:], output: output)
            let result = CommandResult(stdout: output.stdout, stderr: output.stderr, status: status)
            #expect(result.status == golden.status, "\(golden.arguments)")
            #expect((golden.status == 0 ? result.stdout : result.stderr) == golden.output, "\(golden.arguments)")
        }
    }
}
