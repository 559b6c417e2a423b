import Actions
import ClusterSim
import Foundation
import Transcript

/// Re-runs a recorded session's commands on a fresh simulated cluster (same scenario, same seed,
/// each command at the simulated moment it was recorded) and compares every step.
///
/// Simulator transcripts must match exactly. Transcripts from a real cluster (backend `shell`) are
/// compared after ``OutputNormalizer`` rewrites the values that differ between clusters.
public struct TranscriptVerifier {
    public struct Divergence: Sendable {
        public var step: StepRecord
        /// What differs: `exit status`, `output`, `error output`, `cluster events` or `end time`.
        public var aspect: String
        public var expected: String
        public var actual: String

        /// A readable account: the step, its command, and a diff.
        public var report: String {
            var lines = ["step \(step.number)\(step.block.map { ", block \($0)" } ?? "")\(step.lessonLine.map { " (lesson line \($0))" } ?? ""): \(step.command)"]
            if aspect == "exit status" || aspect == "end time" || aspect == "calls" {
                lines.append("  \(aspect): expected \(expected), got \(actual)")
            } else {
                let line = LineDiff.firstDifference(expected, actual) ?? 1
                lines.append("  \(aspect) differs from line \(line) (- recorded, + now):")
                lines.append(LineDiff.render(expected: expected, actual: actual).split(separator: "\n", omittingEmptySubsequences: false)
                    .map { "    " + $0 }.joined(separator: "\n"))
            }
            return lines.joined(separator: "\n")
        }
    }

    public struct Report: Sendable {
        public var stepsChecked = 0
        public var divergence: Divergence?
        /// Things the user should know whatever the result (lesson changed, other Workshop version, truncation).
        public var notes: [String] = []
        /// For real-cluster transcripts: what the normalisation replaced, by kind.
        public var normalised: [String: Int] = [:]
        /// The steps as they ran now (for `verify --update`).
        public var actualSteps: [StepRecord] = []
        /// Where the cast (what players show) disagrees with the step records, if it does.
        public var castDisagreement: CastAgreement.Disagreement?
        public var passed: Bool { divergence == nil && castDisagreement == nil }
    }

    public let log: StepLog
    /// The cast the step records belong to; nil when only the records were given.
    public let cast: Asciicast?
    public let scenario: Scenario
    /// Where the transcript lives: a lesson path recorded relative to a repository is looked up
    /// from here upwards when it is not under the current directory.
    public let transcriptDirectory: String?

    public init(log: StepLog, cast: Asciicast? = nil, scenario: Scenario, transcriptDirectory: String? = nil) {
        self.log = log
        self.cast = cast
        self.scenario = scenario
        self.transcriptDirectory = transcriptDirectory
    }

    /// A recorded lesson path as it resolves now: as is, else from the transcript's folder upwards.
    public static func resolve(lessonPath path: String, transcriptDirectory: String?) -> String {
        guard !path.hasPrefix("/"), !FileManager.default.fileExists(atPath: path), let transcriptDirectory else { return path }
        var directory = URL(fileURLWithPath: transcriptDirectory).standardizedFileURL
        for _ in 0..<8 {
            let candidate = directory.appendingPathComponent(path).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { break }
            directory = parent
        }
        return path
    }

    /// The scenario a transcript was recorded on: its embedded text, or the default cluster.
    public static func scenario(of log: StepLog, file: String) throws -> Scenario {
        guard let text = log.session.scenarioText else { return .default }
        return try ScenarioLoader.parse(text, file: "\(file) (recorded scenario \(log.session.scenario))")
    }

    public func verify() -> Report {
        var report = Report()
        let exact = log.session.backend == "sim"
        if !exact {
            report.notes.append("recorded on a real cluster (backend \(log.session.backend)): compared with the simulator after normalising values that differ between clusters")
        }
        for lesson in log.session.lessons {
            let now = SessionRecorder.fileHash(Self.resolve(lessonPath: lesson.path, transcriptDirectory: transcriptDirectory))
            if now == "missing" {
                report.notes.append("the lesson \(lesson.path) is not there any more; the recorded commands were run as recorded")
            } else if now != lesson.hash {
                report.notes.append("the lesson \(lesson.path) changed since this was recorded; the recorded commands were run as recorded")
            }
        }
        if log.session.workshopVersion != WorkshopVersion.current {
            report.notes.append("recorded with Workshop \(log.session.workshopVersion), verified with \(WorkshopVersion.current): a difference may come from a change in Workshop itself")
        }
        if log.truncated || !log.complete { report.notes.append("the transcript is \(log.status)") }
        if let cast {
            if cast.truncated {
                report.notes.append("the cast is cut short, so its output was not compared with the step records")
            } else {
                report.castDisagreement = CastAgreement.firstDisagreement(cast: cast, steps: log.steps)
            }
        } else {
            report.notes.append("no cast beside the step records: only the step records were verified")
        }

        let redactor = Redactor(maskAccountIds: log.session.accountIdsMasked)
        let normalizer = OutputNormalizer()
        let clock = DeadlineClock()
        let lessonSession: LessonSession
        do {
            lessonSession = try LessonSession(scenario: scenario, seed: log.session.seed, clock: clock, clientExecutable: nil)
        } catch {
            report.notes.append("cannot start a session to verify on: \(error)")
            return report
        }
        lessonSession.scenarioSearchPath = log.session.lessons.flatMap { lesson in
            let path = Self.resolve(lessonPath: lesson.path, transcriptDirectory: transcriptDirectory)
            return LessonTestRunner.directories(from: (path as NSString).deletingLastPathComponent, upTo: "/")
        }
        // Sessions that ran in bash record each call their commands made: those calls are what
        // reached the cluster, and they are re-run; the bash around them is checked against the cast.
        let ranInBash = log.steps.contains { $0.kind == .call }
        // Before 0.3.0 a session interpreted command lines itself and recorded no calls: there is
        // nothing of such a transcript that bash would run the same way.
        if !ranInBash, ["0.1.", "0.2."].contains(where: { log.session.workshopVersion.hasPrefix($0) }),
           let first = log.steps.first(where: { $0.kind == .command }) {
            report.divergence = Divergence(step: first, aspect: "calls", expected: "the calls its commands made to the cluster",
                                           actual: "none recorded: Workshop \(log.session.workshopVersion) ran commands in its own interpreter, not bash (record it again: workshop verify --update)")
            return report
        }

        for step in log.steps {
            guard let session = lessonSession.session else { break }
            report.stepsChecked += 1
            if step.kind == .reset {
                lessonSession.reset()
                report.actualSteps.append(step)
                continue
            }
            let start = SimTime(milliseconds: step.simulatedStart)
            if exact, session.simulator.now < start { session.simulator.run(until: start) }
            clock.deadline = exact && step.interrupted ? SimTime(milliseconds: step.simulatedEnd) : nil
            guard step.kind == .call else {
                // A line that made no call to the cluster: what it printed is checked against the cast.
                report.actualSteps.append(step)
                continue
            }
            let call = lessonSession.replay(arguments: step.arguments, environment: step.environment, inputs: step.inputs)
            var actual = StepRecord(number: step.number, kind: .call, block: step.block, lessonLine: step.lessonLine, command: step.command,
                                    status: call.status, stdout: redactor.redact(call.stdout), stderr: redactor.redact(call.stderr),
                                    simulatedStart: call.simulatedStart.milliseconds, simulatedEnd: call.simulatedEnd.milliseconds,
                                    wallSeconds: step.wallSeconds, events: call.events.map(redactor.redact))
            actual.arguments = step.arguments
            actual.environment = step.environment
            actual.inputs = step.inputs
            if !exact { actual.events = step.events }
            report.actualSteps.append(actual)
            guard report.divergence == nil else { continue }
            if let divergence = compare(step, actual, exact: exact, normalizer: normalizer, normalised: &report.normalised) {
                report.divergence = divergence
            }
        }
        return report
    }

    private func compare(_ expected: StepRecord, _ actual: StepRecord, exact: Bool, normalizer: OutputNormalizer,
                         normalised: inout [String: Int]) -> Divergence? {
        func differs(_ a: String, _ b: String) -> (String, String)? {
            if exact { return a == b ? nil : (a, b) }
            let (na, ca) = normalizer.normalize(a)
            let (nb, _) = normalizer.normalize(b)
            for (kind, count) in ca { normalised[kind, default: 0] += count }
            return na == nb ? nil : (na, nb)
        }
        if expected.status != actual.status {
            return Divergence(step: expected, aspect: "exit status", expected: String(expected.status), actual: String(actual.status))
        }
        if let (a, b) = differs(expected.stdout, actual.stdout) { return Divergence(step: expected, aspect: "output", expected: a, actual: b) }
        if let (a, b) = differs(expected.stderr, actual.stderr) { return Divergence(step: expected, aspect: "error output", expected: a, actual: b) }
        guard exact else { return nil }
        if expected.events != actual.events {
            return Divergence(step: expected, aspect: "cluster events", expected: expected.events.joined(separator: "\n"),
                              actual: actual.events.joined(separator: "\n"))
        }
        if expected.simulatedEnd != actual.simulatedEnd {
            func clock(_ ms: Int64) -> String { SimTime(milliseconds: ms).clockText + " simulated" }
            return Divergence(step: expected, aspect: "end time", expected: clock(expected.simulatedEnd), actual: clock(actual.simulatedEnd))
        }
        return nil
    }
}
