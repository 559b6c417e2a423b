import Actions
import ClusterSim
import LessonKit
import SessionBridge

/// Runs blocks natively against a fresh simulated cluster; `timeout=` counts simulated seconds.
final class SimulatorBackend: LessonBackend {
    let name = "sim"
    let session: Session
    private let clock = DeadlineClock()
    private var events: [SimEvent] = []
    /// Drop non-exported variables after each block, as the harness's fresh bash per block does.
    private let harnessScoping: Bool

    /// The workshop binary the bridge links its programs to; nil: hooks get no bridge.
    private let clientExecutable: String?
    /// Made when the first hook runs: hooks' `aws`, `kubectl`, `eksctl` and `sleep` reach this
    /// backend's cluster (and its clock) through it.
    private var bridge: BridgeServer?

    init(scenario: Scenario, seed: UInt64, harnessScoping: Bool, clientExecutable: String? = nil) {
        session = Session(simulator: Simulator(scenario: scenario, seed: seed), clock: clock)
        self.harnessScoping = harnessScoping
        self.clientExecutable = clientExecutable
        session.simulator.observe { [weak self] event in self?.events.append(event) }
    }

    var exportedEnvironment: [String: String] { session.environment }

    func run(_ block: CodeBlock, reading: BlockReading, timeout: Int) -> BlockRun {
        let simulator = session.simulator
        let start = simulator.now
        clock.deadline = start + .seconds(Double(timeout))
        clock.expired = false
        let commands = reading.annotations.raw ? [String(block.literal)] : reading.steps.map { String($0.command) }
        var runs: [CommandRun] = []
        var status: Int32 = 0
        var unsupported: String?
        for command in commands {
            events = []
            let commandStart = simulator.now.milliseconds
            let result = session.run(command)
            runs.append(CommandRun(command: command, status: result.status, stdout: result.stdout, stderr: result.stderr,
                                   simulatedStart: commandStart, simulatedEnd: simulator.now.milliseconds,
                                   events: events.map { "\($0.time.clockText) \($0.summary)" }))
            if result.status != 0 {
                status = result.status
                if result.status == Session.unavailableStatus, let line = result.stderr.split(separator: "\n").first(where: { $0.contains("not available in the simulated cluster") }) {
                    unsupported = String(line)
                }
                break
            }
        }
        clock.deadline = nil
        if harnessScoping {
            for name in session.variables.keys where !session.exported.contains(name) { session.unset(name) }
        }
        return BlockRun(commands: runs, status: status, timedOut: clock.expired, unsupported: unsupported,
                        simulatedSeconds: (simulator.now - start).seconds)
    }

    func pause(seconds: Int) {
        session.simulator.advance(by: .seconds(Double(seconds)))
    }

    func hookEnvironment(_ base: [String: String]) -> [String: String] {
        if bridge == nil, let clientExecutable { bridge = try? BridgeServer(executable: clientExecutable) }
        guard let bridge else { return base }
        return base.merging(bridge.environment(path: base["PATH"])) { _, bridged in bridged }
    }

    var clientDescriptor: Int32? { bridge?.descriptor }

    func serveClients() {
        bridge?.serveWaiting(for: session)
    }

    func finish() {
        bridge?.close()
        bridge = nil
    }
}
