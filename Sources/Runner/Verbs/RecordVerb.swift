/// `:record FILE` / `:record stop`: a transcript of the session from here.
struct RecordVerb: ShellVerb {
    let name = "record"
    let usage = ":record FILE"
    let summary = "record the session to FILE (asciicast); :record stop ends it"
    func completions(_ context: ShellVerbs.Context) -> [String] { ["stop"] }
    func run(_ arguments: [String], in guided: GuidedSession) -> Bool {
        guard arguments.count == 1 else {
            guided.write(guided.recorder.map { "Recording to \($0.transcript.castPath) (\($0.transcript.stepCount) steps so far). :record stop ends it.\n" }
                         ?? "Not recording. :record FILE starts (asciicast v2, with FILE's .steps.jsonl beside it).\n")
            return true
        }
        if arguments[0] == "stop" {
            if let path = guided.recorder?.transcript.castPath {
                guided.stopRecording()
                guided.write("Recording saved: \(path)\n")
            } else {
                guided.write("Not recording.\n")
            }
            return true
        }
        do {
            try guided.startRecording(path: arguments[0], simulatedTimeline: guided.paced.speed == .maximum)
            guided.write("Recording to \(arguments[0]). :record stop ends it; leaving the shell saves it too.\n")
        } catch {
            guided.write(guided.style.red("Cannot record: \(error)") + "\n")
        }
        return true
    }
}
