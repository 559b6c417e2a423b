import LessonKit

/// One command as a backend ran it.
public struct CommandRun: Sendable {
    public var command: String
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var simulatedStart: Int64 = 0
    public var simulatedEnd: Int64 = 0
    public var events: [String] = []
}

/// What running one block's script gave.
public struct BlockRun: Sendable {
    public var commands: [CommandRun]
    /// The block's status: the first failing command's, as under `set -e`.
    public var status: Int32
    public var timedOut: Bool
    /// The program Workshop could not run natively, if that is why it failed.
    public var unsupported: String?
    public var simulatedSeconds: Double

    public var stdout: String { commands.map(\.stdout).joined() }
    public var stderr: String { commands.map(\.stderr).joined() }
}

/// Where a lesson's blocks run: the simulated cluster, or bash with the real CLIs.
protocol LessonBackend: AnyObject {
    /// `sim` or `shell`, as reports and transcripts name it.
    var name: String { get }
    /// Runs a block's commands in order, stopping at the first failure; `timeout` in seconds.
    func run(_ block: CodeBlock, reading: BlockReading, timeout: Int) -> BlockRun
    /// `wait=N` after a block.
    func pause(seconds: Int)
    /// Exported variables, for hook scripts.
    var exportedEnvironment: [String: String] { get }
    /// What a hook script runs with, given the environment it would otherwise have.
    func hookEnvironment(_ base: [String: String]) -> [String: String]
    /// Readable when a hook's client is waiting to be served; nil when hooks have no clients.
    var clientDescriptor: Int32? { get }
    /// Serves the hook clients that are waiting, one after another.
    func serveClients()
    func finish()
}

extension LessonBackend {
    func hookEnvironment(_ base: [String: String]) -> [String: String] { base }
    var clientDescriptor: Int32? { nil }
    func serveClients() {}
}
