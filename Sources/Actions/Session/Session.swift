import ClusterSim
import ShellSyntax

/// The native side of a session: the simulated cluster, its clock, the variables a lesson expects
/// the cluster to have set (`EKS_CLUSTER_NAME` …), and the programs bash's clients reach
/// (`aws`, `kubectl`, `eksctl`, `sleep`). Bash interprets command lines; a session runs one
/// program at a time with its arguments already split (``runProgram(_:arguments:environment:output:)``).
public final class Session {
    public let simulator: Simulator
    public var clock: SessionClock
    /// The variables a lesson's commands expect, preset from the scenario.
    public let environment: [String: String]
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
        environment = [
            "AWS_REGION": scenario.region, "AWS_DEFAULT_REGION": scenario.region, "AWS_ACCOUNT_ID": scenario.accountId,
            "EKS_CLUSTER_NAME": scenario.clusterName, "EKS_DEFAULT_MNG_NAME": group?.name ?? "default",
            "EKS_DEFAULT_MNG_MIN": String(group?.minSize ?? 0), "EKS_DEFAULT_MNG_MAX": String(group?.maxSize ?? 0),
            "EKS_DEFAULT_MNG_DESIRED": String(group?.desiredSize ?? 0),
        ]
    }

    /// The programs every session has.
    public static var standardPrograms: [Program] {
        [SleepProgram(), AWSProgram(), KubectlProgram(), EksctlProgram()]
    }

    /// Runs one native program with arguments already split (a client call from a real bash),
    /// seeing `environment` (the caller's). Unknown programs answer as bash does when a command is
    /// not found.
    @discardableResult
    public func runProgram(_ name: String, arguments: [String], environment: [String: String], output: OutputStreams = OutputStreams(),
                           input: ProgramInput = ProgramInput()) -> Int32 {
        guard let program = programs[name] else {
            output.err("bash: \(name): command not found\n")
            return Self.unavailableStatus
        }
        return program.run(arguments, context: ProgramContext(session: self, output: output, environment: environment, input: input))
    }
}
