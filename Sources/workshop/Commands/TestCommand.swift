import ArgumentParser
import ClusterSim
import Foundation
import LessonKit
import REPL
import Runner

/// `workshop test PATH...`: run every lesson's code blocks, annotations honoured, and report.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Test lessons' code blocks in CI: on the simulated cluster in seconds, or on a real one.",
        discussion: """
            Blocks run in order with their annotations: test=false is skipped, timeout=N bounds a block \
            (simulated seconds on the simulator, wall seconds with --backend shell), wait=N pauses after it, \
            expectError=true tolerates a failure, hook=NAME runs tests/hook-NAME.sh before and after it (the \
            after hook gets TEST_OUTPUT), raw=true runs the block as written; tests/hook-suite.sh runs around \
            a directory's lessons and .notest skips a directory. A failing block ends its lesson. \
            Blocks run in bash as the harness runs them (a fresh bash with set -e per block, exported variables carried over); on the simulator their aws, kubectl, eksctl, sleep and prepare-environment reach the lesson's own cluster. Exit status: 0 nothing failed, 1 a block failed \
            or timed out, 2 usage error, 65 a lesson cannot be read.
            """
    )

    @Argument(help: ArgumentHelp("Lesson files or directories, or bundled lesson names (default: all bundled lessons).", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("Which reading of the blocks runs: markdown-sh (the EKS Workshop harness's rules) or reader (what a reader sees).", valueName: "reading"))
    var reading: String = "markdown-sh"

    @Option(help: ArgumentHelp("sim: a fresh simulated cluster per lesson; shell: bash with the real aws/kubectl/eksctl.", valueName: "backend"))
    var backend: String = "sim"

    @Option(help: ArgumentHelp("A scenario YAML file for the simulated cluster.", valueName: "file"))
    var scenario: String?

    @Option(help: "Seed for the simulated cluster's random choices.")
    var seed: UInt64 = 1

    @Flag(name: .customLong("check-output"), help: "Also compare each command's output with the lesson's sample output (ids, names, ages and times tolerated).")
    var checkOutput = false

    @Flag(help: "Stop after the first lesson that fails.")
    var bail = false

    @Option(help: "Lessons to run at once, each with its own simulated cluster.")
    var jobs: Int = 1

    @Option(help: ArgumentHelp("Only lessons whose directory (or file) matches this glob, as the harness's --glob.", valueName: "pattern"))
    var glob: String?

    @Option(help: ArgumentHelp("Only these blocks of each lesson, e.g. 2 or 1,3.", valueName: "blocks"))
    var only: String?

    @Flag(help: "Print the plan (lessons, blocks, annotations) without running anything.")
    var list = false

    @Option(help: ArgumentHelp("Report format: \(TestReportFormats.all.map { $0.name }.joined(separator: ", ")) (html: a self-contained page with each lesson's upgrade drawn as a timeline).", valueName: "format"))
    var format: String = "human"

    @Option(help: ArgumentHelp("Write the report to this file (the terminal still gets the human summary).", valueName: "file"))
    var output: String?

    @Flag(help: "Report, per program, how many commands use it and which calls reached the simulated cluster.")
    var coverage = false

    @Option(help: ArgumentHelp("Write a transcript per lesson into this directory.", valueName: "dir"))
    var record: String?

    @Option(name: .customLong("hook-timeout"), help: "Seconds a hook may take when its block sets no hookTimeout.")
    var hookTimeout: Int = Annotations.defaultHookTimeout

    @Flag(help: "Also serve the cluster of the lesson being tested to the real aws, kubectl, k9s and boto3 (`eval \"$(workshop serve --env)\"` in another terminal); needs --jobs 1.")
    var serve = false

    func validate() throws {
        if Reading(rawValue: reading) == nil { throw ValidationError("--reading must be markdown-sh or reader") }
        if TestOptions.Backend(rawValue: backend) == nil { throw ValidationError("--backend must be sim or shell") }
        if TestReportFormats.named(format) == nil { throw ValidationError("--format must be one of \(TestReportFormats.all.map { $0.name }.joined(separator: ", "))") }
        if jobs < 1 || jobs > 64 { throw ValidationError("--jobs must be from 1 to 64") }
        if hookTimeout < 1 { throw ValidationError("--hook-timeout must be a positive number of seconds") }
        if serve && jobs != 1 { throw ValidationError("--serve serves one lesson's cluster at a time: use it with --jobs 1") }
        if serve && backend != "sim" { throw ValidationError("--serve serves the simulated cluster; with --backend shell, point your tools at the real one") }
        if let only, parsedOnly(only) == nil { throw ValidationError("--only takes block numbers, e.g. 2 or 1,3") }
    }

    private func parsedOnly(_ text: String) -> Set<Int>? {
        let numbers = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !numbers.isEmpty, numbers.allSatisfy({ ($0 ?? 0) >= 1 }) else { return nil }
        return Set(numbers.compactMap { $0 })
    }

    func run() throws {
        var options = TestOptions()
        options.reading = Reading(rawValue: reading) ?? .markdownSh
        options.backend = TestOptions.Backend(rawValue: backend) ?? .sim
        options.seed = seed
        options.bail = bail
        options.jobs = jobs
        options.checkOutput = checkOutput
        options.onlyBlocks = only.flatMap(parsedOnly)
        options.recordDirectory = record
        options.hookTimeout = hookTimeout
        // The HTML report draws each lesson's upgrade: its cluster is watched as the guided shell watches.
        options.observeTimeline = format == HTMLTestReport.name
        options.clientExecutable = ClientLocator.path()
        if let scenario {
            do {
                options.scenario = try ScenarioLoader.load(path: scenario)
                options.scenarioSource = .init(name: scenario, text: try String(contentsOfFile: scenario, encoding: .utf8))
            } catch {
                Console.error("\(error)")
                throw ExitStatus.unreadable
            }
        }
        var trees: [LessonTree] = []
        for path in paths.isEmpty ? [nil] : paths.map(Optional.some) {
            trees.append(try LessonLocator.loadTree(path))
        }
        // Unreadable lessons are in the report too; stderr gets the one-line error at once.
        for error in trees.flatMap(\.errors) { Console.error(error.description) }
        let plan = TestOptions.plan(trees, glob: glob)
        guard !plan.isEmpty else {
            Console.error("no lessons to test\(glob.map { " (nothing matches --glob \($0))" } ?? "")")
            throw ExitStatus.usage
        }
        if list {
            Console.out(TestPlanListing.render(plan, reading: options.reading, only: options.onlyBlocks))
            return
        }
        if coverage {
            Console.out(CoverageReport.measure(plan, options: options).render())
            return
        }
        let runner = LessonTestRunner(options: options)
        TerminationSignal.install()
        runner.shouldStop = { TerminationSignal.received != nil }
        let serving = ServingLessons()
        defer { serving.stop() }
        if serve {
            let scenario = options.scenario
            let environment = ProcessInfo.processInfo.environment
            runner.shareCluster = { lease in serving.share(lease, scenario: scenario, environment: environment) }
        }
        // The human report goes to the terminal unless the chosen report itself goes to stdout.
        let liveToStdout = format == "human" || output != nil
        runner.onLesson = { lesson in
            let text = HumanTestReport.render(lesson)
            if liveToStdout { Console.out(text) } else { Console.error(text) }
        }
        let report = runner.run(plan)
        let summary = HumanTestReport.summary(report)
        if liveToStdout { Console.out(summary) } else { Console.error(summary) }
        if format != "human" || output != nil {
            let text = (TestReportFormats.named(format) ?? HumanTestReport.self).render(report)
            if let output {
                do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                    Console.error("\(output): cannot write the report: \(error.localizedDescription)")
                    throw ExitStatus.usage
                }
            } else {
                Console.out(text)
            }
        }
        if let signal = TerminationSignal.received {
            Console.error("workshop: stopped by \(TerminationSignal.name(signal)); the report and any recordings cover what ran")
            throw ExitCode(TerminationSignal.exitStatus(signal))
        }
        if report.lessons.contains(where: { $0.error != nil && $0.blocks.isEmpty }) { throw ExitStatus.unreadable }
        if report.failed { throw ExitStatus.failure }
    }
}

/// `workshop test --serve`: the server starts with the first lesson's cluster and follows each next one.
final class ServingLessons: @unchecked Sendable {
    // @unchecked: used by the one thread that runs the lessons (--serve needs --jobs 1).
    private var relay: SessionServer.Relay?
    private var task: Task<Void, Never>?

    func share(_ lease: SimulatorLease, scenario: Scenario, environment: [String: String]) {
        if let relay { return relay.follow(lease) }
        let relay = SessionServer.Relay(lease)
        self.relay = relay
        task = SessionServer.start(cluster: relay, region: scenario.region, clusterName: scenario.clusterName, environment: environment)
    }

    func stop() { task?.cancel() }
}
