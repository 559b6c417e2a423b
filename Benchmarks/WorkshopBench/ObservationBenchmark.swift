import ClusterSim
import Foundation
import ClusterObservation
import Timeline

/// What watching costs: the same 450-node upgrade (30 pods per node) run bare, then with an observer
/// looking every 10 simulated seconds (as the guided shell does) and every 60 (as `simulate --svg`
/// does for big groups), side by side; then the SVG drawn from the frames.
enum ObservationBenchmark {
    static func run() throws {
        print("observation: a 450-node upgrade, bare and watched (snapshot + inference + timeline frame per look)")
        let scenario = Scenario.synthetic(nodes: 450, zones: 3, podsPerNode: 30, budget: .init(maxUnavailable: .count(1)),
                                          updateConfig: UpdateConfig(maxUnavailable: 10))
        var bare = 0.0
        var frames: [TimelineFrame] = []
        for interval in [nil, 60.0, 10.0] as [Double?] {
            var looks = 0
            var kept: [TimelineFrame] = []
            var watch: SimulatorWatch?
            let start = Measure.now()
            let (simulator, updates) = try UpgradeRun.run(.nodegroup, scenario: scenario, seed: 1, prepare: { simulator in
                guard let interval else { return }
                let w = SimulatorWatch(simulator: simulator, every: interval)
                w.watcher.subscribe { observation in
                    looks += 1
                    if let frame = observation.frame { kept.append(frame) }
                }
                w.look()
                watch = w
            })
            let seconds = Double(Measure.now() - start) / 1e9
            _ = watch
            if interval == nil { bare = seconds }
            if interval == 60 { frames = kept }
            let label = interval.map { "watched every \(Int($0)) s" } ?? "bare"
            print(String(format: "  %@ %7.3f s wall  %5.2f× bare  %5d looks  %6.3f ms/look  %4d frames  %@ of simulated time, %@",
                         label.padding(toLength: 22, withPad: " ", startingAt: 0) as NSString, seconds, seconds / max(bare, 1e-9), looks,
                         looks == 0 ? 0.0 : (seconds - bare) * 1000 / Double(looks), kept.count,
                         simulator.now.durationText as NSString, updates.first?.status.rawValue ?? "?"))
        }
        let start = Measure.now()
        let svg = SVGTimelineRenderer(title: "bench").render(Timeline(frames: frames))
        print(String(format: "  SVG of the 60 s frames: %.3f s, %d rows, %.0f KB", Double(Measure.now() - start) / 1e9,
                     svg.components(separatedBy: "data-node=").count - 1, Double(svg.utf8.count) / 1024))
    }
}
