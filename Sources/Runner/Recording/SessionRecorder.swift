import ClusterSim
import Foundation
import LessonKit
import Transcript

/// The recording side of a session: builds the transcript's session record and turns commands and
/// cluster events into step records and markers.
public final class SessionRecorder {
    public let transcript: TranscriptRecorder
    private var stepNumber = 0

    /// Where a session's scenario came from, kept in the transcript so it verifies without the file.
    public struct ScenarioSource: Sendable {
        public var name: String
        public var text: String?
        public init(name: String = "default", text: String? = nil) {
            self.name = name
            self.text = text
        }
    }

    public init(transcript: TranscriptRecorder) {
        self.transcript = transcript
    }

    /// The session record for lessons run on a scenario with a seed.
    public static func sessionRecord(lessons: [Lesson], scenario: ScenarioSource, seed: UInt64, speed: SimulationSpeed,
                                     backend: String = "sim") -> SessionRecord {
        var seen = Set<String>()
        let files = lessons.compactMap { lesson -> SessionRecord.LessonFile? in
            guard seen.insert(lesson.file).inserted else { return nil }
            return SessionRecord.LessonFile(path: relativeToWorkingDirectory(lesson.file), hash: fileHash(lesson.file))
        }
        return SessionRecord(workshopVersion: WorkshopVersion.current, lessons: files, backend: backend, scenario: scenario.name,
                             scenarioText: scenario.text, seed: seed, speed: speed.description)
    }

    /// Creates a transcript (cast + sidecar) for a session on these lessons: the one way the guided
    /// shell and test mode start a recording.
    public static func openTranscript(path: String, lessons: [Lesson], scenario: ScenarioSource, seed: UInt64, speed: SimulationSpeed,
                                      backend: String = "sim", title: String?, width: Int = 100, height: Int = 40, timestamp: Int? = nil,
                                      environment: [(key: String, value: String)] = [], maskAccountIds: Bool = false,
                                      now: @escaping () -> Double) throws(TranscriptWriteError) -> TranscriptRecorder {
        var record = sessionRecord(lessons: lessons, scenario: scenario, seed: seed, speed: speed, backend: backend)
        record.accountIdsMasked = maskAccountIds
        let header = Asciicast.Header(width: width, height: height, timestamp: timestamp, idleTimeLimit: 2, title: title,
                                      environment: environment)
        return try TranscriptRecorder(castPath: path, header: header, session: record, redactor: Redactor(maskAccountIds: maskAccountIds), now: now)
    }

    /// `path` relative to the current directory when it lies under it, so a transcript recorded in a
    /// repository verifies from any clone of it.
    static func relativeToWorkingDirectory(_ path: String) -> String {
        let directory = FileManager.default.currentDirectoryPath
        guard path.hasPrefix("/"), path.hasPrefix(directory + "/") else { return path }
        return String(path.dropFirst(directory.count + 1))
    }

    /// The hash of a file's bytes as they are now (`missing` when it cannot be read).
    public static func fileHash(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "missing" }
        return ContentHash.fnv1a64(data)
    }

    /// The next step's number (1-based).
    func nextStepNumber() -> Int {
        stepNumber += 1
        return stepNumber
    }
}
