@testable import Actions
import ClusterSim
import Foundation
import Testing
import WireServer

/// Test support: a `WireServer` on a loopback port, in this process, whose simulator the native
/// actions can reach too (`native`), so a real client's output and the native program's are compared
/// on one state. Its clock is paused unless a speed is given.
final class ServedCluster: @unchecked Sendable {
    let server: WireServer
    let port: Int
    let directory: String
    private let task: Task<Void, any Error>

    init(scenario: Scenario = .default, speed: ServeSpeed = .paused, prepare: (Simulator) -> Void = { _ in },
         access: AccessPolicy = .loopback, idleTimeout: Duration = .seconds(60), bodyTimeout: Duration = .seconds(30)) async throws {
        let simulator = Simulator(scenario: scenario)
        prepare(simulator)
        let host = SimulationHost(simulator: simulator, speed: speed)
        server = WireServer(host: host, region: scenario.region, configuration: .init(port: 0, access: access, idleTimeout: idleTimeout, bodyTimeout: bodyTimeout))
        directory = NSTemporaryDirectory() + "workshop-served-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = self.server
        task = Task { try await server.run { continuation.yield($0); continuation.finish() } }
        var bound = 0
        for await port in ports { bound = port }
        port = bound
        let environment = ServeEnvironment(address: "127.0.0.1", port: port, region: scenario.region, clusterName: scenario.clusterName,
                                           token: access.token, stateDirectory: directory)
        try environment.write(to: directory)
        self.environment = environment
    }

    let environment: ServeEnvironment

    deinit {
        task.cancel()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The native program (`aws`, `kubectl`, `eksctl`) on the served simulator, with the same arguments.
    func native(_ argv: [String]) -> CommandResult {
        server.host.access { simulator in
            let session = Session(simulator: simulator)
            let output = OutputStreams()
            let status = session.runProgram(argv[0], arguments: Array(argv.dropFirst()), environment: ["AWS_DEFAULT_REGION": "us-west-2", "AWS_PAGER": ""], output: output)
            return CommandResult(stdout: output.stdout, stderr: output.stderr, status: status)
        }
    }

    /// A real client (`aws`, `kubectl`, `python3`) with the served cluster's variables set. It runs on
    /// a thread of its own: the server answers on the concurrency pool this test must not block.
    func real(_ argv: [String], extraEnvironment: [String: String] = [:], timeout: TimeInterval = 60) async -> CommandResult {
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in self.environment.variables { environment[name] = value }
        environment["HOME"] = directory
        environment["TZ"] = "UTC"
        environment["AWS_PAGER"] = ""
        environment["AWS_CONFIG_FILE"] = directory + "/no-aws-config"
        environment["AWS_SHARED_CREDENTIALS_FILE"] = directory + "/no-aws-credentials"
        environment.merge(extraEnvironment) { _, given in given }
        let prepared = environment
        return await onOwnThread { RealClient.run(argv, environment: prepared, timeout: timeout) }
    }
}

/// Runs blocking work (a socket read, a sleep that must keep its pace) on a thread of its own, so a
/// test holds none of the concurrency pool's threads (one per core) while it waits.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: body()) }
    }
}

/// Running an installed program and collecting what it printed.
enum RealClient {
    static func path(_ name: String) -> String? {
        let fixed = ["/usr/local/bin/\(name)", "/usr/bin/\(name)", "/root/.pyenv/shims/\(name)"]
        let searched = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }
        return (searched + fixed).first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let aws = path("aws")
    static let kubectl = path("kubectl")
    static let hasBoto3: Bool = {
        guard let python = path("python3") else { return false }
        return run([python, "-c", "import boto3"], environment: ProcessInfo.processInfo.environment, timeout: 30).status == 0
    }()

    static func run(_ argv: [String], environment: [String: String], timeout: TimeInterval) -> CommandResult {
        let process = Process()
        let executable = argv[0].hasPrefix("/") ? argv[0] : (path(argv[0]) ?? argv[0])
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(argv.dropFirst())
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return CommandResult(stdout: "", stderr: "\(error)", status: 127) }
        let killer = DispatchWorkItem { if process.isRunning { process.interrupt() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        // Standard error is read on its own thread, so neither pipe can fill while the other is read.
        let stderrBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            stderrBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        killer.cancel()
        let stderr = stderrBox.data
        return CommandResult(stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
                             status: process.terminationStatus)
    }
}

private final class DataBox: @unchecked Sendable { var data = Data() }

extension ServedCluster {
    /// Runs each kubectl command natively on `native` and with the real kubectl on `real`, in order:
    /// the same status and standard output, and for a failure the same standard error.
    static func expectSameKubectl(_ lines: [[String]], native: ServedCluster, real: ServedCluster,
                                  sourceLocation: SourceLocation = #_sourceLocation) async {
        for arguments in lines {
            let expected = native.native(["kubectl"] + arguments)
            let got = await real.real(["kubectl"] + arguments)
            #expect(got.status == expected.status, "\(arguments)\n\(got.stderr)", sourceLocation: sourceLocation)
            #expect(got.stdout == expected.stdout, "\(arguments)\nreal:\n\(got.stdout)\nnative:\n\(expected.stdout)", sourceLocation: sourceLocation)
            if expected.status != 0 {
                #expect(got.stderr == expected.stderr, "\(arguments)\nreal:\n\(got.stderr)\nnative:\n\(expected.stderr)", sourceLocation: sourceLocation)
            }
        }
    }
}

extension Simulator {
    /// Stores each document of a manifest as `kubectl create` does (namespaced kinds in
    /// `namespace`), before a cluster is served; a document it cannot store is a test failure.
    func create(manifest yaml: String, namespace: String = "default") {
        do {
            for document in try ManifestDecoder.documents(yaml) {
                guard let named = kind(apiVersion: document["apiVersion"]?.stringValue ?? "", kind: document["kind"]?.stringValue ?? "") else {
                    Issue.record("no kind for \(document["kind"]?.stringValue ?? "?")")
                    continue
                }
                let (metadata, body) = StoredObject.split(document)
                try createObject(kind: named, namespace: named.namespaced ? namespace : nil, metadata: metadata, body: body)
            }
        } catch {
            Issue.record("the manifest was not stored: \(error)")
        }
    }
}
