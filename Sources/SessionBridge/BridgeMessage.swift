/// What a client (`aws`, `kubectl`, `eksctl` or `sleep` run by a real bash inside a session) sends
/// the session, and the frames the session answers with.
///
/// The wire format is small and binary, read without Foundation, so a client starts and exits in
/// well under a millisecond:
/// - request: `WSB1`, then the arguments (the program's name first), the environment
///   (`NAME=value`), the working directory and standard input, each a 32-bit little-endian length
///   (or count) followed by its bytes;
/// - reply: frames of a kind byte (1 standard output, 2 standard error, 3 exit status), a 32-bit
///   length and the bytes; the exit frame's bytes are the status, and it ends the reply.
public struct BridgeRequest: Sendable, Equatable {
    public var arguments: [String]
    public var environment: [String]
    public var directory: String
    public var standardInput: [UInt8]

    /// The program asked for (the first argument).
    public var program: String { arguments.first ?? "" }

    public init(arguments: [String], environment: [String], directory: String, standardInput: [UInt8] = []) {
        self.arguments = arguments
        self.environment = environment
        self.directory = directory
        self.standardInput = standardInput
    }

    static let magic: [UInt8] = Array("WSB1".utf8)
    /// A request larger than this is refused (a malformed or hostile client).
    public static let sizeLimit = 16 * 1_048_576
    /// More arguments or environment entries than this are refused.
    static let countLimit = 100_000

    public func encoded() -> [UInt8] {
        var bytes = Self.magic
        func append(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { bytes.append(contentsOf: $0) } }
        func append(_ text: [UInt8]) { append(text.count); bytes.append(contentsOf: text) }
        append(arguments.count)
        for argument in arguments { append(Array(argument.utf8)) }
        append(environment.count)
        for entry in environment { append(Array(entry.utf8)) }
        append(Array(directory.utf8))
        append(standardInput)
        return bytes
    }

    /// Reads a whole request; nil when the bytes are not one (wrong magic, lengths past the end,
    /// counts or sizes over the limits).
    public static func decode(_ bytes: [UInt8]) -> BridgeRequest? {
        guard bytes.count <= sizeLimit, bytes.starts(with: magic) else { return nil }
        var offset = magic.count
        func number() -> Int? {
            guard offset + 4 <= bytes.count else { return nil }
            let value = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
            offset += 4
            return value
        }
        func data() -> [UInt8]? {
            guard let count = number(), count <= bytes.count - offset else { return nil }
            defer { offset += count }
            return Array(bytes[offset..<(offset + count)])
        }
        func strings() -> [String]? {
            guard let count = number(), count <= countLimit else { return nil }
            var list: [String] = []
            for _ in 0..<count {
                guard let item = data() else { return nil }
                list.append(String(decoding: item, as: UTF8.self))
            }
            return list
        }
        guard let arguments = strings(), !arguments.isEmpty, let environment = strings(), let directory = data(),
              let input = data(), offset == bytes.count else { return nil }
        return BridgeRequest(arguments: arguments, environment: environment,
                             directory: String(decoding: directory, as: UTF8.self), standardInput: input)
    }
}

/// One frame of a reply.
public enum BridgeFrame: Equatable, Sendable {
    case standardOutput([UInt8])
    case standardError([UInt8])
    case exit(Int32)

    public func encoded() -> [UInt8] {
        let (kind, payload): (UInt8, [UInt8]) = switch self {
        case .standardOutput(let bytes): (1, bytes)
        case .standardError(let bytes): (2, bytes)
        case .exit(let status): (3, withUnsafeBytes(of: status.littleEndian) { Array($0) })
        }
        var bytes = [kind]
        withUnsafeBytes(of: UInt32(payload.count).littleEndian) { bytes.append(contentsOf: $0) }
        return bytes + payload
    }

    /// The length of a frame's payload, from its 5-byte header; nil for an unknown kind.
    static func header(_ bytes: [UInt8]) -> (kind: UInt8, length: Int)? {
        guard bytes.count == 5, (1...3).contains(bytes[0]) else { return nil }
        let length = Int(bytes[1]) | Int(bytes[2]) << 8 | Int(bytes[3]) << 16 | Int(bytes[4]) << 24
        return (bytes[0], length)
    }
}
