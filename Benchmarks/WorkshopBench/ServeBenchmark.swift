import ClusterSim
import Foundation
import WireServer

/// Issue goals for `workshop serve`, on a 450-node cluster in the middle of an upgrade:
/// `GET /api/v1/nodes` ≤ 5 ms p50 and `DescribeNodegroup` ≤ 1 ms p50 while the upgrade runs (wrk over loopback, beside
/// `GET /version`, the server's cheapest reply); 1,000 concurrent watches during the upgrade, every
/// event delivered to every watcher in order, p99 delivery ≤ 50 ms, RSS ≤ 300 MB; start-up to the
/// first request answered ≤ 50 ms (beside `workshop --version`).
enum ServeBenchmark {
    static func largeCluster() -> Scenario {
        Scenario.synthetic(nodes: 450, zones: 3, podsPerNode: 5, budget: nil, updateConfig: UpdateConfig(maxUnavailable: 20),
                           kubernetesVersion: "1.33")
    }

    static func run() async throws {
        print("\n== workshop serve (450 nodes, mid-upgrade) ==")
        try await latency()
        try await watches()
        startup()
    }

    /// Starts a served cluster in this process on a free port.
    static func serve(_ simulator: sending Simulator, speed: ServeSpeed) async -> (WireServer, Int, Task<Void, any Error>) {
        let server = WireServer(host: SimulationHost(simulator: simulator, speed: speed), region: "us-west-2")
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await server.run { continuation.yield($0); continuation.finish() } }
        var port = 0
        for await bound in ports { port = bound }
        return (server, port, task)
    }

    static func latency() async throws {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("wrk is not installed (apt-get install wrk; make bench installs it): request latencies not measured")
            return
        }
        let simulator = Simulator(scenario: largeCluster())
        let first = (try? simulator.listNodegroups(cluster: simulator.cluster.name))?.first ?? "default"
        _ = try? simulator.updateNodegroupVersion(cluster: simulator.cluster.name, nodegroup: first)
        simulator.advance(by: .seconds(600))
        let group = first
        let clusterName = simulator.cluster.name
        // The clock runs (60×) while wrk asks: the upgrade goes on under the requests, as the goal says.
        let (_, port, task) = await serve(simulator, speed: .factor(60))
        defer { task.cancel() }
        let cases: [(String, String, [String])] = [
            ("GET /version (baseline)", "/version", []),
            ("GET /api/v1/nodes (Table)", "/api/v1/nodes?limit=500", ["-H", "Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json"]),
            ("GET /api/v1/nodes (JSON)", "/api/v1/nodes?limit=500", []),
            ("DescribeNodegroup", "/clusters/\(clusterName)/node-groups/\(group)", []),
        ]
        var baseline = 0.0
        for (index, (name, path, headers)) in cases.enumerated() {
            let output = shell(wrk, ["-t1", "-c1", "-d3s", "--latency"] + headers + ["http://127.0.0.1:\(port)\(path)"])
            let p50 = percentile(output, "50%"), p99 = percentile(output, "99%")
            if index == 0 { baseline = p50 }
            let ratio = baseline > 0 ? String(format: "  (%.1f× the baseline)", p50 / baseline) : ""
            print(String(format: "%-28@ p50 %7.3f ms  p99 %7.3f ms%@", name as NSString, p50, p99, ratio as NSString))
        }
        print("goals: nodes ≤ 5 ms p50, DescribeNodegroup ≤ 1 ms p50")
    }

    /// wrk's latency distribution line (`50%  1.23ms`), in milliseconds.
    static func percentile(_ output: String, _ label: String) -> Double {
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 2, fields[0] == label else { continue }
            let text = String(fields[1])
            for (unit, factor) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where text.hasSuffix(unit) {
                return (Double(text.dropLast(unit.count)) ?? 0) * factor
            }
        }
        return 0
    }

    static func watches() async throws {
        let watchers = 1000
        let simulator = Simulator(scenario: largeCluster())
        let group = ((try? simulator.listNodegroups(cluster: simulator.cluster.name))?.first ?? "default")
        // 60×: a 450-node update takes about a minute of wall time.
        let (server, _, task) = await serve(simulator, speed: .factor(60))
        defer { task.cancel() }
        let received = Counter()
        var consumers: [Task<(count: Int, inOrder: Bool, delays: [UInt64]), Never>] = []
        var cancels: [@Sendable () -> Void] = []
        for _ in 0..<watchers {
            guard let (events, cancel) = server.watch(group: "", plural: "nodes") else { return }
            cancels.append(cancel)
            consumers.append(Task {
                var count = 0, last = 0, inOrder = true
                var delays: [UInt64] = []
                for await batch in events {
                  let now = DispatchTime.now().uptimeNanoseconds
                  for event in batch {
                    // From when the wall clock reached the change's simulated moment: detection, encoding and delivery.
                    let due = server.host.wallTime(of: event.simulatedTime) ?? event.publishedAt
                    delays.append(now > due ? now - due : 0)
                    if event.resourceVersion < last { inOrder = false }
                    last = event.resourceVersion
                    count += 1
                    received.add()
                  }
                }
                return (count, inOrder, delays)
            })
        }
        let started = Date()
        _ = server.host.access { try? $0.updateNodegroupVersion(cluster: $0.cluster.name, nodegroup: group) }
        while server.host.access({ $0.activeUpdate(nodegroup: group) != nil }) && Date().timeIntervalSince(started) < 600 {
            try await Task.sleep(for: .milliseconds(200))
        }
        try await Task.sleep(for: .milliseconds(300))
        for cancel in cancels { cancel() }
        var counts: [Int] = []
        var allInOrder = true
        var delays: [UInt64] = []
        for consumer in consumers {
            let result = await consumer.value
            counts.append(result.count)
            allInOrder = allInOrder && result.inOrder
            delays += result.delays
        }
        delays.sort()
        let p50 = delays.isEmpty ? 0 : Double(delays[delays.count / 2]) / 1e6
        let p99 = delays.isEmpty ? 0 : Double(delays[delays.count * 99 / 100]) / 1e6
        let same = Set(counts).count == 1
        print(String(format: "%d watches of nodes during the upgrade (%.0f s wall): %d events each%@, %@; delivery p50 %.2f ms, p99 %.2f ms (goal ≤ 50 ms after the simulated change); RSS %.0f MB (goal ≤ 300 MB)",
                     watchers, Date().timeIntervalSince(started), counts.first ?? 0, (same ? " (every watcher the same)" : " (watchers differ!)") as NSString,
                     (allInOrder ? "in order" : "OUT OF ORDER") as NSString, p50, p99, Measure.peakRSSMegabytes()))
    }

    static func startup() {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("workshop").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { return }
        var samples: [Double] = []
        for attempt in 0..<11 {
            let port = 47_000 + attempt
            let directory = NSTemporaryDirectory() + "workshop-bench-serve-\(attempt)"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["serve", "--port", String(port), "--state-dir", directory, "--speed", "paused"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let start = Measure.now()
            guard (try? process.run()) != nil else { return }
            while !answers(port) {
                if Measure.now() - start > 5_000_000_000 { break }
                usleep(200)
            }
            samples.append(Double(Measure.now() - start) / 1e9)
            process.interrupt()
            process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: directory)
        }
        samples.sort()
        let version = StartupBenchmark.time(binary, ["--version"]) ?? 0
        print(String(format: "start-up to first request answered: %@ (goal ≤ 50 ms); workshop --version: %@",
                     Measure.milliseconds(samples[samples.count / 2]) as NSString, Measure.milliseconds(version) as NSString))
    }

    /// Whether `GET /version` on the port gets an HTTP reply.
    static func answers(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { return false }
        let request = "GET /version HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var buffer = [UInt8](repeating: 0, count: 16)
        return recv(fd, &buffer, 16, 0) > 0 && buffer.starts(with: Array("HTTP/1.1".utf8))
    }

    static func shell(_ executable: String, _ arguments: [String]) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "" }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() { lock.lock(); value += 1; lock.unlock() }
}
