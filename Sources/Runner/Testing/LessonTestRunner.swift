import ClusterSim
import Dispatch
import Foundation
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

        let backend: LessonBackend
        switch options.backend {
        case .sim:
            backend = SimulatorBackend(scenario: options.scenario, seed: options.seed, harnessScoping: options.reading == .markdownSh,
                                       clientExecutable: options.clientExecutable)
        case .shell:
            backend = ShellBackend(environment: ProcessInfo.processInfo.environment,
                                   directory: lessonDirectory.isEmpty ? "." : lessonDirectory)
        }
        defer { backend.finish() }
        let recorder = startRecording(lesson: lesson, backend: backend)
        defer { recorder?.close() }

        for hook in planned.suiteHooksBefore {
            if let failure = runHook(hook, phase: "before", timeout: options.hookTimeout, output: nil, backend: backend) {
                result.error = "suite hook: \(failure)"
                result.blocks = blocks.enumerated().map { skipped($1, number: $0 + 1, reason: "the suite's before hook failed") }
                return result
            }
        }
        var stopped: String?
        var stepNumber = 0
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
            let blockResult = runBlock(block, reading: reading, number: number, backend: backend, recorder: recorder, stepNumber: &stepNumber,
                                       lessonDirectory: lessonDirectory.isEmpty ? "." : lessonDirectory)
            result.blocks.append(blockResult)
            if blockResult.outcome != .passed {
                stopped = "not run: block \(number) \(blockResult.outcome == .unsupported ? "is unsupported" : blockResult.outcome.rawValue)"
            }
        }
        for hook in planned.suiteHooksAfter {
            if let failure = runHook(hook, phase: "after", timeout: options.hookTimeout, output: nil, backend: backend) {
                result.error = "suite hook: \(failure)"
            }
        }
        result.wallSeconds = wall.now() - started
        return result
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

    private func runBlock(_ block: CodeBlock, reading: BlockReading, number: Int, backend: LessonBackend, recorder: TranscriptRecorder?,
                          stepNumber: inout Int, lessonDirectory: String) -> BlockResult {
        let annotations = reading.annotations
        let started = wall.now()
        var result = BlockResult(number: number, line: block.line, command: firstLine(block, reading), annotations: annotations, outcome: .passed)
        let hookTimeout = annotations.hookTimeout ?? options.hookTimeout
        let hookPath = annotations.hook.map { lessonDirectory + "/tests/hook-\($0).sh" }
        if let hookPath, let failure = runHook(hookPath, phase: "before", timeout: hookTimeout, output: nil, backend: backend) {
            result.outcome = .failed
            result.message = failure
            return result
        }
        let run = backend.run(block, reading: reading, timeout: annotations.timeout)
        for command in run.commands {
            stepNumber += 1
            recorder?.output("$ \(command.command)\n\(command.stdout)\(command.stderr)")
            // The phases the command saw start, marked as the guided shell marks them.
            for label in command.events.compactMap(PhaseMarker.label(fromEvent:)) { recorder?.marker(label) }
            recorder?.step(StepRecord(number: stepNumber, block: number, lessonLine: block.line, command: command.command, status: command.status,
                                      stdout: command.stdout, stderr: command.stderr, simulatedStart: command.simulatedStart,
                                      simulatedEnd: command.simulatedEnd, events: command.events))
        }
        result.stdout = run.stdout
        result.stderr = run.stderr
        result.simulatedSeconds = run.simulatedSeconds
        if run.timedOut {
            result.outcome = .timedOut
            result.message = "timed out after \(annotations.timeout) \(backend.name == "sim" ? "simulated " : "")seconds (timeout=\(annotations.timeout))"
        } else if let unsupported = run.unsupported, annotations.hook == nil {
            // A block with a hook is the hook's to judge (its after hook sees the output); otherwise
            // a command the simulator cannot run makes the block unsupported, never a silent pass.
            result.outcome = .unsupported
            result.message = unsupported
        } else if run.status != 0 && !annotations.expectError {
            result.outcome = .failed
            let failing = run.commands.last?.command.split(separator: "\n").first.map(String.init) ?? ""
            result.message = "exit status \(run.status) from: \(failing)"
        }
        if result.outcome == .passed, options.checkOutput, let mismatch = OutputCheck.compare(reading.steps, run.commands) {
            result.outcome = .failed
            result.message = mismatch
        }
        if result.outcome != .timedOut && result.outcome != .unsupported, let hookPath {
            // The harness hands stdout to the after hook; on a tolerated failure, its ",stdout,stderr".
            let output = run.status != 0 ? ",\(run.stdout),\(run.stderr)" : run.stdout
            if let failure = runHook(hookPath, phase: "after", timeout: hookTimeout, output: output, backend: backend) {
                result.outcome = .failed
                result.message = failure
            }
        }
        if result.outcome == .passed && annotations.wait > 0 { backend.pause(seconds: annotations.wait) }
        result.wallSeconds = wall.now() - started
        return result
    }

    /// Runs `bash HOOK before|after`; returns a failure message, or nil when it succeeded.
    /// Runs a hook with the backend's exported variables (and, on the simulator, its clients).
    private func runHook(_ path: String, phase: String, timeout: Int, output: String?, backend: LessonBackend) -> String? {
        var env = ProcessInfo.processInfo.environment
        for (key, value) in backend.exportedEnvironment { env[key] = value }
        if let output { env["TEST_OUTPUT"] = output }
        // On the simulator, the hook's aws, kubectl, eksctl and sleep reach this lesson's cluster,
        // served here, one call at a time, while the hook runs.
        env = backend.hookEnvironment(env)
        let clients = backend.clientDescriptor.map { descriptor in (descriptor: descriptor, ready: { backend.serveClients() }) }
        do {
            let result = try ChildProcess.run(["/bin/bash", path, phase], environment: env, timeout: Double(timeout), clock: wall.now,
                                              serving: clients)
            if result.timedOut { return "the '\(phase)' hook at \(path) did not finish within \(timeout) seconds (hookTimeout)" }
            if result.status != 0 {
                let detail = (result.stderr + result.stdout).split(separator: "\n").suffix(3).joined(separator: " | ")
                return "error running '\(phase)' hook at \(path) (exit status \(result.status))\(detail.isEmpty ? "" : ": \(detail)")"
            }
            return nil
        } catch {
            return "cannot run the '\(phase)' hook at \(path): \(error)"
        }
    }

    private func startRecording(lesson: Lesson, backend: LessonBackend) -> TranscriptRecorder? {
        guard let directory = options.recordDirectory else { return nil }
        let name = (lesson.file as NSString).lastPathComponent.replacingOccurrences(of: ".md", with: "")
        let simulator = (backend as? SimulatorBackend)?.session.simulator
        return try? SessionRecorder.openTranscript(path: directory + "/" + name + ".cast", lessons: [lesson], scenario: options.scenarioSource,
                                                   seed: options.seed, speed: .maximum, backend: backend.name,
                                                   title: "workshop test: \(lesson.title)", now: { simulator?.now.seconds ?? 0 })
    }
}
