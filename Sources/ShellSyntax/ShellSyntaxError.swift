/// A command line that ShellSyntax cannot represent faithfully.
///
/// Rather than guess (and mis-split a command), the parser stops and says where and why.
public struct ShellSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// Not valid bash (an unterminated quote, a dangling `&&`).
        case invalid
        /// Valid bash that ShellSyntax does not model (loops, subshells, arithmetic).
        case unsupported
    }

    public var message: String
    public var position: SourcePosition
    public var kind: Kind

    public init(_ message: String, at position: SourcePosition, kind: Kind = .invalid) {
        self.message = message
        self.position = position
        self.kind = kind
    }

    public var description: String { "\(position): \(message)" }
}
