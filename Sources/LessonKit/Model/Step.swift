/// One command of a code block and the sample output the lesson shows after it.
public struct Step: Sendable, Equatable, Encodable {
    /// 1-based position within its block.
    public var number: Int
    /// File line of the `$ ` line that starts the command.
    public var line: Int
    /// The command as it will run: prompt removed, continuation lines and heredoc bodies included.
    public var command: String
    /// Lines the lesson shows as the command's output (never compared unless asked).
    public var sampleOutput: [String]

    public init(number: Int, line: Int, command: String, sampleOutput: [String] = []) {
        self.number = number
        self.line = line
        self.command = command
        self.sampleOutput = sampleOutput
    }
}
