import Actions
import ClusterSim
import Foundation
import Runner
import SessionBridge

/// A native call made the way a hook's bash makes it: the workshop binary started as `aws`, its
/// request over the session's socket, the answer relayed back (goal: ≤ 2 ms median round trip),
/// beside the same call inside the session and the workshop binary's own start-up.
enum BridgeBenchmark {
    /// The session and its server, used only by the serving thread.
    final class Served: @unchecked Sendable {
        let server: BridgeServer
        let session = Session(simulator: Simulator(scenario: .default))
        let lock = NSLock()
        var stopping = false

        init(executable: String) throws { server = try BridgeServer(executable: executable) }

        func serve() {
            while true {
                lock.lock(); let stop = stopping; lock.unlock()
                if stop { return }
                var fd = pollfd(fd: server.descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&fd, 1, 50) > 0 else { continue }
                server.serveWaiting { request, reply in
                    let output = OutputStreams()
                    output.onWrite = { text, isError in reply.write(text, isError: isError) }
                    return session.runProgram(request.program, arguments: Array(request.arguments.dropFirst()), environment: [:], output: output)
                }
            }
        }
    }

    static func run() {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let binary = folder.appendingPathComponent("workshop").path
        let client = folder.appendingPathComponent("workshop-client").path
        guard let served = try? Served(executable: client) else {
            print("session bridge: could not open a session socket here, no figure")
            return
        }
        let thread = Thread { served.serve() }
        thread.start()
        defer {
            served.lock.lock(); served.stopping = true; served.lock.unlock()
            while !thread.isFinished { usleep(10_000) }
            served.server.close()
        }
        let arguments = Array(ActionsBenchmark.command.split(separator: " ").dropFirst().map(String.init))
        let environment = [BridgeClient.socketVariable: served.server.socketPath]
        guard let roundTrip = StartupBenchmark.time(served.server.binDirectory + "/aws", arguments, environment: environment, runs: 101),
              let startup = StartupBenchmark.time(binary, ["--version"], runs: 101) else {
            print("session bridge: workshop and workshop-client are not built beside workshop-bench, no figure")
            return
        }
        let session = Session(simulator: Simulator(scenario: .default))
        let inSession = Measure.median(runs: 201, warmup: 10) { _ = session.runProgram("aws", arguments: ActionsBenchmark.arguments, environment: [:]) }
        print("session bridge (a hook's `aws ssm get-parameter … --query … --output text`):")
        print(String(format: "  %@  %7.2f ms  (goal ≤ 2 ms: %@)", "through the client and the session's socket".padding(toLength: 52, withPad: " ", startingAt: 0),
                     roundTrip * 1000, roundTrip <= 0.002 ? "met" : "NOT met"))
        print(String(format: "  %@  %7.2f ms", "workshop --version (the full binary's start-up)".padding(toLength: 52, withPad: " ", startingAt: 0), startup * 1000))
        print(String(format: "  %@  %7.3f ms", "the same call inside the session (no process)".padding(toLength: 52, withPad: " ", startingAt: 0), inSession * 1000))
    }
}
