import Foundation
import ClusterObservation
import Timeline

/// `:timeline [FILE]`: the cluster's changes so far, drawn as an SVG timeline.
struct TimelineVerb: ShellVerb {
    let name = "timeline"
    let usage = ":timeline [FILE]"
    let summary = "draw what the cluster did so far as an SVG picture (default: timeline-LESSON.svg)"

    func run(_ arguments: [String], in guided: GuidedSession) -> Bool {
        guided.showPolled()
        let frames = guided.timelineFrames
        guard frames.count > 1 else {
            guided.write("Nothing to draw yet: the cluster has not changed since Workshop started watching it. Start an update, then :timeline.\n")
            return true
        }
        let lesson = guided.lessons.first.map(GuidedSession.shortName) ?? "session"
        let path = arguments.first ?? "timeline-\(lesson).svg"
        let title = "\(lesson) (\(guided.realCluster ? "real cluster" : "simulated cluster, seed \(guided.seed)"))"
        do {
            try SVGTimelineRenderer(title: title).render(Timeline(frames: frames)).write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            guided.write(guided.style.red("Cannot write \(path): \(error.localizedDescription)") + "\n")
            return true
        }
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        guided.write("Timeline written to \(full)\(Self.open(full, environment: ProcessInfo.processInfo.environment) ? " (opened)" : " (open it in a browser)")\n")
        return true
    }

    /// Opens the picture where a desktop opener exists (a graphical session with xdg-open, or macOS's open).
    static func open(_ path: String, environment: [String: String]) -> Bool {
        guard environment["DISPLAY"] != nil || environment["WAYLAND_DISPLAY"] != nil else { return false }
        let opener = ["/usr/bin/xdg-open", "/usr/local/bin/xdg-open", "/usr/bin/open"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let opener else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return (try? process.run()) != nil
    }
}
