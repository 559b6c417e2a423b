import JSON

/// What a transcript's sidecar says about the session as a whole: enough to run it again.
public struct SessionRecord: Sendable, Equatable {
    /// A lesson file the session used, with a hash of its bytes so `verify` can tell it changed.
    public struct LessonFile: Sendable, Equatable {
        public var path: String
        public var hash: String
        public init(path: String, hash: String) {
            self.path = path
            self.hash = hash
        }
    }

    public var workshopVersion: String
    public var lessons: [LessonFile]
    /// `sim` (the embedded simulated cluster) or `shell` (real CLIs against a real cluster).
    public var backend: String
    /// The scenario's name (`default`, or the file it came from).
    public var scenario: String
    /// The scenario file's text, kept so the transcript verifies without it.
    public var scenarioText: String?
    public var seed: UInt64
    public var speed: String
    /// Whether 12-digit account ids were masked too (verification redacts fresh output the same way).
    public var accountIdsMasked = false

    public init(workshopVersion: String, lessons: [LessonFile], backend: String = "sim", scenario: String = "default",
                scenarioText: String? = nil, seed: UInt64, speed: String) {
        self.workshopVersion = workshopVersion
        self.lessons = lessons
        self.backend = backend
        self.scenario = scenario
        self.scenarioText = scenarioText
        self.seed = seed
        self.speed = speed
    }

    var json: JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [
            ("type", .string("session")), ("workshop", .string(workshopVersion)),
            ("lessons", .array(lessons.map { .object([("path", .string($0.path)), ("hash", .string($0.hash))]) })),
            ("backend", .string(backend)), ("scenario", .string(scenario)),
        ]
        if let scenarioText { pairs.append(("scenarioText", .string(scenarioText))) }
        pairs += [("seed", .string(String(seed))), ("speed", .string(speed))]
        if accountIdsMasked { pairs.append(("accountIdsMasked", .bool(true))) }
        return .object(pairs)
    }

    init?(json: JSONValue) {
        guard case .string("session")? = json["type"], case .string(let version)? = json["workshop"],
              case .array(let files)? = json["lessons"], case .string(let seedText)? = json["seed"], let seed = UInt64(seedText) else { return nil }
        self.workshopVersion = version
        self.lessons = files.compactMap { file in
            guard case .string(let path)? = file["path"], case .string(let hash)? = file["hash"] else { return nil }
            return LessonFile(path: path, hash: hash)
        }
        self.backend = json["backend"]?.stringValue ?? "sim"
        self.scenario = json["scenario"]?.stringValue ?? "default"
        self.scenarioText = json["scenarioText"]?.stringValue
        self.seed = seed
        self.speed = json["speed"]?.stringValue ?? "max"
        if case .bool(true)? = json["accountIdsMasked"] { self.accountIdsMasked = true }
    }
}

/// One command the session ran (from a lesson block or typed), or a cluster reset.
public struct StepRecord: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case command
        /// `:reset` or `prepare-environment`: a fresh simulated cluster from here on.
        case reset
        /// One call of `aws`, `kubectl`, `eksctl` or `sleep` that a command's bash made to the
        /// session: `arguments` and `environment` say exactly what it asked.
        case call
    }

    public var number: Int
    public var kind: Kind
    /// The lesson block it came from (1-based), if any, and that block's line in the lesson file.
    public var block: Int?
    public var lessonLine: Int?
    public var command: String
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// Simulated time at the start and end, in milliseconds since the cluster started.
    public var simulatedStart: Int64
    public var simulatedEnd: Int64
    public var wallSeconds: Double
    /// Cluster events during the command, as `mm:ss summary` lines.
    public var events: [String]
    /// A call's argument vector, the program's name first (empty for other kinds).
    public var arguments: [String] = []
    /// The variables a call's program reads (region, output format), as the call saw them; never
    /// credentials, which no program here needs.
    public var environment: [String: String] = [:]
    /// What a call's program read besides its arguments (`-` for standard input, else a path as
    /// given), so a replay gets the same manifest.
    public var inputs: [String: String] = [:]

    public init(number: Int, kind: Kind = .command, block: Int? = nil, lessonLine: Int? = nil, command: String, status: Int32 = 0,
                stdout: String = "", stderr: String = "", simulatedStart: Int64 = 0, simulatedEnd: Int64 = 0, wallSeconds: Double = 0,
                events: [String] = []) {
        self.number = number
        self.kind = kind
        self.block = block
        self.lessonLine = lessonLine
        self.command = command
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.simulatedStart = simulatedStart
        self.simulatedEnd = simulatedEnd
        self.wallSeconds = wallSeconds
        self.events = events
    }

    /// True when the participant interrupted it (Ctrl-C): status 130.
    public var interrupted: Bool { status == 130 }

    var json: JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [("type", .string("step")), ("step", .int(number)), ("kind", .string(kind.rawValue))]
        if let block { pairs.append(("block", .int(block))) }
        if let lessonLine { pairs.append(("line", .int(lessonLine))) }
        pairs += [
            ("command", .string(command)), ("status", .int(Int(status))), ("stdout", .string(stdout)), ("stderr", .string(stderr)),
            ("simStartMs", .int(Int(simulatedStart))), ("simEndMs", .int(Int(simulatedEnd))),
            ("wallSeconds", .double((wallSeconds * 1000).rounded() / 1000)), ("events", .array(events.map(JSONValue.string))),
        ]
        if !arguments.isEmpty { pairs.append(("argv", .array(arguments.map(JSONValue.string)))) }
        if !environment.isEmpty {
            pairs.append(("env", .object(environment.sorted { $0.key < $1.key }.map { (key: $0.key, value: JSONValue.string($0.value)) })))
        }
        if !inputs.isEmpty {
            pairs.append(("inputs", .object(inputs.sorted { $0.key < $1.key }.map { (key: $0.key, value: JSONValue.string($0.value)) })))
        }
        return .object(pairs)
    }

    init?(json: JSONValue) {
        guard case .string("step")? = json["type"], case .int(let number)? = json["step"], case .string(let command)? = json["command"],
              case .int(let status)? = json["status"] else { return nil }
        self.number = number
        self.kind = Kind(rawValue: json["kind"]?.stringValue ?? "command") ?? .command
        if case .int(let block)? = json["block"] { self.block = block }
        if case .int(let line)? = json["line"] { self.lessonLine = line }
        self.command = command
        self.status = Int32(clamping: status)
        self.stdout = json["stdout"]?.stringValue ?? ""
        self.stderr = json["stderr"]?.stringValue ?? ""
        // A damaged record's 1e300 must not trap: such a time is taken as 0.
        self.simulatedStart = Int64(AsciicastReader.wholeNumber(json["simStartMs"]?.number ?? 0) ?? 0)
        self.simulatedEnd = Int64(AsciicastReader.wholeNumber(json["simEndMs"]?.number ?? 0) ?? 0)
        self.wallSeconds = json["wallSeconds"]?.number ?? 0
        if case .array(let events)? = json["events"] { self.events = events.compactMap(\.stringValue) } else { self.events = [] }
        if case .array(let arguments)? = json["argv"] { self.arguments = arguments.compactMap(\.stringValue) }
        if case .object(let pairs)? = json["env"] {
            for (key, value) in pairs { if let text = value.stringValue { environment[key] = text } }
        }
        if case .object(let pairs)? = json["inputs"] {
            for (key, value) in pairs { if let text = value.stringValue { inputs[key] = text } }
        }
    }
}
