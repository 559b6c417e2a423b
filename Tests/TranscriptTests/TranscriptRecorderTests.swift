import Foundation
import Testing
@testable import Transcript

/// What the recorder leaves on disk reads back, whole or cut off at any byte.
@Suite struct TranscriptRecorderTests {
    final class Clock: @unchecked Sendable {
        var seconds = 0.0
    }

    static func directory() -> String {
        let path = NSTemporaryDirectory() + "workshop-transcript-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let session = SessionRecord(workshopVersion: "test", lessons: [.init(path: "lessons/x.md", hash: "fnv1a64:0")], seed: 7, speed: "max")

    func record(into path: String) throws -> TranscriptRecorder {
        let clock = Clock()
        let recorder = try TranscriptRecorder(castPath: path, header: Asciicast.Header(width: 80, height: 24, idleTimeLimit: 2),
                                              session: Self.session, now: { clock.seconds })
        recorder.output("Lesson title\n")
        clock.seconds = 1.5
        recorder.input("")
        recorder.marker("Step 1/2: aws eks list-clusters")
        recorder.output("$ aws eks list-clusters\n{\n")
        recorder.output("    \"clusters\": []\n}\n")
        recorder.step(StepRecord(number: 1, block: 1, lessonLine: 9, command: "aws eks list-clusters", stdout: "{\n    \"clusters\": []\n}\n",
                                 simulatedStart: 0, simulatedEnd: 0))
        clock.seconds = 4
        recorder.marker("Phase 2/4: scale up (default)")
        recorder.output("partial line without newline")
        return recorder
    }

    @Test func aClosedRecordingReadsBackWhole() throws {
        let path = Self.directory() + "/s.cast"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let recorder = try record(into: path)
        recorder.close()
        let cast = try AsciicastReader.decode(try String(contentsOfFile: path, encoding: .utf8), file: path)
        #expect(cast.version == 2 && !cast.truncated)
        #expect(cast.markers.map(\.label) == ["Step 1/2: aws eks list-clusters", "Phase 2/4: scale up (default)"])
        #expect(cast.outputText == "Lesson title\r\n$ aws eks list-clusters\r\n{\r\n    \"clusters\": []\r\n}\r\npartial line without newline")
        #expect(cast.events.map(\.time) == cast.events.map(\.time).sorted())
        let log = try StepLog.decode(try String(contentsOfFile: StepLog.sidecarPath(forCast: path), encoding: .utf8), file: "s")
        #expect(log.complete && !log.truncated)
        #expect(log.session == Self.session)
        #expect(log.inputs == [""])
        #expect(log.steps.map(\.command) == ["aws eks list-clusters"])
        #expect(log.status == "complete, 1 steps")
    }

    /// A process killed at any moment leaves files cut at some byte: each still reads to its last
    /// whole line, and says how far it got.
    @Test func aRecordingCutAtAnyByteReadsToItsLastWholeEvent() throws {
        let path = Self.directory() + "/k.cast"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let recorder = try record(into: path)
        recorder.close()
        let cast = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let whole = try AsciicastReader.decode(String(decoding: cast, as: UTF8.self), file: "k.cast")
        let headerLength = cast.firstIndex(of: 10)! + 1
        for length in headerLength..<cast.count {
            let read = try AsciicastReader.decode(String(decoding: cast[..<length], as: UTF8.self), file: "k.cast")
            let wholeLines = cast[..<length].filter { $0 == 10 }.count
            // Every whole line is an event; a cut line counts only if it happens to be complete JSON.
            #expect(read.events.count == wholeLines - 1 || (read.events.count == wholeLines && !read.truncated), "cut at \(length)")
            #expect(Array(whole.events.prefix(read.events.count)) == read.events, "cut at \(length)")
            if read.truncated { #expect(cast[length - 1] != 10) }
        }
        let sidecar = Array(try Data(contentsOf: URL(fileURLWithPath: StepLog.sidecarPath(forCast: path))))
        let sessionLength = sidecar.firstIndex(of: 10)! + 1
        for length in sessionLength..<sidecar.count {
            let log = try StepLog.decode(String(decoding: sidecar[..<length], as: UTF8.self), file: "k.steps.jsonl")
            let lastLine = sidecar[..<length].split(separator: 10, omittingEmptySubsequences: false).last ?? []
            let cutMidLine = !lastLine.isEmpty && (try? JSONSerializationCheck.parses(lastLine)) != true
            #expect(log.truncated == cutMidLine, "cut at \(length)")
            if cutMidLine { #expect(log.status == "truncated after step \(log.steps.last?.number ?? 0)") }
            #expect(log.complete == (length >= sidecar.count - 1))
        }
    }

    @Test func aSecretSplitAcrossWritesIsStillRedacted() throws {
        let path = Self.directory() + "/r.cast"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let recorder = try TranscriptRecorder(castPath: path, header: Asciicast.Header(width: 80, height: 24), session: Self.session, now: { 0 })
        recorder.output("key AKIAIOSF")
        recorder.output("ODNN7EXAMPLE here\n")
        recorder.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("AKIAIOSFODNN7EXAMPLE"))
        #expect(text.contains("[REDACTED aws-access-key-id]"))
    }

    @Test func anUnwritablePlaceSaysSo() {
        #expect(throws: TranscriptWriteError.self) {
            _ = try TranscriptRecorder(castPath: "/proc/workshop/x.cast", header: Asciicast.Header(width: 80, height: 24),
                                       session: Self.session, now: { 0 })
        }
    }

    @Test func replayPlanCapsPausesAndFindsSteps() throws {
        let events = [Asciicast.Event(time: 0, code: .output, data: "a"), Asciicast.Event(time: 30, code: .marker, data: "Step 1/2: x"),
                      Asciicast.Event(time: 31, code: .output, data: "b"), Asciicast.Event(time: 90, code: .marker, data: "Step 2/2: y"),
                      Asciicast.Event(time: 91, code: .output, data: "c")]
        let cast = Asciicast(header: Asciicast.Header(width: 80, height: 24, idleTimeLimit: 2), events: events, version: 2)
        let plan = try ReplayPlan(cast, speed: 2)
        #expect(plan.items.map(\.delay) == [0, 1, 0.5, 1, 0.5])
        #expect(try ReplayPlan(cast, idleLimit: 10).duration == 22)
        #expect(try ReplayPlan(cast, fromStep: 2).outputFromStart == "c")
        #expect(throws: ReplayPlanError.self) { _ = try ReplayPlan(cast, fromStep: 3) }
    }

    @Test func normalisationIgnoresWhatDiffersBetweenClusters() {
        let normalizer = OutputNormalizer()
        let real = "ip-10-0-1-23.ec2.internal   Ready    <none>   3d4h   v1.33.5-eks-1a2b3c4\nami-0123456789abcdef0 i-0abc12345def67890 2026-11-02T10:00:00Z"
        let sim = "ip-10-42-10-96.us-west-2.compute.internal   Ready    <none>   26h   v1.33.5-eks-d6cda37\nami-058493bfb5bd0fe88 i-069a69ff439e7c258 2026-01-01T00:00:00.000Z"
        let (a, kinds) = normalizer.normalize(real)
        #expect(a == normalizer.normalize(sim).text)
        #expect(Set(kinds.keys).isSuperset(of: ["AMI ids", "instance ids", "node names", "timestamps", "ages and durations"]))
    }

    @Test func diffShowsRecordedThenActual() {
        let diff = LineDiff.render(expected: "a\nb\nc\nd", actual: "a\nB\nc\nd")
        #expect(diff == "  a\n- b\n+ B\n  c\n  d")
        #expect(LineDiff.firstDifference("x\ny", "x\nz") == 2)
    }
}

enum JSONSerializationCheck {
    static func parses(_ bytes: ArraySlice<UInt8>) throws -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) != nil
    }
}
