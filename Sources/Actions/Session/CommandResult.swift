/// What a command line printed and how it ended.
public struct CommandResult: Sendable, Equatable {
    public var stdout: String
    public var stderr: String
    public var status: Int32

    public init(stdout: String = "", stderr: String = "", status: Int32 = 0) {
        self.stdout = stdout
        self.stderr = stderr
        self.status = status
    }
}

/// Where a running program writes. Output is kept in order, so a transcript sees exactly what a
/// terminal would.
public final class OutputStreams {
    public private(set) var stdout = ""
    public private(set) var stderr = ""
    /// Called as text is written (the shell prints watch rows as they happen).
    public var onWrite: ((String, Bool) -> Void)?

    public init() {}

    public func out(_ text: String) {
        stdout += text
        onWrite?(text, false)
    }

    public func err(_ text: String) {
        stderr += text
        onWrite?(text, true)
    }
}
