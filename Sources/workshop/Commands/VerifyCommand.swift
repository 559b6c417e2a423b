import ArgumentParser
import ClusterSim
import Foundation
import LessonKit
import Runner
import Transcript

/// `workshop verify FILE...`: run recorded sessions again and compare them step by step.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-run recorded sessions and check that every step still prints what was recorded.",
        discussion: """
            Each transcript's commands run again on a fresh simulated cluster with the recorded scenario and \
            seed, each at the simulated moment it was recorded. Simulator transcripts must match exactly; \
            transcripts from a real cluster are compared after normalising ids, names, times and ages. \
            Exit status: 0 all match, 1 a step differs, 65 a transcript cannot be read.
            """
    )

    @Argument(help: ArgumentHelp("Transcripts (.cast files with their .steps.jsonl beside them).", valueName: "file"))
    var files: [String]

    @Flag(help: "Record each transcript again from its recorded input instead of comparing (after a deliberate change).")
    var update = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one transcript, e.g. workshop verify transcripts/*.cast") }
    }

    func run() throws {
        var unreadable = false
        // Loaded once, and only for --update (a re-recorded session may `:open` them).
        let library = update ? LessonLocator.bundledLibrary() : []
        var diverged = false
        for file in files {
            let log: StepLog
            let cast: Asciicast?
            let scenario: Scenario
            do {
                (log, _, cast) = try TranscriptFiles.recording(for: file)
                scenario = try TranscriptVerifier.scenario(of: log, file: file)
            } catch {
                Console.error("\(error)")
                unreadable = true
                continue
            }
            if update {
                if !rerecord(file: file, log: log, scenario: scenario, library: library) { diverged = true }
                continue
            }
            let report = TranscriptVerifier(log: log, cast: cast, scenario: scenario, transcriptDirectory: (file as NSString).deletingLastPathComponent).verify()
            if let divergence = report.divergence {
                Console.out("✗ \(file): differs at step \(divergence.step.number) of \(log.steps.count)\n")
                Console.out(divergence.report.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n")
                Console.out("  If the change is intended, record it again: workshop verify --update \(file)\n")
            }
            if let disagreement = report.castDisagreement {
                Console.out("✗ \(file): the cast disagrees with its step records \(disagreement)\n")
                Console.out("  The cast is what players show: it was changed after recording, or belongs to another session. Record it again: workshop verify --update \(file)\n")
            }
            if !report.passed {
                diverged = true
            } else {
                Console.out("✓ \(file): \(report.stepsChecked) steps match\(cast == nil ? "" : ", and the cast shows them")\n")
            }
            for note in report.notes { Console.out("  note: \(note)\n") }
            if !report.normalised.isEmpty {
                let kinds = report.normalised.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                Console.out("  normalised: \(kinds)\n")
            }
        }
        if unreadable { throw ExitStatus.unreadable }
        if diverged { throw ExitStatus.failure }
    }

    private func rerecord(file: String, log: StepLog, scenario: Scenario, library: [Lesson]) -> Bool {
        guard log.session.backend == "sim", log.session.speed == SimulationSpeed.maximum.description else {
            Console.error("\(file): only transcripts recorded on the simulator at --speed max replay identically; record it again with `workshop run LESSON --speed max --record \(file)`")
            return false
        }
        var lessons: [Lesson] = []
        for lessonFile in log.session.lessons {
            let path = TranscriptVerifier.resolve(lessonPath: lessonFile.path, transcriptDirectory: (file as NSString).deletingLastPathComponent)
            do { lessons.append(try LessonParser.load(path: path)) } catch {
                Console.error("\(file): cannot load its lesson: \(error)")
                return false
            }
        }
        let cast = file.hasSuffix(".steps.jsonl") ? StepLog.castPath(forSidecar: file) : file
        let header = (try? AsciicastReader.decode(try TranscriptFiles.readText(cast), file: cast))?.header
        do {
            try ScriptedRecording.record(lessons: lessons, library: library, scenario: scenario,
                                         source: .init(name: log.session.scenario, text: log.session.scenarioText), seed: log.session.seed,
                                         inputs: log.inputs, path: cast, clientExecutable: ClientLocator.path(), maskAccountIds: log.session.accountIdsMasked,
                                         width: header?.width ?? 80, timestamp: header?.timestamp)
        } catch {
            Console.error("\(error)")
            return false
        }
        Console.out("↻ \(file): recorded again from its \(log.inputs.count) input lines\n")
        return true
    }
}
