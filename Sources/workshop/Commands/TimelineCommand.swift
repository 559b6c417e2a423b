import ArgumentParser
import Foundation
import ClusterObservation
import Timeline
import Transcript

/// `workshop timeline TRANSCRIPT --svg FILE`: the upgrade a recording shows, as a picture.
struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Draw the upgrade a recorded session shows as an SVG timeline.",
        discussion: """
            Reads the observation records a recording keeps beside its .cast (in .steps.jsonl): what Workshop saw \
            of the cluster whenever it changed, on the simulator or on a real cluster. One row per node, time across, \
            the four phases shaded, the Auto Scaling group's desired size, refused evictions and the result. \
            Exit status: 0 written, 1 the recording shows no cluster change, 65 unreadable recording.
            """
    )

    @Argument(help: ArgumentHelp("A recording: its .cast file or its .steps.jsonl.", valueName: "transcript"))
    var transcript: String

    @Option(help: ArgumentHelp("Where to write the SVG picture.", valueName: "file"))
    var svg: String

    func run() throws {
        let sidecar = transcript.hasSuffix(".steps.jsonl") ? transcript : StepLog.sidecarPath(forCast: transcript)
        let log: StepLog
        do {
            log = try StepLog.decode(try TranscriptFiles.readText(sidecar), file: sidecar)
        } catch {
            Console.error("\(error)")
            throw ExitStatus.unreadable
        }
        let frames = log.observations.compactMap(TimelineFrame.init(json:))
        guard frames.count > 1 else {
            Console.error("\(sidecar): no cluster change was observed in this recording (\(frames.count) observation record\(frames.count == 1 ? "" : "s")). Recordings made before observation records existed have none: record the session again (workshop verify --update \(transcript)).")
            throw ExitStatus.failure
        }
        let lesson = log.session.lessons.first.map { ($0.path as NSString).lastPathComponent } ?? "session"
        let title = "\(lesson) (\(log.session.backend == "sim" ? "simulated cluster, seed \(log.session.seed)" : "real cluster"))"
        do {
            try SVGTimelineRenderer(title: title).render(Timeline(frames: frames)).write(toFile: svg, atomically: true, encoding: .utf8)
        } catch {
            Console.error("workshop: cannot write \(svg): \(error.localizedDescription)")
            throw ExitStatus.usage
        }
        Console.error("Timeline written to \(svg) (\(frames.count) observations; open it in a browser)")
    }
}
