/// A finding about a lesson, anchored to a place in its file.
public struct Diagnostic: Sendable, Encodable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Encodable, Comparable {
        case warning
        case error

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warning && rhs == .error }
    }

    public var severity: Severity
    /// A stable identifier, e.g. `blank-line-drops-commands`, for filtering and documentation.
    public var code: String
    public var message: String
    public var file: String
    public var line: Int
    public var column: Int

    public init(_ severity: Severity, code: String, message: String, file: String, line: Int, column: Int = 1) {
        self.severity = severity
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column: severity: message [code]`, the format editors and CI annotate from.
    public var description: String {
        "\(file):\(line):\(column): \(severity.rawValue): \(message) [\(code)]"
    }
}
