/// One command of a code block and the sample output the lesson shows after it.
public struct Step: Sendable, Equatable, Encodable {
    /// 1-based position within its block.
    public var number: Int
    /// File line of the `$ ` line that starts the command.
    public var line: Int
    /// The command as it will run: prompt removed, continuation lines and heredoc bodies included.
    public var command: Substring
    /// The lines the lesson shows as the command's output (never compared unless asked), as they
    /// stand in the block, newlines between them; empty when there are none.
    public var sampleOutputText: Substring

    /// ``sampleOutputText`` line by line.
    public var sampleOutput: [Substring] {
        sampleOutputText.isEmpty ? [] : sampleOutputText.split(separator: "\n", omittingEmptySubsequences: false)
    }

    public init(number: Int, line: Int, command: Substring, sampleOutputText: Substring = "") {
        self.number = number
        self.line = line
        self.command = command
        self.sampleOutputText = sampleOutputText
    }

    /// A step whose sample output is given line by line (a single empty line reads as no output).
    public init(number: Int, line: Int, command: Substring, sampleOutput: [String]) {
        self.init(number: number, line: line, command: command, sampleOutputText: Substring(sampleOutput.joined(separator: "\n")))
    }

    private enum Keys: String, CodingKey { case number, line, command, sampleOutput }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(number, forKey: .number)
        try c.encode(line, forKey: .line)
        try c.encode(String(command), forKey: .command)
        try c.encode(sampleOutput.map(String.init), forKey: .sampleOutput)
    }
}
