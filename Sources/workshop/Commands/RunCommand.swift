import ArgumentParser
import ClusterSim
import Foundation
import LessonKit
import Narration
import Presentation
import REPL
import Runner

/// `workshop run [LESSON|DIR]`: the guided shell on a lesson, against a fresh simulated cluster.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Step through a lesson in a shell, against a simulated EKS cluster (the default command).",
        discussion: """
            Enter runs the next block; verbs start with ':' (:help lists them); anything else runs as a command \
            (aws, kubectl, eksctl …). When standard input or output is not a terminal, lines are read plainly, \
            with no prompt and no colour, and the clock runs at maximum speed unless --speed says otherwise.
            """
    )

    @Argument(help: ArgumentHelp("A lesson file or directory, or a bundled lesson's name (default: upgrade-ami).", valueName: "lesson"))
    var lesson: String?

    @Option(help: ArgumentHelp("A scenario YAML file (default: the workshop's cluster).", valueName: "file"))
    var scenario: String?

    @Option(help: "Seed for every random choice in the simulated cluster.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Simulated seconds per wall second: a number (30), realtime, or max.", valueName: "speed"))
    var speed: String?

    @Option(help: ArgumentHelp("Narration of cluster changes: full, brief or off.", valueName: "level"))
    var narrate: String = "full"

    @Option(help: ArgumentHelp("sim: a simulated EKS cluster (no AWS account needed); real: the real aws, kubectl and eksctl on whatever your credentials and kubeconfig point at.", valueName: "cluster"))
    var cluster: String = "sim"

    @Option(name: .customLong("observe-every"), help: ArgumentHelp("With --cluster real: seconds between looks at the cluster while it changes (read-only aws and kubectl calls; none while nothing changes).", valueName: "seconds"))
    var observeEvery: Double = 10

    @Option(help: ArgumentHelp("Record the session to this asciicast v2 file (step records go beside it, in .steps.jsonl).", valueName: "file"))
    var record: String?

    @Flag(name: .customLong("mask-account-ids"), help: "In the recording, also hide 12-digit AWS account ids.")
    var maskAccountIds = false

    @Flag(help: "Also serve this lesson's cluster to the real aws, kubectl, k9s and boto3 (see workshop serve; `eval \"$(workshop serve --env)\"` in another terminal).")
    var serve = false

    func validate() throws {
        if let speed, SimulationSpeed(speed) == nil { throw ValidationError("--speed must be a number (e.g. 30), realtime or max") }
        if cluster != "sim" && cluster != "real" { throw ValidationError("--cluster must be sim or real") }
        if NarrationLevel(rawValue: narrate) == nil { throw ValidationError("--narrate must be full, brief or off") }
        if !(observeEvery >= 1 && observeEvery <= 3600) { throw ValidationError("--observe-every must be 1 to 3600 seconds") }
        if serve && cluster == "real" { throw ValidationError("--serve serves the simulated cluster; with --cluster real, point your tools at the real one") }
    }

    func run() throws {
        TerminationSignal.install()
        let environment = Console.environment
        let interactive = isatty(0) == 1 && isatty(1) == 1
        let tree = try LessonLocator.loadTree(lesson ?? "upgrade-ami")
        for error in tree.errors { Console.error(error.description) }
        let lessons = tree.pages.compactMap(\.lesson)
        guard !lessons.isEmpty else { throw ExitStatus.unreadable }
        var world = Scenario.default
        var source = SessionRecorder.ScenarioSource()
        if let scenario {
            do {
                world = try ScenarioLoader.load(path: scenario)
                source = .init(name: scenario, text: try String(contentsOfFile: scenario, encoding: .utf8))
            } catch {
                Console.error("\(error)")
                throw ExitStatus.unreadable
            }
        }
        let chosenSpeed = speed.flatMap(SimulationSpeed.init) ?? (interactive ? .factor(30) : .maximum)
        let style = interactive ? TerminalStyle.forStandardOutput(environment: environment) : TerminalStyle(enabled: false, width: 80)
        let guided: GuidedSession
        do {
            guided = try GuidedSession(lessons: lessons, scenario: world, seed: seed, speed: chosenSpeed,
                                       narration: NarrationLevel(rawValue: narrate) ?? .full, style: style,
                                       clientExecutable: cluster == "real" ? nil : ClientLocator.path(), environment: environment,
                                       windowSize: interactive ? GuidedSession.terminalSize(1) : nil, observeEvery: observeEvery,
                                       write: { text in
                                           FileHandle.standardOutput.write(Data(text.utf8))
                                       })
        } catch {
            Console.error("workshop: cannot start the session's shell: \(error)")
            throw ExitStatus.usage
        }
        guided.library = LessonLocator.bundledLibrary()
        guided.scenarioSource = source
        // SOURCE_DATE_EPOCH (reproducible builds' convention) asks for a recording that is the same on every run.
        let fixedEpoch = environment["SOURCE_DATE_EPOCH"].flatMap { Int($0) }
        if fixedEpoch != nil { guided.wallClock = FrozenWallClock() }
        // However the shell ends (:quit, end of input, SIGTERM, SIGHUP, a bad --record), the
        // session's bash ends and its directory and socket go.
        defer { guided.lessonSession.close() }
        var server: Task<Void, Never>?
        if serve, let lease = guided.lessonSession.shareSimulator() {
            server = SessionServer.start(lease: lease, region: world.region, clusterName: world.clusterName, environment: environment)
        }
        defer { server?.cancel() }
        if let record {
            do {
                try guided.startRecording(path: record, width: style.width, simulatedTimeline: chosenSpeed == .maximum,
                                          maskAccountIds: maskAccountIds, timestamp: fixedEpoch ?? Int(Date().timeIntervalSince1970))
            } catch {
                Console.error("\(error)")
                throw ExitStatus.usage
            }
        }
        Shell(guided: guided, interactive: interactive, environment: environment).run()
        guided.end()
        if let recorder = guided.recorder {
            let path = recorder.transcript.castPath
            let failure = recorder.transcript.failure
            guided.stopRecording()
            if let failure { Console.error("The recording is incomplete: \(failure)") } else { Console.error("Recording saved: \(path) (replay it with: workshop replay \(path))") }
        }
        if let signal = TerminationSignal.received {
            Console.error("workshop: stopped by \(TerminationSignal.name(signal)) after the current command; nothing was lost")
            throw ExitCode(TerminationSignal.exitStatus(signal))
        }
    }
}
