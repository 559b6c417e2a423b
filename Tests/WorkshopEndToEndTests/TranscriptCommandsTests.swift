import Foundation
import Testing

/// `run --record`, `replay` and `verify` as an instructor uses them.
@Suite struct TranscriptCommandsTests {
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "workshop-e2e-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func everyBundledLessonHasAReferenceTranscriptThatVerifies() throws {
        let lessons = try FileManager.default.contentsOfDirectory(atPath: WorkshopBinary.repositoryRoot + "/lessons/mng-upgrades")
            .filter { $0.hasSuffix(".md") && $0 != "index.md" }
        let casts = lessons.map { "transcripts/" + $0.replacingOccurrences(of: ".md", with: ".cast") }
        for cast in casts { #expect(FileManager.default.fileExists(atPath: WorkshopBinary.repositoryRoot + "/" + cast), "\(cast) is missing: make transcripts") }
        let result = try WorkshopBinary.run(["verify"] + casts)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.components(separatedBy: "steps match").count - 1 == casts.count)
    }

    @Test func aPipedSessionIsRecordedReplayedAndVerified() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cast = directory + "/class.cast"
        let session = try WorkshopBinary.run(["run", "upgrade-ami", "--record", cast], stdin: "\n\n\n:skip\n\nkubectl get nodes\n")
        #expect(session.status == 0)
        #expect(session.stderr.contains("Recording saved: \(cast)"))

        let replay = try WorkshopBinary.run(["replay", "--cat", cast])
        #expect(replay.status == 0)
        #expect(replay.stdout.replacingOccurrences(of: "\r\n", with: "\n") == session.stdout)
        let timed = try WorkshopBinary.run(["replay", "--speed", "100000", cast])
        #expect(timed.stdout == replay.stdout)

        let fromStep = try WorkshopBinary.run(["replay", "--cat", "--from-step", "5", cast])
        #expect(fromStep.stdout.hasPrefix("$ aws eks wait nodegroup-active"))
        let noStep = try WorkshopBinary.run(["replay", "--cat", "--from-step", "9", cast])
        #expect(noStep.status == 2)
        #expect(noStep.stderr.contains("there is no step 9: this recording has steps 1, 2, 3, 5"))

        let verify = try WorkshopBinary.run(["verify", cast])
        #expect(verify.status == 0, "\(verify.stdout)")
        // Six lines, each followed by the one call it made to the cluster.
        #expect(verify.stdout.contains("✓ \(cast): 12 steps match"))
    }

    @Test func aDivergenceIsShownAsADiffAndExitsOne() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cast = directory + "/t.cast"
        _ = try WorkshopBinary.run(["run", "find-amis", "--record", cast], stdin: "\n\n")
        let sidecar = directory + "/t.steps.jsonl"
        var records = try String(contentsOfFile: sidecar, encoding: .utf8)
        let recordedAMI = try #require(records.firstMatch(of: /ami-[0-9a-f]{17}/)).0
        records = records.replacingOccurrences(of: recordedAMI, with: "ami-0000000000000000a")
        try records.write(toFile: sidecar, atomically: true, encoding: .utf8)
        let result = try WorkshopBinary.run(["verify", cast])
        #expect(result.status == 1)
        // Step 1 is the line as bash ran it; step 2 its call to the cluster, which verify runs again.
        #expect(result.stdout.contains("✗ \(cast): differs at step 2"))
        #expect(result.stdout.contains("- ami-0000000000000000a"))
        #expect(result.stdout.contains("+ \(recordedAMI)"))
        #expect(result.stdout.contains("workshop verify --update"))
    }

    @Test func aChangedLessonIsReported() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lesson = directory + "/lesson.md"
        try FileManager.default.copyItem(atPath: WorkshopBinary.repositoryRoot + "/lessons/mng-upgrades/find-amis.md", toPath: lesson)
        let cast = directory + "/l.cast"
        _ = try WorkshopBinary.run(["run", lesson, "--record", cast], stdin: "\n")
        try (String(contentsOfFile: lesson, encoding: .utf8) + "\nOne more paragraph.\n").write(toFile: lesson, atomically: true, encoding: .utf8)
        let result = try WorkshopBinary.run(["verify", cast])
        #expect(result.status == 0)
        #expect(result.stdout.contains("changed since this was recorded"))
    }

    @Test func recordingsFromAsciinemaPlay() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let v1 = directory + "/v1.json", v3 = directory + "/v3.cast"
        try #"{"version": 1, "width": 80, "height": 24, "duration": 1.0, "stdout": [[0.5, "hello "], [0.5, "v1\r\n"]]}"#
            .write(toFile: v1, atomically: true, encoding: .utf8)
        try "{\"version\": 3, \"term\": {\"cols\": 80, \"rows\": 24}}\n[0.1, \"o\", \"hello v3\\r\\n\"]\n[0.2, \"x\", \"0\"]\n"
            .write(toFile: v3, atomically: true, encoding: .utf8)
        #expect(try WorkshopBinary.run(["replay", "--cat", v1]).stdout == "hello v1\r\n")
        #expect(try WorkshopBinary.run(["replay", "--speed", "50", v3]).stdout == "hello v3\r\n")
    }

    /// What an audience sees is the cast: an edited output event or marker fails verification at
    /// its time in the cast, though the step records beside it are untouched.
    @Test func aCastEditedAfterRecordingFailsVerification() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let reference = WorkshopBinary.repositoryRoot + "/transcripts/upgrade-ami"
        let original = try String(contentsOfFile: reference + ".cast", encoding: .utf8)
        let records = try String(contentsOfFile: reference + ".steps.jsonl", encoding: .utf8)
        func verify(_ cast: String) throws -> WorkshopBinary.Result {
            try cast.write(toFile: directory + "/t.cast", atomically: true, encoding: .utf8)
            try records.write(toFile: directory + "/t.steps.jsonl", atomically: true, encoding: .utf8)
            return try WorkshopBinary.run(["verify", directory + "/t.cast"])
        }
        #expect(try verify(original).status == 0)

        // The update's status in its JSON answer, as printed in the cast, changed to another word.
        let line = try #require(original.split(separator: "\n").first { $0.contains(#"\"status\": \"InProgress\""#) })
        let edited = try verify(original.replacingOccurrences(of: String(line), with: line.replacingOccurrences(of: "InProgress", with: "Successful")))
        #expect(edited.status == 1, "\(edited.stdout)")
        #expect(edited.stdout.contains("the cast disagrees with its step records at "), "\(edited.stdout)")
        #expect(edited.stdout.contains(#"line "        "status": "InProgress"," is not where the cast shows "        "status": "Successful","#), "\(edited.stdout)")

        let marker = try verify(original.replacingOccurrences(of: "Phase 3/4: upgrade (default)", with: "Phase 3/4: upgrade (other)"))
        #expect(marker.status == 1, "\(marker.stdout)")
        #expect(marker.stdout.contains("Phase 3/4: upgrade (default)"), "\(marker.stdout)")

        let stepMarker = try verify(original.replacingOccurrences(of: "\"Step 5/6: ", with: "\"Step 4/6: "))
        #expect(stepMarker.status == 1, "\(stepMarker.stdout)")

        // A cast alone cannot be verified, and says so.
        try FileManager.default.removeItem(atPath: directory + "/t.steps.jsonl")
        let alone = try WorkshopBinary.run(["verify", directory + "/t.cast"])
        #expect(alone.status == 65)
        #expect(alone.stderr.contains("has no step records beside it"))
    }

    @Test func unreadableTranscriptsExit65WithOneLine() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let junk = directory + "/junk.cast"
        try "not a recording\n".write(toFile: junk, atomically: true, encoding: .utf8)
        for arguments in [["replay", junk], ["replay", directory + "/missing.cast"], ["verify", junk], ["verify", directory]] {
            let result = try WorkshopBinary.run(arguments)
            #expect(result.status == 65, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix(arguments[1]), "\(arguments): \(result.stderr)")
        }
        let cut = directory + "/cut.cast"
        try "{\"version\": 2, \"width\": 80, \"height\": 24}\n[0.1, \"m\", \"Step 1/2: x\"]\n[0.2, \"o\", \"one\\r\\n\"]\n[0.3, \"o\", \"tw".write(toFile: cut, atomically: true, encoding: .utf8)
        let truncated = try WorkshopBinary.run(["replay", "--cat", cut])
        #expect(truncated.status == 0)
        #expect(truncated.stdout == "one\r\n")
        #expect(truncated.stderr.contains("truncated after step 1"))
    }
}
