import JSON

/// asciicast v1: one JSON document with a `stdout` array of `[delay, data]` frames.
public enum AsciicastV1: AsciicastFormat {
    public static let version = 1

    public static func decode(_ text: Substring, file: String) throws(TranscriptReadError) -> Asciicast {
        let document: JSONValue
        do {
            document = try JSONParser.parse(String(text))
        } catch {
            throw TranscriptReadError(file: file, line: 1, message: "asciicast v1 is one JSON document, and this one does not parse: \(error)")
        }
        guard case .array(let frames)? = document["stdout"] else {
            throw TranscriptReadError(file: file, line: 1, message: "asciicast v1 needs a \"stdout\" array of [delay, data] frames")
        }
        var events: [Asciicast.Event] = []
        var time = 0.0
        for (index, frame) in frames.enumerated() {
            guard case .array(let parts) = frame, parts.count == 2, let delay = parts[0].number, case .string(let data) = parts[1] else {
                throw TranscriptReadError(file: file, line: 1, message: "frame \(index + 1) of \"stdout\" should be [delay, \"data\"]")
            }
            time += delay
            events.append(Asciicast.Event(time: time, code: .output, data: data))
        }
        let header = Asciicast.Header(
            width: AsciicastReader.terminalSize(document["width"]?.number ?? 80),
            height: AsciicastReader.terminalSize(document["height"]?.number ?? 24),
            title: document["title"]?.stringValue, command: document["command"]?.stringValue,
            environment: AsciicastReader.environment(document["env"]))
        return Asciicast(header: header, events: events, version: 1)
    }
}
