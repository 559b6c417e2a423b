import ClusterSim
import LessonKit
import Narration
import Presentation
import Transcript

/// Records a session fed from a list of input lines at maximum speed, as a piped `workshop run
/// --record` does. Such a recording is the same on every run, which is what reference transcripts
/// (and `verify --update`) need.
public enum ScriptedRecording {
    public static func record(lessons: [Lesson], library: [Lesson] = [], scenario: Scenario, source: SessionRecorder.ScenarioSource,
                              seed: UInt64, inputs: [String], path: String, clientExecutable: String, maskAccountIds: Bool = false, width: Int = 80,
                              timestamp: Int? = nil) throws {
        let guided = try GuidedSession(lessons: lessons, scenario: scenario, seed: seed, speed: .maximum, narration: .full,
                                       style: TerminalStyle(enabled: false, width: width), clientExecutable: clientExecutable, write: { _ in })
        guided.library = library
        guided.scenarioSource = source
        // Wall time would make each recording differ; scripted recordings are meant to be reproducible.
        guided.wallClock = FrozenWallClock()
        try guided.startRecording(path: path, width: width, simulatedTimeline: true, maskAccountIds: maskAccountIds, timestamp: timestamp)
        guided.start()
        for line in inputs {
            if !line.isEmpty { guided.write("$ \(line)\n") }
            if !guided.handle(line) { break }
        }
        guided.stopRecording()
    }
}

/// A wall clock that never moves: recordings made with it carry zero wall times, so they are
/// byte-identical from run to run (`SOURCE_DATE_EPOCH` asks for this, as in reproducible builds).
public struct FrozenWallClock: WallClock, Sendable {
    public init() {}
    public func now() -> Double { 0 }
}
