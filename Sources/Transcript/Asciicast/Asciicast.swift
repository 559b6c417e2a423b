/// A terminal recording in asciinema's asciicast model, whatever version it was read from.
///
/// Times are absolute seconds since the recording started (v2's convention); v1 and v3 files, which
/// store intervals, are converted on reading.
public struct Asciicast: Sendable, Equatable {
    public var header: Header
    public var events: [Event]
    /// The file's format version (1, 2 or 3).
    public var version: Int
    /// True when the file ends in an incomplete line (a session killed while writing it): the
    /// events before it were read, the broken line dropped.
    public var truncated = false

    public init(header: Header, events: [Event], version: Int, truncated: Bool = false) {
        self.header = header
        self.events = events
        self.version = version
        self.truncated = truncated
    }

    public struct Header: Sendable, Equatable {
        public var width: Int
        public var height: Int
        /// Unix time the recording started.
        public var timestamp: Int?
        /// Players cap pauses to this many seconds.
        public var idleTimeLimit: Double?
        public var title: String?
        public var command: String?
        public var environment: [(key: String, value: String)]

        public init(width: Int, height: Int, timestamp: Int? = nil, idleTimeLimit: Double? = nil, title: String? = nil,
                    command: String? = nil, environment: [(key: String, value: String)] = []) {
            self.width = width
            self.height = height
            self.timestamp = timestamp
            self.idleTimeLimit = idleTimeLimit
            self.title = title
            self.command = command
            self.environment = environment
        }

        public static func == (a: Header, b: Header) -> Bool {
            a.width == b.width && a.height == b.height && a.timestamp == b.timestamp && a.idleTimeLimit == b.idleTimeLimit
                && a.title == b.title && a.command == b.command && a.environment.map(\.key) == b.environment.map(\.key)
                && a.environment.map(\.value) == b.environment.map(\.value)
        }
    }

    public struct Event: Sendable, Equatable {
        public var time: Double
        public var code: Code
        public var data: String

        public init(time: Double, code: Code, data: String) {
            self.time = time
            self.code = code
            self.data = data
        }
    }

    /// Event types of asciicast v2/v3. Unknown codes are kept so nothing read is lost.
    public enum Code: Sendable, Equatable, RawRepresentable {
        case output, input, marker, resize, exit
        case other(String)

        public init(rawValue: String) {
            switch rawValue {
            case "o": self = .output
            case "i": self = .input
            case "m": self = .marker
            case "r": self = .resize
            case "x": self = .exit
            default: self = .other(rawValue)
            }
        }

        public var rawValue: String {
            switch self {
            case .output: return "o"
            case .input: return "i"
            case .marker: return "m"
            case .resize: return "r"
            case .exit: return "x"
            case .other(let code): return code
            }
        }
    }

    /// Markers in order, with their event index.
    public var markers: [(index: Int, time: Double, label: String)] {
        events.enumerated().compactMap { index, event in event.code == .marker ? (index, event.time, event.data) : nil }
    }

    /// Everything printed, in order: what `asciinema cat` shows.
    public var outputText: String {
        var text = ""
        for event in events where event.code == .output { text += event.data }
        return text
    }

    /// Length in seconds (the last event's time).
    public var duration: Double { events.last?.time ?? 0 }
}
