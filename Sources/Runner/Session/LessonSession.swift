import Actions
import ClusterSim
import Foundation
import SessionBridge

/// One session: the cluster its commands act on, the bash that runs them, the socket through which
/// that bash's `aws`, `kubectl`, `eksctl` and `sleep` reach the simulated cluster, and the calls it
/// answered. Test mode, the guided shell and `verify` all run commands through it.
///
/// On the simulator, a per-session directory is first on bash's `PATH`; its programs are clients
/// (see ``BridgeServer``) whose calls this session runs as native actions, one at a time in arrival
/// order, on its clock. On a real cluster (or `--backend shell`) there is no such directory: the
/// real CLIs act on whatever the user's credentials point at.
public final class LessonSession {
    /// The simulated cluster's session, nil on a real cluster.
    public private(set) var session: Session?
    public let scenario: Scenario?
    public let seed: UInt64
    /// Where commands run (a scratch directory of this session's, removed at the end).
    public let workingDirectory: String
    /// Called with every call answered, in order.
    public var onCall: ((ClientCall) -> Void)?
    /// Called before a call runs (`verify` moves the clock to where the recorded call started).
    public var beforeCall: ((BridgeRequest) -> Void)?
    /// Called when `prepare-environment` gave the session a fresh cluster.
    public var onReset: ((Session) -> Void)?
    /// Where `prepare-environment MODULE` looks for `scenarios/MODULE.yaml` (a lesson's directory
    /// and its parents, nearest first).
    public var scenarioSearchPath: [String] = []

    private let bridge: BridgeServer?
    private var pump: CallPump?
    /// Set once the cluster is shared with another thread (``shareSimulator()``).
    public private(set) var lease: SimulatorLease?
    private let clock: SessionClock
    private var callEvents: [String]?
    private var currentReply: BridgeReply?

    /// A session on a fresh simulated cluster; `clientExecutable` is the program the session's
    /// `aws`, `kubectl`, `eksctl` and `sleep` link to (`workshop-client`, or the workshop binary).
    /// Without one, the session has no bash clients and only ``replay(arguments:environment:)``
    /// reaches its cluster (`verify`).
    /// `simulator`, when given, is the cluster to start on (built from `scenario` and `seed` by a
    /// caller whose clock needed it first); otherwise one is built here.
    public init(scenario: Scenario, seed: UInt64, clock: SessionClock, clientExecutable: String?,
                simulator: Simulator? = nil) throws(BridgeError) {
        self.scenario = scenario
        self.seed = seed
        self.clock = clock
        let bridge = try clientExecutable.map { executable throws(BridgeError) in try BridgeServer(executable: executable) }
        self.bridge = bridge
        if let bridge {
            workingDirectory = bridge.directory + "/work"
            mkdir(workingDirectory, 0o700)
        } else {
            workingDirectory = FileManager.default.currentDirectoryPath
        }
        session = nil
        pump = nil
        session = makeSession(simulator ?? Simulator(scenario: scenario, seed: seed))
        if let bridge { pump = CallPump(bridge: bridge) { [unowned self] call in self.serve(call) } }
    }

    /// A session on a real cluster: bash with the real CLIs and no clients.
    public init(realClusterIn directory: String? = nil) {
        scenario = nil
        seed = 0
        clock = InstantClock()
        bridge = nil
        if let directory {
            workingDirectory = directory
        } else {
            var template = Array((BridgeServer.defaultTemporaryDirectory + "/workshop-session.XXXXXX").utf8CString)
            _ = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
            workingDirectory = String(cString: template) + "/work"
            mkdir(workingDirectory, 0o700)
        }
    }

    deinit { close() }

    /// True when commands reach a simulated cluster.
    public var isSimulated: Bool { scenario != nil }

    /// Removes the socket, its directory and the scratch directory.
    public func close() {
        lease?.end()
        terminal?.end()
        terminal = nil
        if let bridge {
            try? FileManager.default.removeItem(atPath: workingDirectory)
            bridge.close()
        } else if scenario == nil, workingDirectory.hasSuffix("/work"), workingDirectory.contains("/workshop-session.") {
            try? FileManager.default.removeItem(atPath: (workingDirectory as NSString).deletingLastPathComponent)
        }
    }

    /// Shares the session's simulated cluster with another thread (a server): from now on the
    /// session lets go of it whenever it waits, and the lease follows `:reset` and
    /// `prepare-environment` to the new cluster. Called on the session's thread; nil on a real cluster.
    public func shareSimulator() -> SimulatorLease? {
        if let lease { return lease }
        guard let session, isSimulated else { return nil }
        let lease = SimulatorLease(simulator: session.simulator)
        self.lease = lease
        pump?.lease = lease
        (clock as? PacedSessionClock)?.lease = lease
        return lease
    }

    private func makeSession(_ simulator: Simulator) -> Session {
        lease?.simulator = simulator
        let session = Session(simulator: simulator, clock: clock)
        session.simulator.observe { [weak self] event in
            self?.callEvents?.append("\(event.time.clockText) \(event.summary)")
        }
        return session
    }

    // MARK: The environment

    /// The variables a lesson expects its cluster to have set (`EKS_CLUSTER_NAME` …), none on a
    /// real cluster (the user's environment has them there).
    public var lessonVariables: [String: String] {
        guard let session else { return [:] }
        return session.environment
    }

    /// What a bash of this session runs with, given the environment it would otherwise have: the
    /// clients first on its PATH and the socket named, on the simulator.
    public func environment(_ base: [String: String]) -> [String: String] {
        guard let bridge else { return base }
        var environment = base
        var path = base["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        if !path.hasPrefix(bridge.binDirectory + ":") { path = bridge.binDirectory + ":" + path }
        environment["PATH"] = path
        environment[BridgeClient.socketVariable] = bridge.socketPath
        return environment
    }

    /// An environment with this session's own entries taken out (what carries over between blocks).
    public func withoutSessionEntries(_ environment: [String: String]) -> [String: String] {
        var environment = environment
        if let bridge {
            environment[BridgeClient.socketVariable] = nil
            if let path = environment["PATH"], path.hasPrefix(bridge.binDirectory + ":") {
                environment["PATH"] = String(path.dropFirst(bridge.binDirectory.count + 1))
            }
        }
        for name in ["_", "SHLVL", "PWD", "OLDPWD"] { environment[name] = nil }
        return environment
    }

    // MARK: Running bash

    /// How a script ran.
    public struct ScriptRun {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Stopped at its deadline (simulated, or the wall-clock guard).
        public var timedOut: Bool
    }

    /// Runs `arguments` (a bash and its script, or a hook) to its end, serving its calls meanwhile.
    /// `stop` is asked after each call and while waiting: once it says true (a simulated deadline
    /// passed), the whole process group is killed.
    public func run(_ arguments: [String], environment: [String: String], wallTimeout: Double,
                    stop: @escaping () -> Bool = { false }) -> ScriptRun {
        let wall = SystemWallClock()
        do {
            let result = try ChildProcess.run(arguments, environment: self.environment(environment), directory: workingDirectory,
                                              timeout: wallTimeout, clock: wall.now, pump: pump, stop: stop)
            return ScriptRun(status: result.status, stdout: result.stdout, stderr: result.stderr, timedOut: result.timedOut || stop())
        } catch {
            return ScriptRun(status: 127, stdout: "", stderr: "workshop: \(error)\n", timedOut: false)
        }
    }

    // MARK: The guided shell's bash

    /// The session's interactive bash (the guided shell), started by ``startTerminal(environment:columns:rows:)``.
    public private(set) var terminal: TerminalBash?

    /// Starts the session's interactive bash in a pseudo-terminal, with `base` as its environment
    /// (the clients put first on its PATH on the simulator).
    public func startTerminal(environment base: [String: String], columns: Int = 100, rows: Int = 40) throws {
        terminal = try TerminalBash(environment: environment(base), directory: workingDirectory, columns: columns, rows: rows)
    }

    /// Runs a typed line (or a block's command) in the session's bash, relaying what the terminal
    /// shows to `output` and serving its calls; nil when bash has ended.
    public func runTyped(_ line: String, output: (String) -> Void, interrupted: () -> Bool = { false }, idle: () -> Void = {}) -> Int32? {
        terminal?.run(line, output: output, pump: pump, interrupted: interrupted, idle: idle)
    }

    /// Lets the terminal's output through for up to `seconds` (called during a paced wait).
    public func relayTerminal(for seconds: Double, output: (String) -> Void) {
        pump?.flush()
        terminal?.relay(for: seconds, output: output)
    }

    // MARK: Serving calls

    /// True while a call runs whose client has stopped it (Ctrl-C, SIGTERM, killed, or its reader
    /// went away): waits, watches and sleeps stop there.
    public var callStopped: Bool { currentReply?.clientStopped ?? false }

    private func serve(_ call: BridgeCall) -> Int32 {
        let request = call.request
        guard session != nil else { return 127 }
        beforeCall?(request)
        var environment: [String: String] = [:]
        for entry in request.environment {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            environment[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        currentReply = call.reply
        let output = OutputStreams()
        output.onWrite = { text, isError in call.reply.write(text, isError: isError) }
        let input = ProgramInput(directory: request.directory, standardInput: request.standardInput)
        let record = invoke(request.arguments, environment: environment, output: output, input: input)
        currentReply = nil
        onCall?(record)
        return record.status
    }

    /// Runs one call directly (no bash): `verify` replays a recorded call with this.
    public func replay(arguments: [String], environment: [String: String], inputs: [String: String] = [:]) -> ClientCall {
        invoke(arguments, environment: environment, output: OutputStreams(), input: ProgramInput(directory: workingDirectory, recorded: inputs))
    }

    /// Runs a call (`prepare-environment` here, any other program natively) and records it: the
    /// one path for calls from bash and calls replayed by `verify`.
    private func invoke(_ arguments: [String], environment: [String: String], output: OutputStreams, input: ProgramInput) -> ClientCall {
        let recorded = environment.filter { ClientCall.recordedVariables.contains($0.key) }
        guard let session, let program = arguments.first else {
            return ClientCall(arguments: arguments, environment: recorded, status: 127, stdout: "", stderr: "", simulatedStart: .zero,
                              simulatedEnd: .zero, events: [])
        }
        let start = session.simulator.now
        callEvents = []
        defer { callEvents = nil }
        let status = program == PrepareEnvironment.name
            ? prepareEnvironment(Array(arguments.dropFirst()), output: output)
            : session.runProgram(program, arguments: Array(arguments.dropFirst()), environment: environment, output: output, input: input)
        // prepare-environment replaced the session: its clock is where the call ended.
        let end = (self.session ?? session).simulator.now
        return ClientCall(arguments: arguments, environment: recorded, status: status, stdout: output.stdout, stderr: output.stderr,
                          simulatedStart: start, simulatedEnd: end, events: callEvents ?? [], inputs: input.read)
    }

    /// A fresh simulated cluster from the session's scenario (`:reset`).
    public func reset() {
        guard let scenario else { return }
        let fresh = makeSession(Simulator(scenario: scenario, seed: seed))
        session = fresh
        onReset?(fresh)
    }

    /// `prepare-environment [MODULE]`: a fresh simulated cluster, from the module's scenario when
    /// the lesson names one (`scenarios/MODULE.yaml` beside it or above), else the session's.
    private func prepareEnvironment(_ arguments: [String], output: OutputStreams) -> Int32 {
        guard let baseline = scenario else { return 127 }
        var chosen = baseline
        var source = "the session's scenario"
        if let module = arguments.first, !module.isEmpty {
            for directory in scenarioSearchPath {
                let path = directory + "/scenarios/" + module + ".yaml"
                guard FileManager.default.fileExists(atPath: path) else { continue }
                do {
                    chosen = try ScenarioLoader.load(path: path)
                    source = path
                } catch {
                    output.err("prepare-environment: cannot read \(path): \(error)\n")
                    return 1
                }
                break
            }
        }
        output.out("Resetting the environment (\(arguments.first.map { "module \($0)" } ?? "no module"): \(source))...\n")
        let fresh = makeSession(Simulator(scenario: chosen, seed: seed))
        session = fresh
        onReset?(fresh)
        output.out("Environment is ready\n")
        return 0
    }
}

/// The EKS Workshop's reset command, answered by the session.
enum PrepareEnvironment {
    static let name = "prepare-environment"
}
