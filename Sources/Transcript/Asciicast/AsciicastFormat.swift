import JSON

/// One asciicast format version: how its text becomes an ``Asciicast``.
public protocol AsciicastFormat: Sendable {
    static var version: Int { get }
    /// Reads a whole file's text. `file` names it in errors.
    static func decode(_ text: Substring, file: String) throws(TranscriptReadError) -> Asciicast
}

/// Reads any asciicast version, choosing the format from the header's `version`.
public enum AsciicastReader {
    public static let formats: [any AsciicastFormat.Type] = [AsciicastV1.self, AsciicastV2.self, AsciicastV3.self]

    public static func decode(_ text: String, file: String) throws(TranscriptReadError) -> Asciicast {
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        guard let firstLine = body.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: true).first else {
            throw TranscriptReadError(file: file, line: 1, message: "empty file: not an asciicast recording")
        }
        // v1 is one JSON document, possibly pretty-printed: its first line alone may not parse.
        let header = try? JSONParser.parse(String(firstLine))
        let version: Int
        if let header, case .int(let v)? = header["version"] {
            version = v
        } else if let whole = try? JSONParser.parse(String(body)), case .int(let v)? = whole["version"] {
            version = v
        } else {
            throw TranscriptReadError(file: file, line: 1, message: "not an asciicast recording (the first line should be a JSON header with a \"version\")")
        }
        guard let format = formats.first(where: { $0.version == version }) else {
            throw TranscriptReadError(file: file, line: 1, message: "asciicast version \(version) is not supported (versions 1, 2 and 3 are)")
        }
        return try format.decode(body, file: file)
    }

    /// Splits newline-delimited JSON into numbered lines, noting whether the last one is incomplete.
    static func lines(_ text: Substring) -> (lines: [(number: Int, text: Substring)], endsWithNewline: Bool) {
        var result: [(Int, Substring)] = []
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            result.append((number, trimmed))
        }
        let endsWithNewline = text.hasSuffix("\n")
        if endsWithNewline, let last = result.last, last.1.isEmpty { result.removeLast() }
        return (result, endsWithNewline)
    }

    /// The header fields v2 and v3 share (they differ only in where the terminal size is).
    static func header(_ json: JSONValue, width: Double, height: Double) -> Asciicast.Header {
        Asciicast.Header(width: terminalSize(width), height: terminalSize(height), timestamp: json["timestamp"]?.number.flatMap(wholeNumber),
                         idleTimeLimit: json["idle_time_limit"]?.number, title: json["title"]?.stringValue,
                         command: json["command"]?.stringValue, environment: environment(json["env"]))
    }

    /// A size as a terminal can have it: a header's absurd or fractional number is brought into
    /// 0…10,000 (replay only shows it), where converting it as it is would trap.
    static func terminalSize(_ value: Double) -> Int {
        guard value.isFinite else { return 0 }
        return Int(min(10_000, max(0, value.rounded(.down))))
    }

    /// A whole number that fits an Int, or nil (a header's timestamp of 1e300 is not a time).
    static func wholeNumber(_ value: Double) -> Int? {
        guard value.isFinite, abs(value) < 9.0e18 else { return nil }
        return Int(value.rounded(.down))
    }

    static func environment(_ value: JSONValue?) -> [(key: String, value: String)] {
        guard case .object(let pairs)? = value else { return [] }
        return pairs.compactMap { pair in
            if case .string(let s) = pair.value { return (pair.key, s) }
            return nil
        }
    }

}
