import Foundation
import Testing
import ClusterSim
import LessonKit
import Narration
import Presentation
import Transcript
@testable import Runner

/// Recording a participant's session: what reaches the disk, and that it verifies by re-running.
@Suite(.enabled(if: ClientProgram.isBuilt, "workshop-client is not built beside the tests")) struct RecordingTests {
    /// Secret shapes and, for each, the secret part that must disappear.
    static let shapes: [(text: String, secret: String)] = [
        ("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
        ("temporary ASIAY34FZKBOKMUTVV7A in use", "ASIAY34FZKBOKMUTVV7A"),
        ("export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        ("aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"),
        ("\"SecretAccessKey\": \"9drTJvcXLB89EXAMPLELB8923FB892xMFI/EXAMPLE\",", "9drTJvcXLB89EXAMPLELB8923FB892xMFI/EXAMPLE"),
        ("export AWS_SESSION_TOKEN=AQoDYXdzEJr1K2EXAMPLEtokenEXAMPLEtokenEXAMPLE", "AQoDYXdzEJr1K2EXAMPLEtokenEXAMPLEtokenEXAMPLE"),
        ("\"SessionToken\": \"AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT+FvwqnKwRcOIfrRh3c/LTo6UDdyJwOOvEVPvLXCrrrUtdnniCEXAMPLE\"", "AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT+FvwqnKwRcOIfrRh3c/LTo6UDdyJwOOvEVPvLXCrrrUtdnniCEXAMPLE"),
        ("token FwoGZXIvYXdzEBYaDHqa0AP2kZ1mSomethingLong", "FwoGZXIvYXdzEBYaDHqa0AP2kZ1mSomethingLong"),
        ("IQoJb3JpZ2luX2VjEHYaCXVzLWVhc3QtMSJHMEUCIQD", "IQoJb3JpZ2luX2VjEHYaCXVzLWVhc3QtMSJHMEUCIQD"),
        ("Authorization: AWS4-HMAC-SHA256 Credential=abc/20260101/us-west-2/eks/aws4_request, Signature=fe5f80f77d5fa3beca038a248ff027", "Signature=fe5f80f77d5fa3beca038a248ff027"),
        ("curl -H 'Authorization: Basic dXNlcjpwYXNzd29yZA=='", "dXNlcjpwYXNzd29yZA=="),
        ("curl -H \"Authorization: Bearer abc.def.ghi-123\"", "abc.def.ghi-123"),
        ("bearer s3cr3tBearerValue42", "s3cr3tBearerValue42"),
        ("    token: eyJhbGciOiJSUzI1NiIsImtpZCI6Ik.eyJpc3MiOiJrdWJlcm5ldGVz.c2lnbmF0dXJlc2lnbmF0dXJl", "eyJhbGciOiJSUzI1NiIsImtpZCI6Ik.eyJpc3MiOiJrdWJlcm5ldGVz.c2lnbmF0dXJlc2lnbmF0dXJl"),
        ("    token: 7c2f1b5e9d8a4c3b2a1f0e9d8c7b6a5f", "7c2f1b5e9d8a4c3b2a1f0e9d8c7b6a5f"),
        ("kubectl --token=sha256~AbCdEfGhIjKlMnOpQrStUvWxYz get pods", "sha256~AbCdEfGhIjKlMnOpQrStUvWxYz"),
        ("\"token\": \"k8s-aws-v1.aHR0cHM6Ly9zdHMudXMtd2VzdC0yLmFtYXpvbmF3cy5jb20v\"", "k8s-aws-v1.aHR0cHM6Ly9zdHMudXMtd2VzdC0yLmFtYXpvbmF3cy5jb20v"),
        ("    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=", "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo="),
        ("git clone https://alice:hunter2pass@git.example.com/repo.git", "hunter2pass"),
        ("postgres://admin:Sup3rS3cret!@db.internal:5432/app", "Sup3rS3cret!"),
        ("password=CorrectHorseBatteryStaple", "CorrectHorseBatteryStaple"),
        ("DB_PASSWORD: 'p@ssw0rd-with-symbols'", "p@ssw0rd-with-symbols"),
        ("https://bucket.s3.amazonaws.com/k?X-Amz-Credential=AKIDEXAMPLE%2F20260101&X-Amz-Signature=0123456789abcdef0123", "0123456789abcdef0123"),
        ("https://x?X-Amz-Security-Token=IQoJb3JpZ2luX2VjEFoaExample%2Bpart", "IQoJb3JpZ2luX2VjEFoaExample"),
        ("-----BEGIN RSA PRIVATE KEY-----MIIEowIBAAKCAQEA", "MIIEowIBAAKCAQEA"),
        ("GITHUB_TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
        ("slack xoxb-123456789012-abcdefghijkl", "xoxb-123456789012-abcdefghijkl"),
        ("client_secret: 8Q~abcDEFghiJKLmnoPQRstuVWXyz", "8Q~abcDEFghiJKLmnoPQRstuVWXyz"),
    ]

    static let lessonPath = GuidedSessionTests.lessonPath

    static func temporaryCast() -> String {
        NSTemporaryDirectory() + "workshop-recording-\(UUID().uuidString)/session.cast"
    }

    func recordedSession(_ inputs: [String], speed: SimulationSpeed = .maximum, interruptAfterPolls: Int? = nil) throws -> (path: String, screen: String) {
        let lesson = try LessonParser.load(path: Self.lessonPath)
        final class Screen: @unchecked Sendable { var text = ""; var polls = 0 }
        let screen = Screen()
        let guided = try GuidedSession(lessons: [lesson], scenario: .default, seed: 3, speed: speed, narration: .full,
                                   style: TerminalStyle(enabled: false), clientExecutable: ClientProgram.path, write: { screen.text += $0 })
        let path = Self.temporaryCast()
        try guided.startRecording(path: path, simulatedTimeline: true)
        guided.start()
        for (index, input) in inputs.enumerated() {
            // The fourth input is Enter on block 4, the lesson's `kubectl get nodes --watch`.
            if let limit = interruptAfterPolls, index == 3 {
                screen.polls = 0
                guided.interrupted = { screen.polls += 1; return screen.polls > limit }
            } else {
                guided.interrupted = { false }
            }
            _ = guided.handle(input)
        }
        guided.stopRecording()
        return (path, screen.text)
    }

    func stepLog(_ castPath: String) throws -> StepLog {
        try StepLog.decode(try String(contentsOfFile: StepLog.sidecarPath(forCast: castPath), encoding: .utf8), file: castPath)
    }

    @Test func noSecretShapeReachesTheFiles() throws {
        #expect(Self.shapes.count >= 20)
        var inputs: [String] = []
        for (index, shape) in Self.shapes.enumerated() {
            // Typed into a command, printed by a command, and kept in a variable a block expands.
            let quoted = "'" + shape.text.replacingOccurrences(of: "'", with: "'\\''") + "'"
            inputs.append("echo \(quoted)")
            inputs.append("export SECRET_\(index)=\(quoted)")
        }
        inputs.append("echo \"$SECRET_0 $SECRET_2\"")
        let (path, screen) = try recordedSession(inputs)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        // The participant saw them (nothing is hidden on screen) …
        #expect(screen.contains("AKIAIOSFODNN7EXAMPLE"))
        // … but neither file holds any of them.
        let files = [path, StepLog.sidecarPath(forCast: path)].map { (try? String(contentsOfFile: $0, encoding: .utf8)) ?? "" }
        #expect(files.allSatisfy { !$0.isEmpty })
        for shape in Self.shapes {
            for file in files where file.contains(shape.secret) { Issue.record("\(shape.secret) is in a transcript") }
        }
    }

    @Test func aRecordedLessonVerifiesAndATamperedOneShowsTheStep() throws {
        let (path, _) = try recordedSession(["", "", "", ":skip", "", "", "kubectl get nodes"])
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let log = try stepLog(path)
        #expect(log.complete)
        // Seven lines ran in bash; each is a step, followed by the calls it made to the cluster.
        let commands = log.steps.filter { $0.kind == .command }
        #expect(commands.count == 7)
        #expect(log.steps.filter { $0.kind == .call }.map { $0.arguments.first ?? "" } == ["aws", "aws", "aws", "aws", "aws", "aws", "kubectl"])
        #expect(commands[4].events.contains { $0.contains("scale-up phase started") })
        let report = TranscriptVerifier(log: log, scenario: .default).verify()
        #expect(report.passed, "\(report.divergence?.report ?? "")")
        #expect(report.stepsChecked == log.steps.count)

        var tampered = log
        let lastCall = try #require(tampered.steps.lastIndex { $0.kind == .call })
        tampered.steps[lastCall].stdout = tampered.steps[lastCall].stdout.replacingOccurrences(of: "Ready", with: "Gone")
        let divergence = try #require(TranscriptVerifier(log: tampered, scenario: .default).verify().divergence)
        #expect(divergence.step.number == tampered.steps[lastCall].number)
        #expect(divergence.aspect == "output")
        #expect(divergence.report.contains("- ") && divergence.report.contains("+ "))

        var otherSeed = log
        otherSeed.session.seed = 4
        #expect(!TranscriptVerifier(log: otherSeed, scenario: .default).verify().passed)
    }

    @Test func anInterruptedWatchVerifiesAtTheSameMoment() throws {
        let (path, _) = try recordedSession(["", "", "", "", "kubectl get nodes"], interruptAfterPolls: 200)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let log = try stepLog(path)
        let watch = try #require(log.steps.first { $0.command.contains("--watch") })
        #expect(watch.status == 130)
        // Stopped part-way through the update's ten minutes (Ctrl-C polled every simulated second).
        let call = try #require(log.steps.first { $0.kind == .call && $0.arguments.contains("--watch") })
        #expect(call.status == 130)
        #expect((150_000...200_000).contains(call.simulatedEnd - call.simulatedStart))
        let report = TranscriptVerifier(log: log, scenario: .default).verify()
        #expect(report.passed, "\(report.divergence?.report ?? "")")
    }

    @Test func markersLabelStepsAndPhases() throws {
        let (path, _) = try recordedSession(["", "", "", ":skip", ""])
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let cast = try AsciicastReader.decode(try String(contentsOfFile: path, encoding: .utf8), file: path)
        let labels = cast.markers.map(\.label)
        #expect(labels.filter { $0.hasPrefix("Step ") }.count == 4)
        #expect(labels.contains("Phase 1/4: setup (default)") && labels.contains("Phase 4/4: scale down (default)"))
        #expect(cast.header.idleTimeLimit == 2)
        // Recorded on the simulated timeline: the upgrade's minutes show between the markers.
        #expect(cast.duration > 300)
    }
}
