import JSON

/// The step records of a session: a JSON-lines sidecar beside the `.cast` file
/// (`lesson.cast` → `lesson.steps.jsonl`).
///
/// asciicast v2 has no place for structured records (players only know its event codes), so they
/// live beside it, one JSON object per line: a `session` line, a `step` line per command, and an
/// `end` line when the session closed normally.
public struct StepLog: Sendable, Equatable {
    public var session: SessionRecord
    public var steps: [StepRecord]
    /// Every line the participant entered, in order (Enter on a block is an empty line): enough to
    /// record the same session again (`verify --update`).
    public var inputs: [String] = []
    /// What was seen of the cluster whenever it changed (`observation` lines): the frames an upgrade
    /// timeline is drawn from. Opaque here; `ClusterObservation.TimelineFrame` reads them.
    public var observations: [JSONValue] = []
    /// False when the file has no `end` line: the session was killed (its records are still whole).
    public var complete: Bool
    /// True when the last line was cut off mid-write.
    public var truncated: Bool

    public init(session: SessionRecord, steps: [StepRecord], complete: Bool = true, truncated: Bool = false) {
        self.session = session
        self.steps = steps
        self.complete = complete
        self.truncated = truncated
    }

    /// The sidecar's path for a cast file: `x.cast` → `x.steps.jsonl`.
    public static func sidecarPath(forCast path: String) -> String {
        (path.hasSuffix(".cast") ? String(path.dropLast(5)) : path) + ".steps.jsonl"
    }

    /// The cast's path for a sidecar, the reverse of ``sidecarPath(forCast:)``.
    public static func castPath(forSidecar path: String) -> String {
        (path.hasSuffix(".steps.jsonl") ? String(path.dropLast(12)) : path) + ".cast"
    }

    /// A one-line summary of how far the file goes, for a transcript that was cut short.
    public var status: String {
        if truncated { return "truncated after step \(steps.last?.number ?? 0)" }
        if !complete { return "ended without closing after step \(steps.last?.number ?? 0) (the session was killed)" }
        return "complete, \(steps.count) steps"
    }

    static func line(_ value: JSONValue) -> String { JSONSerializer.compact(value) + "\n" }

    static func inputLine(_ text: String) -> String { line(.object([("type", .string("input")), ("text", .string(text))])) }

    static let endLine = line(.object([("type", .string("end"))]))

    public static func decode(_ text: String, file: String) throws(TranscriptReadError) -> StepLog {
        let (lines, endsWithNewline) = AsciicastReader.lines(Substring(text))
        let content = lines.filter { !$0.text.isEmpty }
        guard let first = content.first else { throw TranscriptReadError(file: file, line: 1, message: "empty step log: no session record") }
        guard let firstValue = try? JSONParser.parse(String(first.text)), let session = SessionRecord(json: firstValue) else {
            if content.count == 1 && !endsWithNewline {
                throw TranscriptReadError(file: file, line: first.number, message: "truncated before the session record was complete")
            }
            throw TranscriptReadError(file: file, line: first.number, message: "the first line should be the session record ({\"type\":\"session\", …})")
        }
        var steps: [StepRecord] = []
        var inputs: [String] = []
        var observations: [JSONValue] = []
        var complete = false
        var truncated = false
        for (position, line) in content.dropFirst().enumerated() {
            let isLast = position == content.count - 2
            guard let value = try? JSONParser.parse(String(line.text)) else {
                if isLast && !endsWithNewline {
                    truncated = true
                    break
                }
                throw TranscriptReadError(file: file, line: line.number, message: "not a JSON record")
            }
            if case .string("end")? = value["type"] {
                complete = true
            } else if case .string("input")? = value["type"], case .string(let text)? = value["text"] {
                inputs.append(text)
            } else if case .string("observation")? = value["type"] {
                observations.append(value)
            } else if let step = StepRecord(json: value) {
                steps.append(step)
            } else {
                throw TranscriptReadError(file: file, line: line.number, message: "not a step record (needs type, step, command and status)")
            }
        }
        var log = StepLog(session: session, steps: steps, complete: complete, truncated: truncated)
        log.inputs = inputs
        log.observations = observations
        return log
    }

    /// The whole log as text (what ``TranscriptRecorder`` writes line by line).
    public func encoded() -> String {
        var text = Self.line(session.json)
        for step in steps { text += Self.line(step.json) }
        for observation in observations { text += Self.line(observation) }
        if complete { text += Self.endLine }
        return text
    }
}
