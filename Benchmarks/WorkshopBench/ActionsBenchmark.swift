import Actions
import ClusterSim
import Foundation

/// Issue goal: a native `aws ssm get-parameter … --query … --output text` completes in ≤ 5 ms inside a
/// session, printed beside the real `aws` CLI doing the same against a loopback stub.
enum ActionsBenchmark {
    static let command = "aws ssm get-parameter --name /aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id --region us-west-2 --query Parameter.Value --output text"

    /// The command's arguments after `aws`, as bash splits them.
    static var arguments: [String] { command.split(separator: " ").dropFirst().map(String.init) }

    static func run() {
        let session = Session(simulator: Simulator(scenario: .default))
        let native = Measure.median(runs: 201, warmup: 10) { _ = session.runProgram("aws", arguments: arguments, environment: [:]) }
        print("native actions:")
        print(String(format: "  %@  %7.3f ms  (goal ≤ 5 ms: %@)", "native aws ssm get-parameter --query --output text".padding(toLength: 52, withPad: " ", startingAt: 0),
                     native * 1000, native <= 0.005 ? "met" : "NOT met"))
        guard let real = realAWS() else {
            print("  real aws against a loopback stub: aws or python3 not installed, no side-by-side figure")
            return
        }
        print(String(format: "  %@  %7.1f ms  (%.0f× the native action)", "real aws CLI against a loopback stub".padding(toLength: 52, withPad: " ", startingAt: 0),
                     real * 1000, real / native))
    }

    /// Median of 5 launches of the real CLI (posix_spawn, as every process figure here), served by a tiny
    /// Python HTTP stub on 127.0.0.1.
    static func realAWS() -> Double? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/aws" }
        guard let aws = paths.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        let output = OutputStreams()
        Session(simulator: Simulator(scenario: .default)).runProgram(
            "aws", arguments: ["ssm", "get-parameter", "--name", "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id",
                               "--region", "us-west-2"], environment: [:], output: output)
        let body = output.stdout
        let file = NSTemporaryDirectory() + "workshop-bench-body-\(getpid()).json"
        FileManager.default.createFile(atPath: file, contents: Data(body.utf8))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let port = 30_000 + Int(getpid() % 20_000)
        let stub = Process()
        stub.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        stub.arguments = ["python3", "-c", """
            import http.server, sys
            class H(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    self.rfile.read(int(self.headers.get('Content-Length') or 0))
                    d = open(sys.argv[2], 'rb').read()
                    self.send_response(200); self.send_header('Content-Length', str(len(d))); self.end_headers(); self.wfile.write(d)
                def log_message(self, *a): pass
            http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
            """, String(port), file]
        stub.standardOutput = FileHandle.nullDevice
        stub.standardError = FileHandle.nullDevice
        guard (try? stub.run()) != nil else { return nil }
        defer { stub.terminate() }
        usleep(500_000)
        return StartupBenchmark.time(aws, Array(command.split(separator: " ").dropFirst().map(String.init)) + ["--endpoint-url", "http://127.0.0.1:\(port)"],
                                     environment: ["AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"], runs: 5)
    }
}
