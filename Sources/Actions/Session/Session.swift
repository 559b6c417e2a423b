import ClusterSim
import ShellSyntax

/// A participant's (or a test's) shell session against a simulated cluster: its variables, its
/// last exit status, and the native programs it can run.
///
/// Command lines go through ShellSyntax (quoting, expansion, lists) and then to native programs;
/// anything without a native equivalent fails with status 127 and says so, never silently.
public final class Session {
    public let simulator: Simulator
    public var clock: SessionClock
    /// Shell variables; `exported` marks those a child process (and the next lesson block) sees.
    public private(set) var variables: [String: String] = [:]
    public private(set) var exported: Set<String> = []
    public private(set) var lastStatus: Int32 = 0
    /// How long `kubectl get --watch` runs before stopping by itself (simulated time).
    public var watchLimit = SimTime.minutes(30)
    private var programs: [String: Program] = [:]

    /// Status and message for anything Workshop cannot run natively.
    public static let unavailableStatus: Int32 = 127

    public init(simulator: Simulator, clock: SessionClock = InstantClock(), programs: [Program] = Session.standardPrograms) {
        self.simulator = simulator
        self.clock = clock
        for program in programs { self.programs[program.name] = program }
        let scenario = simulator.scenario
        let group = scenario.nodegroups.first
        let preset: [(String, String)] = [
            ("AWS_REGION", scenario.region), ("AWS_DEFAULT_REGION", scenario.region), ("AWS_ACCOUNT_ID", scenario.accountId),
            ("EKS_CLUSTER_NAME", scenario.clusterName), ("EKS_DEFAULT_MNG_NAME", group?.name ?? "default"),
            ("EKS_DEFAULT_MNG_MIN", String(group?.minSize ?? 0)), ("EKS_DEFAULT_MNG_MAX", String(group?.maxSize ?? 0)),
            ("EKS_DEFAULT_MNG_DESIRED", String(group?.desiredSize ?? 0)), ("HOME", "/home/ec2-user"), ("USER", "ec2-user"),
            ("SHELL", "/bin/bash"),
        ]
        for (name, value) in preset { export(name, value) }
    }

    /// The programs every session has.
    public static var standardPrograms: [Program] {
        [EchoProgram(), SleepProgram(), TrueProgram(), FalseProgram(), AWSProgram(), KubectlProgram(), EksctlProgram()]
    }

    public func isAvailable(_ program: String) -> Bool {
        programs[program] != nil || ShellInterpreter.builtins.contains(program)
    }

    func program(named name: String) -> Program? { programs[name] }

    // MARK: Variables

    public func value(of name: String) -> String? {
        name == "?" ? String(lastStatus) : variables[name]
    }

    public func set(_ name: String, _ value: String) { variables[name] = value }

    public func export(_ name: String, _ value: String? = nil) {
        if let value { variables[name] = value }
        exported.insert(name)
    }

    public func unset(_ name: String) {
        variables[name] = nil
        exported.remove(name)
    }

    /// The exported variables, as a child process sees them.
    public var environment: [String: String] {
        variables.filter { exported.contains($0.key) }
    }

    // MARK: Running

    /// Runs a command line (or several lines) and returns what it printed and its status.
    @discardableResult
    public func run(_ commandLine: String, output: OutputStreams = OutputStreams()) -> CommandResult {
        let status: Int32
        do {
            let script = try ShellParser.parse(commandLine)
            status = ShellInterpreter(session: self, output: output).run(script)
        } catch let error as ShellSyntaxError {
            switch error.kind {
            case .invalid:
                output.err("bash: syntax error: \(error.message) (\(error.position))\n")
                status = 2
            case .unsupported:
                output.err("not available in the simulated cluster: \(error.message)\n")
                status = Self.unavailableStatus
            }
        } catch {
            output.err("bash: \(error)\n")
            status = 2
        }
        lastStatus = status
        return CommandResult(stdout: output.stdout, stderr: output.stderr, status: status)
    }

    func record(status: Int32) { lastStatus = status }

    /// Runs one native program with arguments already split (a client call from a real bash),
    /// seeing `environment` (the caller's, not the session's variables). Unknown programs answer
    /// as bash does when a command is not found.
    public func runProgram(_ name: String, arguments: [String], environment: [String: String], output: OutputStreams) -> Int32 {
        guard let program = programs[name] else {
            output.err("bash: \(name): command not found\n")
            return Self.unavailableStatus
        }
        return program.run(arguments, context: ProgramContext(session: self, output: output, environment: environment))
    }
}
