import ClusterSim

/// A command a session runs natively (`aws`, `kubectl`, `eksctl`, `echo` …). Each is its own type.
public protocol Program {
    /// The name it is invoked by.
    var name: String { get }
    /// Runs with the expanded arguments (program name excluded); returns the exit status.
    func run(_ arguments: [String], context: ProgramContext) -> Int32
}

/// What a running program can reach: the session (cluster, environment, clock) and its streams.
public struct ProgramContext {
    public let session: Session
    public let output: OutputStreams
    /// The environment the program sees (session variables plus prefix assignments).
    public let environment: [String: String]
    /// Its standard input and the caller's files.
    public let input: ProgramInput

    public var simulator: Simulator { session.simulator }

    public func out(_ text: String) { output.out(text) }
    public func err(_ text: String) { output.err(text) }

    /// Lets simulated time pass through the session's clock; false when interrupted.
    public func sleep(_ duration: SimTime) -> Bool { session.clock.sleep(duration, simulator: session.simulator) }
}
