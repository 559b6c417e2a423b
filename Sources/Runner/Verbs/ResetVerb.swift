import Transcript

/// `:reset`: a fresh simulated cluster, back to the lesson's start.
struct ResetVerb: ShellVerb {
    let name = "reset"
    let summary = "start again on a fresh simulated cluster"
    func run(_ arguments: [String], in guided: GuidedSession) -> Bool {
        guard !guided.realCluster else {
            guided.write(guided.style.red(":reset makes a fresh simulated cluster; on a real cluster, clean up with the lesson's own commands.") + "\n")
            return true
        }
        guided.lessonSession.reset()
        guided.cursor = 0
        if let recorder = guided.recorder {
            let now = guided.session.simulator.now.milliseconds
            recorder.transcript.step(StepRecord(number: recorder.nextStepNumber(), kind: .reset, command: ":reset",
                                                simulatedStart: now, simulatedEnd: now))
        }
        guided.write("A fresh simulated cluster. Back to the start of the lesson.\n\n")
        guided.showCurrent()
        return true
    }
}
