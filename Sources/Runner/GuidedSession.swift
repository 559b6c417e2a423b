import Actions
import ClusterSim
import LessonKit
import Narration
import ClusterObservation
import Presentation
import JMESPath
import JSON
import Transcript
import Foundation

/// A participant's session: a lesson shown one chapter at a time, its blocks run on demand, any
/// other line run in the session's bash, and the cluster explained as it changes.
///
/// Lines and blocks run in one interactive bash on a pseudo-terminal (``TerminalBash``) whose
/// `aws`, `kubectl`, `eksctl` and `sleep` reach the simulated cluster. It reads lines and writes
/// what the participant sees through `write`: the REPL (libedit) and tests drive it the same way.
public final class GuidedSession {
    public private(set) var lessons: [Lesson]
    /// Lessons `:open` can switch to (the bundled ones), by short name.
    public var library: [Lesson] = []
    public let scenario: Scenario
    public let seed: UInt64
    /// Runs a wait that does not touch the cluster (reading the next line at the prompt); when the
    /// cluster is shared (`run --serve`), the server may use it meanwhile.
    public func whileWaiting<T>(_ wait: () -> T) -> T {
        guard let lease = lessonSession.lease else { return wait() }
        return lease.whileWaiting(wait)
    }

    /// The session: the simulated cluster, its clock, the socket and the bash.
    public let lessonSession: LessonSession
    /// The simulated cluster's session (the native programs and the simulator); on a real
    /// cluster (``realCluster``) there is none, and asking for it is a programming error.
    public var session: Session { lessonSession.session! }
    /// The simulator, when the session has one.
    public var simulator: Simulator? { lessonSession.session?.simulator }
    /// True when lines run with the real CLIs against the user's own cluster.
    public var realCluster: Bool { !lessonSession.isSimulated }
    public private(set) var paced: PacedClock
    public private(set) var clock: PacedSessionClock
    public var narrator: Narrator
    /// Looks at the session's cluster — every ``pollInterval`` seconds while it changes, and after
    /// each line — and hands what it sees to the narrator, the recording and the timeline.
    public var watcher: ClusterWatcher? { simulatorWatch?.watcher }
    private var simulatorWatch: SimulatorWatch?
    /// Seconds between looks while the cluster changes (simulated seconds on the simulator).
    public var pollInterval: Double = 10
    /// Watches a real cluster (`--cluster real`) through the real CLIs, on a thread of its own.
    public private(set) var poller: ClusterPoller?
    /// What was seen whenever the cluster changed, since the cluster was (re)made: `:timeline` draws it.
    public private(set) var timelineFrames: [TimelineFrame] = []
    public let style: TerminalStyle
    /// Where everything the participant sees goes.
    public var sink: (String) -> Void
    /// The transcript being written, if the session is recorded (`--record`, `:record`).
    public private(set) var recorder: SessionRecorder?
    /// Where the scenario came from, for transcripts.
    public var scenarioSource = SessionRecorder.ScenarioSource()
    /// Wall-clock seconds for step records; injected so tests stay deterministic.
    public var wallClock: WallClock = SystemWallClock()
    /// Calls the session answered while the current line ran, for their step records.
    private var lineCalls: [ClientCall] = []
    /// Polled during waits and watches (Ctrl-C).
    public var interrupted: () -> Bool = { false }
    private(set) var chapters: [(lesson: Int, chapter: LessonRenderer.Chapter)] = []
    /// Index into `chapters` of the next block to run.
    public internal(set) var cursor = 0
    let renderer: LessonRenderer

    /// - Parameter clientExecutable: what the session's `aws`, `kubectl`, `eksctl` and `sleep` link
    ///   to (`workshop-client`, or the workshop binary itself).
    ///   Nil runs on a real cluster: bash with the real `aws`, `kubectl` and `eksctl`, acting on
    ///   whatever the user's credentials and kubeconfig point at, and no narration.
    ///   - observeEvery: on a real cluster, seconds between looks while it changes (nil: no looks, no narration).
    public init(lessons: [Lesson], scenario: Scenario, seed: UInt64, speed: SimulationSpeed, narration: NarrationLevel,
                style: TerminalStyle, clientExecutable: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                windowSize: (columns: Int, rows: Int)? = nil, observeEvery: Double? = 10, write: @escaping (String) -> Void) throws {
        self.lessons = lessons
        self.scenario = scenario
        self.seed = seed
        self.style = style
        self.sink = write
        self.narrator = Narrator(level: narration)
        self.renderer = LessonRenderer(style: style, reading: .reader)
        // The paced clock follows the session's simulator, which prepare-environment and :reset replace.
        // On a real cluster it paces nothing, but the clock wants one.
        let simulator = Simulator(scenario: scenario, seed: seed)
        let paced = PacedClock(simulator: simulator, speed: speed)
        self.paced = paced
        let clock = PacedSessionClock(paced: paced)
        self.clock = clock
        if let clientExecutable {
            self.lessonSession = try LessonSession(scenario: scenario, seed: seed, clock: clock, clientExecutable: clientExecutable,
                                                   simulator: simulator)
        } else {
            self.lessonSession = LessonSession()
        }
        loadChapters()
        if let session = lessonSession.session { attach(session) }
        lessonSession.onReset = { [weak self] fresh in
            guard let self else { return }
            self.paced = PacedClock(simulator: fresh.simulator, speed: self.paced.speed)
            self.clock.paced = self.paced
            self.attach(fresh)
        }
        lessonSession.onCall = { [weak self] call in self?.lineCalls.append(call) }
        clock.interrupted = { [weak self] in
            guard let self else { return false }
            if self.interrupted() {
                // Ctrl-C as a terminal sends it: the foreground job (the client) is interrupted too.
                self.lessonSession.terminal?.interrupt()
                return true
            }
            return self.lessonSession.callStopped
        }
        clock.waitSlice = { [weak self] seconds in
            guard let self else { return }
            self.lessonSession.relayTerminal(for: seconds) { self.write($0) }
        }
        let base = environment.merging(lessonSession.lessonVariables) { _, lesson in lesson }
        let size = windowSize ?? (style.width, 40)
        try lessonSession.startTerminal(environment: base, columns: size.columns, rows: size.rows)
        if clientExecutable == nil, let interval = observeEvery, narration != .off {
            // The same looks as on the simulator, through the user's own aws and kubectl.
            let poller = ClusterPoller(source: RealClusterSource(environment: base, runner: ProcessCommandRunner(environment: base)),
                                       interval: interval)
            self.poller = poller
            poller.start()
        }
    }

    deinit {
        poller?.stop()
        lessonSession.close()
    }

    /// The participant is leaving: on a real cluster, what the last line set off is still looked at
    /// and told (up to half a minute), so nothing already under way goes untold.
    public func end() {
        guard let poller else { return }
        poller.lineEnded(waitUpTo: 30)
        showPolled()
        poller.stop()
    }

    /// Shows what the real cluster's watcher saw since the last time, as the simulator's is shown.
    func showPolled() {
        guard let poller else { return }
        let (observations, notices) = poller.take()
        for notice in notices { write(style.dim(notice) + "\n") }
        for observation in observations { observed(observation) }
    }

    private func loadChapters() {
        chapters = []
        for (index, lesson) in lessons.enumerated() {
            for chapter in renderer.chapters(lesson) { chapters.append((index, chapter)) }
        }
        cursor = 0
    }

    /// A lesson's short name: its file name without `.md` (`upgrade-ami`).
    public static func shortName(_ lesson: Lesson) -> String {
        (lesson.file.split(separator: "/").last.map(String.init) ?? lesson.file).replacingOccurrences(of: ".md", with: "")
    }

    /// Names `:open` accepts.
    public var libraryNames: [String] { library.map(Self.shortName) }

    /// How many blocks the current lesson has (for `:goto` completion).
    public var blockCount: Int { blockChapters.count }

    /// Shows text to the participant, and records it when the session is recorded.
    public func write(_ text: String) {
        sink(text)
        recorder?.transcript.output(text)
    }

    /// The participant's terminal changed size: bash's terminal follows (its programs get
    /// SIGWINCH) and the recording gets a resize event.
    public func terminalResized(columns: Int, rows: Int) {
        lessonSession.terminal?.resize(columns: columns, rows: rows)
        recorder?.transcript.resize(columns: columns, rows: rows)
    }

    /// The size of the terminal on `descriptor`, if it is one.
    public static func terminalSize(_ descriptor: Int32) -> (columns: Int, rows: Int)? {
        TerminalBash.windowSize(descriptor)
    }

    /// Records a line the participant typed, after its prompt, as the terminal showed it.
    public func recordInput(prompt: String, line: String) {
        recorder?.transcript.output(prompt + line + "\n")
    }

    /// Starts recording to `path` (an asciicast v2 file, with its `.steps.jsonl` sidecar).
    ///
    /// - Parameter simulatedTimeline: use simulated time for the cast's timeline (runs at maximum
    ///   speed, so the recording is the same on every run and shows the upgrade's real pace).
    public func startRecording(path: String, width: Int = 100, height: Int = 40, simulatedTimeline: Bool = false,
                               maskAccountIds: Bool = false, timestamp: Int? = nil) throws(TranscriptWriteError) {
        stopRecording()
        let wall = wallClock
        let clock: () -> Double = simulatedTimeline ? { [weak self] in self?.simulator?.now.seconds ?? 0 } : { wall.now() }
        let transcript = try SessionRecorder.openTranscript(
            path: path, lessons: lessons, scenario: scenarioSource, seed: seed, speed: paced.speed, backend: realCluster ? "shell" : "sim",
            title: lessons.first.map { "Workshop: \($0.title)" }, width: width, height: height, timestamp: timestamp,
            environment: [("SHELL", "/bin/bash"), ("TERM", "xterm-256color")], maskAccountIds: maskAccountIds, now: clock)
        recorder = SessionRecorder(transcript: transcript)
    }

    /// Finishes the transcript (flushes it and writes its end record).
    public func stopRecording() {
        recorder?.transcript.close()
        recorder = nil
    }

    /// Watches a fresh simulated cluster: through its queries, as a real cluster is watched through
    /// the CLIs, on a ticker of the simulated clock so looks fall at the same simulated instants
    /// whatever the speed (a recording re-runs exactly).
    private func attach(_ session: Session) {
        let watch = SimulatorWatch(simulator: session.simulator, every: pollInterval)
        simulatorWatch = watch
        timelineFrames = []
        watch.watcher.subscribe { [weak self] observation in self?.observed(observation) }
        watch.look()
        clock.onProgress = { [weak self] in
            guard let self, let watcher = self.watcher, let snapshot = watcher.last,
                  let line = Narrator.progress(snapshot, observer: watcher.observer) else { return }
            self.write(self.style.dim(line) + "\n")
        }
    }

    /// What a look showed: phase markers for the recording, narration, the timeline's frame.
    private func observed(_ observation: Observation) {
        for change in observation.changes {
            if case let .phaseStarted(nodegroup, phase, _) = change,
               let label = PhaseMarker.label(phase: Self.markerPhase(phase), nodegroup: nodegroup) {
                recorder?.transcript.marker(label)
            }
        }
        for text in narrator.narrate(observation) {
            narrate(style.magenta("  ▸ " + text) + "\n", at: .seconds(observation.snapshot.time))
        }
        if let frame = observation.frame {
            timelineFrames.append(frame)
            recorder?.transcript.observation(frame.json)
        }
    }

    /// The phase names transcripts' markers use (`scale-up`), from the observer's.
    static func markerPhase(_ phase: UpgradePhaseName) -> String {
        switch phase {
        case .setup: return "setup"
        case .scaleUp: return "scale-up"
        case .upgrade: return "upgrade"
        case .scaleDown: return "scale-down"
        }
    }

    /// Narration the running command caused at the instant it started (an update it accepted), held
    /// until the command has printed its answer; nil when nothing is held back.
    private var heldNarration: (since: SimTime, lines: [String])?

    /// Shows a narration line, unless it explains the command still running at the instant it
    /// started: that one waits for the command's own answer. Once simulated time passes inside the
    /// command (a watch, a wait), what it holds is shown and narration is live again.
    private func narrate(_ line: String, at time: SimTime) {
        if let held = heldNarration {
            if time <= held.since {
                heldNarration?.lines.append(line)
                return
            }
            releaseHeldNarration()
        }
        write(line)
    }

    private func releaseHeldNarration() {
        guard let held = heldNarration else { return }
        heldNarration = nil
        for line in held.lines { write(line) }
    }

    /// Explains each request EKS refused in what the line printed, by the rule it broke.
    private func explainRefusals(in output: String) {
        guard narrator.level != .off, let cluster = watcher?.last?.cluster ?? poller?.last?.snapshot.cluster else { return }
        for refusal in RefusalExplainer.refusals(in: output) {
            guard let text = RefusalExplainer.explain(refusal, cluster: cluster) else { continue }
            write(style.magenta("  ▸ " + text) + "\n")
        }
    }

    /// Blocks in order, with their chapter index.
    var blockChapters: [Int] { chapters.indices.filter { chapters[$0].chapter.block != nil } }

    /// Number of the next block (1-based) and the total.
    public var position: (next: Int, total: Int) {
        let blocks = blockChapters
        return ((blocks.firstIndex { $0 >= cursor } ?? blocks.count) + 1, blocks.count)
    }

    /// The prompt's context: lesson and block, e.g. `upgrade-ami 2/6`.
    public var promptContext: String {
        let (next, total) = position
        let lesson = chapters.indices.contains(cursor) ? lessons[chapters[cursor].lesson] : lessons.last
        let name = lesson.map(Self.shortName) ?? "workshop"
        return next > total ? "\(name) done" : "\(name) \(next)/\(total)"
    }

    /// Opening text: lesson title, how to drive the shell, then the first chapter.
    public func start() {
        if let first = lessons.first {
            write(style.bold(first.title) + "\n")
            if realCluster {
                write(style.red(style.bold("REAL CLUSTER: every block and line runs with your own aws, kubectl and eksctl, on whatever your AWS credentials and kubeconfig point at, and will change it.")) + "\n")
                if let poller {
                    write(style.dim("Looking at the cluster (read-only aws and kubectl calls) to narrate what changes…") + "\n")
                    poller.waitForFirstLook(upTo: 60)
                    showPolled()
                }
                write(style.dim("Enter runs the next block; :help lists the verbs; anything else runs in bash.") + "\n\n")
            } else {
                write(style.dim("Simulated cluster \(scenario.clusterName) (\(scenario.region)), speed \(paced.speed). Enter runs the next block; :help lists the verbs; anything else runs in bash.") + "\n\n")
            }
        }
        showCurrent()
    }

    /// Shows the prose before the next block, then the block.
    public func showCurrent() {
        guard chapters.indices.contains(cursor) else {
            write(style.green("End of the lesson. Keep exploring the cluster, or :reset to start again.") + "\n")
            return
        }
        let chapter = chapters[cursor].chapter
        if !chapter.prose.isEmpty { write(chapter.prose.joined(separator: "\n") + "\n\n") }
        if let block = chapter.block {
            write(renderer.render(codeBlock: block).joined(separator: "\n") + "\n")
        } else {
            cursor += 1
            showCurrent()
        }
    }

    /// Handles one line of input; returns false when the participant leaves.
    public func handle(_ rawLine: String) -> Bool {
        recorder?.transcript.input(rawLine)
        paced.catchUp()
        let line = rawLine.trimmingLeadingAndTrailingSpaces()
        if line.isEmpty { return runBlock() }
        guard line.hasPrefix(":"), line.count > 1, !line.hasPrefix(": ") else {
            run(commandLine: rawLine)
            return true
        }
        let parts = line.dropFirst().split(separator: " ").map(String.init)
        guard let verb = ShellVerbs.named(parts.first ?? "") else {
            write(style.red("Unknown verb :\(parts.first ?? ""). :help lists the verbs.") + "\n")
            return true
        }
        return verb.run(Array(parts.dropFirst()), in: self)
    }

    /// Switches to another lesson on the same cluster (`:open`).
    func open(_ lesson: Lesson) {
        lessons = [lesson]
        loadChapters()
        write(style.bold(lesson.title) + "\n\n")
        showCurrent()
    }

    public static var helpText: String { ShellVerbs.helpText }

    func moveToNextBlock() {
        if let next = blockChapters.first(where: { $0 > cursor }) {
            cursor = next
        } else {
            cursor = chapters.count
        }
    }

    /// Runs the next block's steps as if typed, then shows what follows.
    func runBlock() -> Bool {
        guard chapters.indices.contains(cursor), let block = chapters[cursor].chapter.block else {
            write(style.dim("No block left to run. :blocks lists them, :goto N jumps back.") + "\n")
            return true
        }
        let (number, total) = position
        let firstCommand = block.reader.steps.first?.command.split(separator: "\n").first.map(String.init) ?? ""
        recorder?.transcript.marker(StepMarker.label(step: number, of: total, command: firstCommand))
        for step in block.reader.steps {
            write(style.green("$ ") + style.bold(String(step.command)) + "\n")
            let status = run(commandLine: String(step.command), block: number, lessonLine: step.line)
            if status != 0 && !block.reader.annotations.expectError { break }
        }
        moveToNextBlock()
        write("\n")
        showCurrent()
        return true
    }

    @discardableResult
    private func run(commandLine: String, block: Int? = nil, lessonLine: Int? = nil) -> Int32 {
        let simulatedStart = simulator?.now.milliseconds ?? 0
        let wallStart = wallClock.now()
        lineCalls = []
        heldNarration = simulator.map { ($0.now, []) }
        var shown = ""
        let status = lessonSession.runTyped(commandLine, output: { [weak self] text in
            shown += text
            self?.write(text)
        }, interrupted: interrupted, idle: { [weak self] in
            // Narration from the real cluster's watcher, between whole lines of the command's output.
            if shown.isEmpty || shown.hasSuffix("\n") { self?.showPolled() }
        }) ?? 0
        // A line that printed no final newline leaves the cursor after its text: narration starts a line of its own.
        if !shown.isEmpty && !shown.hasSuffix("\n") { write("\n") }
        if let poller {
            // A line that ran a cloud CLI may have started something: it is told before the next prompt.
            let mayChange = ["aws", "kubectl", "eksctl"].contains { commandLine.contains($0) }
            poller.lineEnded(waitUpTo: mayChange ? 30 : 0)
            showPolled()
        }
        // What the line changed (an update it started) is told after its own answer.
        simulatorWatch?.look()
        releaseHeldNarration()
        explainRefusals(in: shown)
        if let recorder {
            let calls = lineCalls
            recorder.transcript.step(StepRecord(
                number: recorder.nextStepNumber(), block: block, lessonLine: lessonLine, command: commandLine, status: status,
                stdout: shown, simulatedStart: simulatedStart, simulatedEnd: simulator?.now.milliseconds ?? 0,
                wallSeconds: wallClock.now() - wallStart, events: calls.flatMap(\.events)))
            for call in calls {
                var step = StepRecord(number: recorder.nextStepNumber(), kind: .call, block: block, lessonLine: lessonLine,
                                      command: call.commandLine, status: call.status, stdout: call.stdout, stderr: call.stderr,
                                      simulatedStart: call.simulatedStart.milliseconds, simulatedEnd: call.simulatedEnd.milliseconds,
                                      events: call.events)
                step.arguments = call.arguments
                step.environment = call.environment
                step.inputs = call.inputs
                recorder.transcript.step(step)
            }
        }
        lineCalls = []
        if status == 130 {
            write("\n" + style.dim("(interrupted; the cluster keeps going)") + "\n")
        } else if status != 0 {
            write(style.dim("(exit status \(status))") + "\n")
        }
        return status
    }
}
