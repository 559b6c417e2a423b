import JSON

/// asciicast v2: a JSON header line, then one `[time, code, data]` line per event, times absolute.
/// This is what Workshop writes: every stock asciinema player and the web player read it.
public enum AsciicastV2: AsciicastFormat {
    public static let version = 2

    public static func decode(_ text: Substring, file: String) throws(TranscriptReadError) -> Asciicast {
        try EventLines.decode(text, file: file, version: 2) { header in
            guard let width = header["width"]?.number, let height = header["height"]?.number else {
                return nil
            }
            return AsciicastReader.header(header, width: width, height: height)
        }
    }

    /// The header line (no newline).
    public static func encode(header: Asciicast.Header) -> String {
        var pairs: [(key: String, value: JSONValue)] = [("version", .int(2)), ("width", .int(header.width)), ("height", .int(header.height))]
        if let timestamp = header.timestamp { pairs.append(("timestamp", .int(timestamp))) }
        if let limit = header.idleTimeLimit { pairs.append(("idle_time_limit", .double(limit))) }
        if let title = header.title { pairs.append(("title", .string(title))) }
        if let command = header.command { pairs.append(("command", .string(command))) }
        if !header.environment.isEmpty {
            pairs.append(("env", .object(header.environment.map { ($0.key, JSONValue.string($0.value)) })))
        }
        return JSONSerializer.compact(.object(pairs))
    }

    /// One event line (no newline): `[1.234567, "o", "text"]`.
    public static func encode(event: Asciicast.Event) -> String {
        "[" + time(event.time) + ", " + JSONSerializer.quoted(event.code.rawValue) + ", " + JSONSerializer.quoted(event.data) + "]"
    }

    /// Microsecond precision, as asciinema writes (`%.6f` without trailing zeros beyond one digit).
    static func time(_ seconds: Double) -> String {
        let micro = Int64((min(max(0, seconds), 9e12) * 1_000_000).rounded())
        let whole = micro / 1_000_000
        var fraction = String(micro % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.count > 1 && fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }
}

/// The newline-delimited event stream shared by v2 and v3.
enum EventLines {
    static func decode(_ text: Substring, file: String, version: Int, intervals: Bool = false,
                       header makeHeader: (JSONValue) -> Asciicast.Header?) throws(TranscriptReadError) -> Asciicast {
        let (lines, endsWithNewline) = AsciicastReader.lines(text)
        // v3 allows comment lines starting with '#'; blank lines are skipped in both.
        let content = lines.filter { !$0.text.isEmpty && !(version == 3 && $0.text.hasPrefix("#")) }
        guard let first = content.first else { throw TranscriptReadError(file: file, line: 1, message: "empty file: not an asciicast recording") }
        let headerValue: JSONValue
        do { headerValue = try JSONParser.parse(String(first.text)) } catch {
            throw TranscriptReadError(file: file, line: first.number, message: "the header line is not JSON: \(error)")
        }
        guard let header = makeHeader(headerValue) else {
            throw TranscriptReadError(file: file, line: first.number,
                                      message: version == 3 ? "the v3 header needs \"term\": {\"cols\": …, \"rows\": …}" : "the v2 header needs \"width\" and \"height\"")
        }
        var events: [Asciicast.Event] = []
        events.reserveCapacity(content.count)
        var time = 0.0
        var truncated = false
        for (position, line) in content.dropFirst().enumerated() {
            let isLast = position == content.count - 2
            guard let event = parse(line.text) else {
                if isLast && !endsWithNewline {
                    truncated = true
                    break
                }
                throw TranscriptReadError(file: file, line: line.number, message: "not an event: expected [time, \"code\", \"data\"]")
            }
            if intervals { time += event.time } else { time = event.time }
            events.append(Asciicast.Event(time: time, code: event.code, data: event.data))
        }
        return Asciicast(header: header, events: events, version: version, truncated: truncated)
    }

    private static func parse(_ line: Substring) -> Asciicast.Event? {
        guard let value = try? JSONParser.parse(String(line)), case .array(let parts) = value, parts.count == 3,
              let time = parts[0].number, time >= 0, case .string(let code) = parts[1], case .string(let data) = parts[2] else { return nil }
        return Asciicast.Event(time: time, code: Asciicast.Code(rawValue: code), data: data)
    }
}
