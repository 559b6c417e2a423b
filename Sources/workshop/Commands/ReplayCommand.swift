import ArgumentParser
import Foundation
import REPL
import Transcript

/// `workshop replay FILE`: play a recording (ours or asciinema's, v1, v2 or v3) in the terminal.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Play a recorded session in the terminal (asciicast v1, v2 or v3).",
        discussion: """
            Keys while playing: \(TerminalPlayer.keysHelp). Pauses longer than the idle limit \
            (the recording's, or --idle-limit) are shortened to it. --cat prints the whole output at once.
            """
    )

    @Argument(help: ArgumentHelp("A .cast file (Workshop's or asciinema's).", valueName: "file"))
    var file: String

    @Option(help: "Playback speed: 2 plays twice as fast.")
    var speed: Double = 1

    @Option(name: .customLong("idle-limit"), help: ArgumentHelp("Cap every pause at this many seconds (default: the recording's idle_time_limit).", valueName: "seconds"))
    var idleLimit: Double?

    @Option(name: .customLong("from-step"), help: ArgumentHelp("Start at lesson step N (or the Nth marker).", valueName: "n"))
    var fromStep: Int?

    @Flag(help: "Print the recorded output at once, without timing (like `asciinema cat`).")
    var cat = false

    func validate() throws {
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be a positive number, e.g. 2") }
        if let idleLimit, !(idleLimit > 0) { throw ValidationError("--idle-limit must be a positive number of seconds") }
        if let fromStep, fromStep < 1 { throw ValidationError("--from-step counts from 1") }
    }

    func run() throws {
        TerminationSignal.install()
        let cast: Asciicast
        do {
            cast = try AsciicastReader.decode(try TranscriptFiles.readText(file), file: file)
        } catch {
            Console.error("\(error)")
            throw ExitStatus.unreadable
        }
        let plan: ReplayPlan
        do {
            plan = try ReplayPlan(cast, speed: speed, idleLimit: idleLimit, fromStep: fromStep)
        } catch {
            Console.error("\(file): \(error)")
            throw ExitStatus.usage
        }
        if cat {
            Console.out(plan.outputFromStart)
        } else {
            let interactive = isatty(0) == 1 && isatty(1) == 1
            if interactive { Console.error(TerminalPlayer.keysHelp) }
            let player = TerminalPlayer(cast: cast, plan: plan, interactive: interactive) { Console.out($0) }
            if !player.play() { Console.error("\n(replay stopped)") }
        }
        if let signal = TerminationSignal.received { throw ExitCode(TerminationSignal.exitStatus(signal)) }
        if cast.truncated {
            let steps = cast.markers.compactMap { StepMarker.step(in: $0.label) }
            let place = steps.last.map { "after step \($0)" } ?? "after event \(cast.events.count)"
            Console.error("\(file):\(cast.events.count + 2): truncated \(place) (the recording was cut off mid-line); everything before it was played")
        }
    }
}
