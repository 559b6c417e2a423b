import Foundation
import Testing
import ClusterSim
import ClusterObservation
@testable import Timeline

/// Frames become rows of spans, phases and marks; the SVG has a row per node and real text.
@Suite struct TimelineTests {
    typealias Row = TimelineFrame.NodeRow

    static let frames: [TimelineFrame] = [
        TimelineFrame(time: 0, nodes: [Row(name: "old-a", nodegroup: "ng", zone: "z1", state: .ready)],
                      groups: [.init(nodegroup: "ng", desired: 1, configured: 1, phase: nil)]),
        TimelineFrame(time: 100, nodes: [Row(name: "old-a", nodegroup: "ng", zone: "z1", state: .ready)],
                      groups: [.init(nodegroup: "ng", desired: 1, configured: 1, phase: .setup)]),
        TimelineFrame(time: 130, nodes: [Row(name: "old-a", nodegroup: "ng", zone: "z1", state: .ready), Row(name: "new-a", nodegroup: "ng", zone: "z2", state: .launching)],
                      groups: [.init(nodegroup: "ng", desired: 2, configured: 1, phase: .scaleUp)]),
        TimelineFrame(time: 200, nodes: [Row(name: "old-a", nodegroup: "ng", zone: "z1", state: .draining), Row(name: "new-a", nodegroup: "ng", zone: "z2", state: .ready)],
                      groups: [.init(nodegroup: "ng", desired: 2, configured: 1, phase: .upgrade)], refusals: [.init(budget: "strict", node: "old-a")]),
        TimelineFrame(time: 400, nodes: [Row(name: "old-a", nodegroup: "ng", zone: "z1", state: .gone), Row(name: "new-a", nodegroup: "ng", zone: "z2", state: .ready)],
                      groups: [.init(nodegroup: "ng", desired: 1, configured: 1, phase: nil)], results: [.init(subject: "node group ng", status: "Successful")]),
    ]

    @Test func framesBecomeSpansPhasesAndMarks() {
        let timeline = Timeline(frames: Self.frames)
        #expect(timeline.start == 40, "a minute before the first change")
        #expect(timeline.end == 400)
        #expect(timeline.rows.map(\.name) == ["old-a", "new-a"], "ordered by zone")
        let old = timeline.rows[0].spans
        #expect(old.map(\.state) == [.ready, .draining])
        #expect(old.last?.end == 400, "the node's last state lasts until it is gone")
        #expect(timeline.rows[1].spans.map(\.state) == [.launching, .ready])
        #expect(timeline.phases.map(\.phase) == [.setup, .scaleUp, .upgrade])
        #expect(timeline.phases.map(\.end) == [130, 200, 400])
        #expect(timeline.desired["ng"]?.map(\.value) == [1, 2, 1])
        #expect(timeline.refusals == [.init(time: 200, budget: "strict", node: "old-a")])
        #expect(timeline.endings.first?.status == "Successful")
    }

    @Test func theSVGHasARowPerNodeRealTextAndTheResult() {
        let svg = SVGTimelineRenderer(title: "A <test> & more").render(Timeline(frames: Self.frames))
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.components(separatedBy: "data-node=").count - 1 == 2)
        #expect(svg.contains(">A &lt;test&gt; &amp; more</text>"), "titles are escaped real text")
        #expect(svg.contains(">old-a</text>") && svg.contains(">new-a</text>"))
        #expect(svg.contains(">PDB strict</text>"), "the refused eviction names its budget")
        #expect(svg.contains(">1 setup</text>") && svg.contains(">3 upgrade</text>"))
        #expect(svg.contains("node group ng: Successful after 6m"))
        #expect(svg.contains("prefers-color-scheme: dark"))
        #expect(svg.contains("fill=\"url(#cross)\""), "draining is told by pattern as well as colour")
    }

    @Test func rowsShrinkWithManyNodesButStayVisible() {
        #expect(SVGTimelineRenderer.rowHeight(rows: 6) == 16)
        #expect(SVGTimelineRenderer.rowHeight(rows: 120) == 6)
        #expect(SVGTimelineRenderer.rowHeight(rows: 900) == 3)
    }

    static let xmllint = ["/usr/bin/xmllint", "/usr/local/bin/xmllint"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: xmllint != nil, "needs xmllint (apt-get install libxml2-utils; make test installs it)"))
    func theSVGOfARealUpgradeIsWellFormedXML() throws {
        let simulator = Simulator(scenario: .default, seed: 2)
        let watcher = ClusterWatcher(source: SimulatorSnapshotSource(simulator: simulator))
        final class Frames: @unchecked Sendable { var all: [TimelineFrame] = [] }
        let frames = Frames()
        watcher.subscribe { if let frame = $0.frame { frames.all.append(frame) } }
        watcher.poll()
        simulator.addTicker(every: .seconds(10)) { watcher.poll() }
        _ = try simulator.updateNodegroupVersion(cluster: "eks-workshop", nodegroup: "default")
        _ = simulator.run(until: { simulator.activeUpdate(nodegroup: "default") == nil }, limit: .seconds(4 * 3600))
        watcher.poll()
        let path = NSTemporaryDirectory() + "timeline-\(UUID().uuidString).svg"
        try SVGTimelineRenderer(title: "upgrade").render(Timeline(frames: frames.all)).write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.xmllint!)
        process.arguments = ["--noout", path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
    }
}
