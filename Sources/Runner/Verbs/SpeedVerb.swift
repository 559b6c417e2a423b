import ClusterSim

/// `:speed X`: simulated time per wall second.
struct SpeedVerb: ShellVerb {
    let name = "speed"
    let usage = ":speed X"
    let summary = "simulated time per wall second: 30, realtime, max"
    func completions(_ context: ShellVerbs.Context) -> [String] { ["10", "30", "60", "realtime", "max"] }
    func run(_ arguments: [String], in guided: GuidedSession) -> Bool {
        guard arguments.count == 1, let speed = SimulationSpeed(arguments[0]) else {
            guided.write(guided.style.red("Usage: :speed 30 | realtime | max (now \(guided.paced.speed))") + "\n")
            return true
        }
        guided.paced.setSpeed(speed)
        guided.write("Speed: \(speed)\n")
        return true
    }
}
