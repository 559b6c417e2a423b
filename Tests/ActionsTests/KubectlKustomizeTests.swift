import ClusterSim
import Foundation
import Testing
@testable import Actions

/// `kubectl apply -k DIR`: the kustomization built by kustomize or the real kubectl, its result
/// kept with what the command read (a replay applies the same objects without either tool), and
/// a message that says what to install when neither is here.
@Suite struct KubectlKustomizeTests {
    static let kubectlOrKustomize = ProgramInput.realExecutable("kustomize") ?? ProgramInput.realExecutable("kubectl")

    func overlay() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kustomize-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tuning\ndata:\n  level: \"3\"\n"
            .write(toFile: directory + "/tuning.yaml", atomically: true, encoding: .utf8)
        try "resources:\n- tuning.yaml\nnamePrefix: k-\n".write(toFile: directory + "/kustomization.yaml", atomically: true, encoding: .utf8)
        return directory
    }

    func apply(_ session: Session, _ input: ProgramInput, _ arguments: [String]) -> CommandResult {
        let output = OutputStreams()
        let status = session.runProgram("kubectl", arguments: arguments, environment: [:], output: output, input: input)
        return CommandResult(stdout: output.stdout, stderr: output.stderr, status: status)
    }

    @Test(.enabled(if: kubectlOrKustomize != nil, "neither kustomize nor kubectl is installed"))
    func aKustomizationIsBuiltAppliedAndKeptForAReplay() throws {
        let directory = try overlay()
        let session = Session(simulator: Simulator(scenario: .default))
        let input = ProgramInput(directory: "/")
        let result = apply(session, input, ["apply", "-k", directory])
        #expect(result.stdout == "configmap/k-tuning created\n", "\(result.stderr)")
        let built = try #require(input.read["kustomize:" + directory])
        #expect(built.contains("name: k-tuning"))
        // The replay has only what was read: no tool is run, the same object is applied.
        let replay = Session(simulator: Simulator(scenario: .default))
        let again = apply(replay, ProgramInput(directory: "/", recorded: input.read, toolPath: "/nonexistent"), ["apply", "-k", directory])
        #expect(again.stdout == "configmap/k-tuning created\n")
    }

    @Test func withoutKustomizeOrKubectlItSaysWhatToInstall() throws {
        let directory = try overlay()
        let session = Session(simulator: Simulator(scenario: .default))
        let result = apply(session, ProgramInput(directory: "/", toolPath: "/nonexistent"), ["apply", "-k", directory])
        #expect(result.status == 1)
        #expect(result.stderr.contains("neither `kustomize` nor the real `kubectl` is installed here"))
        #expect(result.stderr.contains("kustomize build \(directory) > all.yaml"))
        #expect(apply(session, ProgramInput(directory: "/"), ["apply", "-k", directory, "-f", "x.yaml"]).stderr == "error: only one of -f or -k can be specified\n")
    }

    @Test(.enabled(if: kubectlOrKustomize != nil, "neither kustomize nor kubectl is installed"))
    func kubectlKustomizePrintsTheBuiltObjectsAndReplaysThem() throws {
        let directory = try overlay()
        let session = Session(simulator: Simulator(scenario: .default))
        let input = ProgramInput(directory: "/")
        let built = apply(session, input, ["kustomize", directory])
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout == "apiVersion: v1\ndata:\n  level: \"3\"\nkind: ConfigMap\nmetadata:\n  name: k-tuning\n")
        let replay = apply(Session(simulator: Simulator(scenario: .default)),
                           ProgramInput(directory: "/", recorded: input.read, toolPath: "/nonexistent"), ["kustomize", directory])
        #expect(replay.stdout == built.stdout)
        #expect(apply(session, input, ["kustomize", directory + "/nope"]).stderr.hasPrefix("error: must build at directory: not a valid directory"))
    }

    @Test func kubectlKustomizeWithoutATool() throws {
        let directory = try overlay()
        let result = apply(Session(simulator: Simulator(scenario: .default)), ProgramInput(directory: "/", toolPath: "/nonexistent"), ["kustomize", directory])
        #expect(result.status == 1)
        #expect(result.stderr.contains("neither `kustomize` nor the real `kubectl` is installed here"))
    }
}
