import ClusterSim
import Dispatch
import Foundation
import ClusterObservation
import LessonKit
import Transcript

/// `workshop test`: runs each lesson's blocks in order with every annotation honoured, and reports
/// per block. Lessons are independent (each gets its own simulated cluster), so `jobs` run at once.
public final class LessonTestRunner: @unchecked Sendable {
    public let options: TestOptions
    private let wall: WallClock
    /// Called with each lesson's result as it completes, in plan order (for live output).
    public var onLesson: (@Sendable (LessonResult) -> Void)?
    /// Asked before each block and each lesson: once it says true (SIGTERM, SIGHUP), the block
    /// that is running finishes and is recorded, and nothing more starts.
    public var shouldStop: @Sendable () -> Bool = { false }
    /// Given each lesson's cluster as its session starts, shared (`workshop test --serve`): the
    /// session lets go of it whenever it waits for bash or a client.
    public var shareCluster: (@Sendable (SimulatorLease) -> Void)?

    public init(options: TestOptions, wall: WallClock = SystemWallClock()) {
        self.options = options
        self.wall = wall
    }

    public func run(_ plan: [PlannedLesson]) -> TestReport {
        let started = wall.now()
        var results = [LessonResult?](repeating: nil, count: plan.count)
        let jobs = max(1, min(options.jobs, plan.count))
        if jobs == 1 {
            for (index, lesson) in plan.enumerated() {
                if shouldStop() { break }
                let result = run(lesson)
                results[index] = result
                onLesson?(result)
                if options.bail && (result.outcome == .failed || result.outcome == .timedOut) { break }
            }
        } else {
            /// Guarded by `lock`: which lesson is next, and the results so far.
            final class Progress: @unchecked Sendable {
                let lock = NSLock()
                var next = 0, reported = 0, stop = false
                var results: [LessonResult?]
                init(count: Int) { results = Array(repeating: nil, count: count) }
            }
            let progress = Progress(count: plan.count)
            DispatchQueue.concurrentPerform(iterations: jobs) { _ in
                while true {
                    progress.lock.lock()
                    guard progress.next < plan.count, !progress.stop, !shouldStop() else { progress.lock.unlock(); return }
                    let index = progress.next
                    progress.next += 1
                    progress.lock.unlock()
                    let result = run(plan[index])
                    progress.lock.lock()
                    progress.results[index] = result
                    if options.bail && (result.outcome == .failed || result.outcome == .timedOut) { progress.stop = true }
                    // Output stays grouped and in plan order: report every finished lesson at the front.
                    while progress.reported < plan.count, let ready = progress.results[progress.reported] {
                        onLesson?(ready)
                        progress.reported += 1
                    }
                    progress.lock.unlock()
                }
            }
            results = progress.results
        }
        return TestReport(lessons: results.compactMap { $0 }, backend: options.backend.rawValue, reading: options.reading,
                          wallSeconds: wall.now() - started)
    }

    /// Runs one lesson: suite hooks, then its blocks, stopping at the first failure.
    public func run(_ planned: PlannedLesson) -> LessonResult {
        let started = wall.now()
        let page = planned.page
        var result = LessonResult(file: page.file, title: page.title, suite: planned.suite)
        guard var lesson = page.lesson else {
            result.error = page.error?.description ?? "\(page.file): cannot be read"
            return result
        }
        // Pages name their file relative to the tree's root; hooks and transcripts need the real path.
        lesson.file = planned.filePath
        result.file = SessionRecorder.relativeToWorkingDirectory(lesson.file)
        let lessonDirectory = (lesson.file as NSString).deletingLastPathComponent
        let blocks = lesson.codeBlocks.filter { LessonTestRunner.isTested($0, options.reading) }
        if page.notest {
            result.blocks = blocks.enumerated().map { index, block in
                skipped(block, number: index + 1, reason: ".notest: this suite is not tested")
            }
            return result
        }

        let shell: HarnessShell
        switch options.backend {
        case .sim:
            guard let client = options.clientExecutable else {
                result.error = "no client program to link into the session (the workshop binary sets it): cannot run bash against the simulated cluster"
                return result
            }
            do {
                shell = try HarnessShell(scenario: options.scenario, seed: options.seed, clientExecutable: client,
                                         base: ProcessInfo.processInfo.environment)
            } catch {
                result.error = "cannot start the lesson's session: \(error)"
                return result
            }
        case .shell:
            shell = HarnessShell(base: ProcessInfo.processInfo.environment)
        }
        defer { shell.finish() }
        let frames = FrameLog()
        if options.observeTimeline, let session = shell.lessonSession.session {
            Self.watch(session.simulator, into: frames)
            shell.lessonSession.onReset = { fresh in
                // A fresh cluster (prepare-environment) starts the picture again.
                Self.watch(fresh.simulator, into: frames)
            }
        }
        if let shareCluster, let lease = shell.lessonSession.shareSimulator() { shareCluster(lease) }
        // `prepare-environment MODULE` finds `scenarios/MODULE.yaml` beside the lesson or above it.
        shell.lessonSession.scenarioSearchPath = Self.directories(from: lessonDirectory.isEmpty ? "." : lessonDirectory, upTo: planned.root)
        let recorder = startRecording(lesson: lesson, shell: shell)
        defer { recorder?.close() }
        var stepNumber = 0

        for hook in planned.suiteHooksBefore {
            if let failure = runHook(hook, phase: "before", timeout: options.hookTimeout, output: nil, shell: shell, recorder: recorder, stepNumber: &stepNumber) {
                result.error = "suite hook: \(failure)"
                result.blocks = blocks.enumerated().map { skipped($1, number: $0 + 1, reason: "the suite's before hook failed") }
                result.timeline = frames.all
                return result
            }
        }
        var stopped: String?
        for (index, block) in blocks.enumerated() {
            let number = index + 1
            let reading = block.reading(options.reading)
            if let only = options.onlyBlocks, !only.contains(number) {
                result.blocks.append(skipped(block, number: number, reason: "not selected by --only"))
                continue
            }
            if stopped == nil, shouldStop() { stopped = "not run: the test run was stopped by a signal" }
            if let stopped {
                result.blocks.append(skipped(block, number: number, reason: stopped))
                continue
            }
            if !reading.annotations.test {
                result.blocks.append(skipped(block, number: number, reason: "test=false"))
                continue
            }
            recorder?.marker(StepMarker.label(step: number, of: blocks.count, command: firstLine(block, reading)))
            let blockResult = runBlock(block, reading: reading, number: number, shell: shell, recorder: recorder, stepNumber: &stepNumber,
                                       lessonDirectory: lessonDirectory.isEmpty ? "." : lessonDirectory)
            result.blocks.append(blockResult)
            if blockResult.outcome != .passed {
                stopped = "not run: block \(number) \(blockResult.outcome.rawValue)"
            }
        }
        for hook in planned.suiteHooksAfter {
            if let failure = runHook(hook, phase: "after", timeout: options.hookTimeout, output: nil, shell: shell, recorder: recorder, stepNumber: &stepNumber) {
                result.error = "suite hook: \(failure)"
            }
        }
        result.wallSeconds = wall.now() - started
        result.timeline = frames.all
        return result
    }

    /// Frames kept while a lesson runs.
    final class FrameLog {
        /// The current cluster's watch (the simulator's ticker only holds it weakly).
        var watch: SimulatorWatch?
        var all: [TimelineFrame] { watch?.watcher.frames ?? [] }
    }

    /// Looks at `simulator` every 10 simulated seconds while it changes, as the guided shell does.
    static func watch(_ simulator: Simulator, into log: FrameLog) {
        let watch = SimulatorWatch(simulator: simulator)
        watch.look()
        log.watch = watch
    }

    /// `directory` and its parents up to `root` (or to `/` when `root` is not above it), nearest first.
    static func directories(from directory: String, upTo root: String) -> [String] {
        var paths: [String] = []
        var current = (directory as NSString).standardizingPath
        let top = (root as NSString).standardizingPath
        while true {
            paths.append(current)
            if current == top || current == "/" || current == "." || current.isEmpty { break }
            current = (current as NSString).deletingLastPathComponent
        }
        return paths
    }

    /// Blocks a test run reports: those the reading runs, and `test=false` blocks (as skipped).
    public static func isTested(_ block: CodeBlock, _ reading: Reading) -> Bool {
        let blockReading = block.reading(reading)
        return blockReading.runs || (!blockReading.annotations.test && block.reader.runs && block.isBash)
    }

    private func firstLine(_ block: CodeBlock, _ reading: BlockReading) -> String {
        // A test=false block has no steps in the harness's reading: show what a reader sees.
        let steps = reading.steps.isEmpty ? block.reader.steps : reading.steps
        return (reading.annotations.raw ? block.literal : steps.first?.command ?? "").split(separator: "\n").first.map(String.init) ?? ""
    }

    private func skipped(_ block: CodeBlock, number: Int, reason: String) -> BlockResult {
        let reading = block.reading(options.reading)
        return BlockResult(number: number, line: block.line, command: firstLine(block, reading), annotations: reading.annotations,
                           outcome: .skipped, message: reason)
    }

    private func runBlock(_ block: CodeBlock, reading: BlockReading, number: Int, shell: HarnessShell, recorder: TranscriptRecorder?,
                          stepNumber: inout Int, lessonDirectory: String) -> BlockResult {
        let annotations = reading.annotations
        let started = wall.now()
        var result = BlockResult(number: number, line: block.line, command: firstLine(block, reading), annotations: annotations, outcome: .passed)
        let hookTimeout = annotations.hookTimeout ?? options.hookTimeout
        let hookPath = annotations.hook.map { lessonDirectory + "/tests/hook-\($0).sh" }
        if let hookPath, let failure = runHook(hookPath, phase: "before", timeout: hookTimeout, output: nil, shell: shell, recorder: recorder, stepNumber: &stepNumber) {
            result.outcome = .failed
            result.message = failure
            return result
        }
        let commands = annotations.raw ? [String(block.literal)] : reading.steps.map { String($0.command) }
        let run = shell.run(commands: commands, timeout: annotations.timeout)
        record(commands.joined(separator: "\n"), run, block: number, lessonLine: block.line, recorder: recorder, stepNumber: &stepNumber)
        result.stdout = run.stdout
        result.stderr = run.stderr
        result.simulatedSeconds = run.simulatedSeconds
        if run.timedOut {
            result.outcome = .timedOut
            result.message = "timed out after \(annotations.timeout) \(shell.name == "sim" ? "simulated " : "")seconds (timeout=\(annotations.timeout))"
        } else if run.status != 0 && !annotations.expectError {
            result.outcome = .failed
            result.message = "exit status \(run.status)"
        }
        if result.outcome == .passed, options.checkOutput, let mismatch = OutputCheck.compare(reading.steps, output: run.stdout + run.stderr) {
            result.outcome = .failed
            result.message = mismatch
        }
        if result.outcome == .passed, let hookPath {
            // The harness hands stdout to the after hook; on a tolerated failure, its ",stdout,stderr".
            let output = run.status != 0 ? ",\(run.stdout),\(run.stderr)" : run.stdout
            if let failure = runHook(hookPath, phase: "after", timeout: hookTimeout, output: output, shell: shell, recorder: recorder, stepNumber: &stepNumber) {
                result.outcome = .failed
                result.message = failure
            }
        }
        if result.outcome == .passed && annotations.wait > 0 { shell.pause(seconds: annotations.wait) }
        result.wallSeconds = wall.now() - started
        return result
    }

    /// Records a script's run: a command step (as the terminal showed it) and a call step for each
    /// call it made to the cluster, with the cluster's phases marked as the guided shell marks them.
    private func record(_ command: String, _ run: HarnessShell.Run, block: Int?, lessonLine: Int?, recorder: TranscriptRecorder?,
                        stepNumber: inout Int) {
        guard let recorder else { return }
        recorder.output("$ \(command)\n\(run.stdout)\(run.stderr)")
        for call in run.calls {
            for label in call.events.compactMap(PhaseMarker.label(fromEvent:)) { recorder.marker(label) }
        }
        let start = run.calls.first?.simulatedStart.milliseconds ?? 0
        let end = run.calls.last?.simulatedEnd.milliseconds ?? start
        stepNumber += 1
        recorder.step(StepRecord(number: stepNumber, block: block, lessonLine: lessonLine, command: command, status: run.status,
                                 stdout: run.stdout, stderr: run.stderr, simulatedStart: start, simulatedEnd: end,
                                 events: run.calls.flatMap(\.events)))
        for call in run.calls {
            stepNumber += 1
            var step = StepRecord(number: stepNumber, kind: .call, block: block, lessonLine: lessonLine, command: call.commandLine,
                                  status: call.status, stdout: call.stdout, stderr: call.stderr,
                                  simulatedStart: call.simulatedStart.milliseconds, simulatedEnd: call.simulatedEnd.milliseconds,
                                  events: call.events)
            step.arguments = call.arguments
            step.environment = call.environment
            step.inputs = call.inputs
            recorder.step(step)
        }
    }

    /// Runs `bash HOOK before|after`; returns a failure message, or nil when it succeeded.
    private func runHook(_ path: String, phase: String, timeout: Int, output: String?, shell: HarnessShell, recorder: TranscriptRecorder?,
                         stepNumber: inout Int) -> String? {
        guard FileManager.default.fileExists(atPath: path) else {
            return "the '\(phase)' hook \(path) does not exist (a block's hook=NAME needs tests/hook-NAME.sh beside the lesson)"
        }
        // Hooks run from the session's scratch directory, so their path must not be relative.
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let run = shell.runHook(absolute, phase: phase, timeout: timeout, output: output)
        // A hook is not one of the block's commands: its records belong to no block (as typed lines).
        record("bash \(ShellQuoting.quote(SessionRecorder.relativeToWorkingDirectory(path))) \(phase)", run, block: nil, lessonLine: nil,
               recorder: recorder, stepNumber: &stepNumber)
        if run.timedOut {
            return "the '\(phase)' hook at \(path) did not finish within \(timeout) \(shell.name == "sim" ? "simulated " : "")seconds (hookTimeout)"
        }
        if run.status != 0 {
            let detail = (run.stderr + run.stdout).split(separator: "\n").suffix(3).joined(separator: " | ")
            return "error running '\(phase)' hook at \(path) (exit status \(run.status))\(detail.isEmpty ? "" : ": \(detail)")"
        }
        return nil
    }

    private func startRecording(lesson: Lesson, shell: HarnessShell) -> TranscriptRecorder? {
        guard let directory = options.recordDirectory else { return nil }
        let name = (lesson.file as NSString).lastPathComponent.replacingOccurrences(of: ".md", with: "")
        let session = shell.lessonSession
        return try? SessionRecorder.openTranscript(path: directory + "/" + name + ".cast", lessons: [lesson], scenario: options.scenarioSource,
                                                   seed: options.seed, speed: .maximum, backend: shell.name,
                                                   title: "workshop test: \(lesson.title)", now: { session.session?.simulator.now.seconds ?? 0 })
    }
}
