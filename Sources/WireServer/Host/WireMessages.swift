/// A request as the protocol handlers see it, whatever carried it: so the decoders can be tested and
/// fuzzed without sockets. Header names are lower-case.
public struct WireRequest: Sendable {
    public var method: String
    public var path: String
    /// The raw query string, still percent-encoded.
    public var query: String
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String, path: String, query: String = "", headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    /// Query parameters, decoded; a name given twice keeps the first.
    public var queryItems: [String: String] { FormDecoding.pairs(query).reduce(into: [:]) { if $0[$1.0] == nil { $0[$1.0] = $1.1 } } }
}

/// A reply: all at once, or a stream of lines (a watch) that ends when the producer ends it or the
/// client goes away (`cancel` is then called).
public enum WireResponse: Sendable {
    case complete(status: Int, headers: [(String, String)], body: String)
    /// A large reply already encoded (a list): written as it is, without a String in between.
    case bytes(status: Int, headers: [(String, String)], body: [UInt8])
    case stream(headers: [(String, String)], lines: AsyncStream<String>, cancel: @Sendable () -> Void)

    static func json(_ status: Int, bytes: [UInt8]) -> WireResponse {
        .bytes(status: status, headers: [("Content-Type", "application/json")], body: bytes)
    }

    static func json(_ status: Int, _ body: String, contentType: String = "application/json", extraHeaders: [(String, String)] = []) -> WireResponse {
        .complete(status: status, headers: [("Content-Type", contentType)] + extraHeaders, body: body)
    }

    public var status: Int {
        switch self {
        case .complete(let status, _, _): return status
        case .bytes(let status, _, _): return status
        case .stream: return 200
        }
    }
}

/// `application/x-www-form-urlencoded` and query strings: `a=b&c=d%20e`, `+` for space.
public enum FormDecoding {
    public static func pairs(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(pieces[0]), pieces.count > 1 ? decode(pieces[1]) : "")
        }
    }

    /// Percent-decoding that never fails: a malformed escape stays as it was.
    public static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
                      let high = hex(iterator[iterator.startIndex]), let low = hex(iterator[iterator.startIndex + 1]) {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
