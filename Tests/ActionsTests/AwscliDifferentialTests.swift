import Foundation
import Testing
import ClusterSim
@testable import Actions

/// The real `aws` (awscli v1) against a loopback stub that serves our simulator's response, compared
/// byte for byte with the native action given the same arguments. Skipped when `aws` is not installed.
@Suite(.serialized) struct AwscliDifferentialTests {
    static let aws: String? = ["/usr/local/bin/aws", "/usr/bin/aws", "/root/.pyenv/shims/aws"].first { FileManager.default.isExecutableFile(atPath: $0) }
        ?? ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map { "\($0)/aws" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    /// A stub HTTP server on 127.0.0.1 answering every request with the current contents of a file.
    final class Stub {
        let process = Process()
        let bodyFile = NSTemporaryDirectory() + "workshop-stub-\(UUID().uuidString).json"
        let port: Int

        init?() {
            port = 20_000 + Int.random(in: 0..<20_000)
            FileManager.default.createFile(atPath: bodyFile, contents: Data("{}".utf8))
            let code = """
                import http.server, sys
                body_file = sys.argv[2]
                class H(http.server.BaseHTTPRequestHandler):
                    def _answer(self):
                        length = int(self.headers.get('Content-Length') or 0)
                        if length: self.rfile.read(length)
                        data = open(body_file, 'rb').read()
                        self.send_response(200)
                        self.send_header('Content-Type', 'application/x-amz-json-1.1')
                        self.send_header('Content-Length', str(len(data)))
                        self.end_headers()
                        self.wfile.write(data)
                    do_GET = do_POST = do_PUT = do_DELETE = _answer
                    def log_message(self, *a): pass
                http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
                """
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", code, String(port), bodyFile]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return nil }
            usleep(400_000)
        }

        func serve(_ body: String) { try? body.write(toFile: bodyFile, atomically: true, encoding: .utf8) }

        deinit {
            process.terminate()
            try? FileManager.default.removeItem(atPath: bodyFile)
        }
    }

    static func realAWS(_ arguments: [String], port: Int) -> (stdout: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: aws!)
        process.arguments = arguments + ["--endpoint-url", "http://127.0.0.1:\(port)"]
        var env = ProcessInfo.processInfo.environment
        env["AWS_ACCESS_KEY_ID"] = "test"
        env["AWS_SECRET_ACCESS_KEY"] = "test"
        env["AWS_DEFAULT_REGION"] = "us-west-2"
        env["AWS_PAGER"] = ""
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try? process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    static let operations: [[String]] = [
        ["ssm", "get-parameter", "--name", "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id"],
        ["ssm", "get-parameters", "--names", "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id", "/nope"],
        ["ssm", "get-parameters-by-path", "--path", "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended"],
        ["eks", "describe-cluster", "--name", "eks-workshop"],
        ["eks", "list-clusters"],
        ["eks", "list-nodegroups", "--cluster-name", "eks-workshop"],
        ["eks", "describe-nodegroup", "--cluster-name", "eks-workshop", "--nodegroup-name", "default"],
        ["eks", "update-nodegroup-version", "--cluster-name", "eks-workshop", "--nodegroup-name", "default"],
        ["eks", "list-updates", "--name", "eks-workshop", "--nodegroup-name", "default"],
    ]

    static let queries: [String: [String]] = [
        "get-parameter": ["Parameter.Value", "Parameter.[Name,Value,Version]"],
        "get-parameters": ["Parameters[*].[Name,Value]", "InvalidParameters"],
        "get-parameters-by-path": ["Parameters[].Name", "length(Parameters)"],
        "describe-cluster": ["cluster.version", "cluster.resourcesVpcConfig"],
        "list-clusters": ["clusters[0]"],
        "list-nodegroups": ["nodegroups"],
        "describe-nodegroup": ["nodegroup.releaseVersion", "nodegroup.[status,scalingConfig]", "nodegroup.scalingConfig"],
        "update-nodegroup-version": ["update.id", "[update.status,update.type]"],
        "list-updates": ["updateIds"],
    ]

    struct Case: CustomStringConvertible, Sendable {
        var arguments: [String]
        var description: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = operations.flatMap { op -> [Case] in
        var list: [Case] = []
        for output in ["json", "text", "table"] {
            list.append(Case(arguments: op + ["--output", output]))
            for query in queries[op[1]] ?? [] { list.append(Case(arguments: op + ["--output", output, "--query", query])) }
        }
        return list
    }

    @Test func thereAreEnoughCombinations() { #expect(Self.cases.count >= 30) }

    @Test(.enabled(if: AwscliDifferentialTests.aws != nil, "awscli is not installed: `pip install awscli` (make test installs it)"))
    func realAwscliPrintsWhatTheNativeActionPrints() throws {
        let stub = try #require(Stub(), "the loopback stub did not start")
        var compared = 0
        for testCase in Self.cases {
            // The service response: the native action's own json, on a fresh deterministic cluster.
            let operation = Array(testCase.arguments.prefix { $0 != "--output" })
            let response = Session(simulator: Simulator(scenario: .default)).run(AwscliDifferentialTests.quote(["aws"] + operation + ["--output", "json"]))
            #expect(response.status == 0, "\(testCase)")
            stub.serve(response.stdout)
            let native = Session(simulator: Simulator(scenario: .default)).run(AwscliDifferentialTests.quote(["aws"] + testCase.arguments))
            let real = Self.realAWS(testCase.arguments, port: stub.port)
            #expect(real.status == native.status, "\(testCase)")
            #expect(real.stdout == native.stdout, "\(testCase)\nreal:\n\(real.stdout)\nnative:\n\(native.stdout)")
            compared += 1
        }
        #expect(compared >= 30)
    }

    static func quote(_ words: [String]) -> String {
        words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
    }
}
