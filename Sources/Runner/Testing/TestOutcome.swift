import ClusterObservation
import LessonKit

/// How one block (or a whole lesson) came out.
public enum TestOutcome: String, Sendable, CaseIterable {
    case passed
    case failed
    /// `test=false`, `.notest`, or not reached after an earlier failure.
    case skipped
    /// Ran past its `timeout=` (simulated time on the simulator, wall time on a real cluster).
    case timedOut = "timed out"
}

/// The result of one code block.
public struct BlockResult: Sendable {
    /// 1-based position among the lesson's blocks in the chosen reading.
    public var number: Int
    public var line: Int
    public var command: String
    public var annotations: Annotations
    public var outcome: TestOutcome
    /// Why it failed, timed out or was skipped.
    public var message: String?
    public var stdout: String
    public var stderr: String
    public var simulatedSeconds: Double
    public var wallSeconds: Double

    public init(number: Int, line: Int, command: String, annotations: Annotations, outcome: TestOutcome, message: String? = nil,
                stdout: String = "", stderr: String = "", simulatedSeconds: Double = 0, wallSeconds: Double = 0) {
        self.number = number
        self.line = line
        self.command = command
        self.annotations = annotations
        self.outcome = outcome
        self.message = message
        self.stdout = stdout
        self.stderr = stderr
        self.simulatedSeconds = simulatedSeconds
        self.wallSeconds = wallSeconds
    }
}

/// The result of one lesson page.
public struct LessonResult: Sendable {
    public var file: String
    public var title: String
    /// Directory path of the lesson's suite (for grouping in reports).
    public var suite: String
    public var blocks: [BlockResult]
    /// A failure outside any block (unreadable lesson, suite hook).
    public var error: String?
    public var simulatedSeconds: Double { blocks.reduce(0) { $0 + $1.simulatedSeconds } }
    /// What was seen of the lesson's cluster whenever it changed (with ``TestOptions/observeTimeline``).
    public var timeline: [TimelineFrame] = []
    public var wallSeconds: Double

    public init(file: String, title: String, suite: String, blocks: [BlockResult] = [], error: String? = nil, wallSeconds: Double = 0) {
        self.file = file
        self.title = title
        self.suite = suite
        self.blocks = blocks
        self.error = error
        self.wallSeconds = wallSeconds
    }

    /// The lesson's overall outcome: failed or timed out if any block did (or an error occurred),
    /// skipped if nothing ran, passed otherwise.
    public var outcome: TestOutcome {
        if error != nil || blocks.contains(where: { $0.outcome == .failed }) { return .failed }
        if blocks.contains(where: { $0.outcome == .timedOut }) { return .timedOut }
        if !blocks.contains(where: { $0.outcome == .passed }) { return .skipped }
        return .passed
    }
}

/// Everything a `workshop test` run found.
public struct TestReport: Sendable {
    public var lessons: [LessonResult]
    public var backend: String
    public var reading: Reading
    public var wallSeconds: Double

    public init(lessons: [LessonResult], backend: String, reading: Reading, wallSeconds: Double) {
        self.lessons = lessons
        self.backend = backend
        self.reading = reading
        self.wallSeconds = wallSeconds
    }

    public var blocks: [BlockResult] { lessons.flatMap(\.blocks) }

    public func count(_ outcome: TestOutcome) -> Int { blocks.filter { $0.outcome == outcome }.count }

    /// Any failure, timeout, or lesson-level error.
    public var failed: Bool {
        lessons.contains { $0.error != nil } || blocks.contains { $0.outcome == .failed || $0.outcome == .timedOut }
    }
}
