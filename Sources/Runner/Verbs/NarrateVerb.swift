import Narration

/// `:narrate L`: how much the narrator says.
struct NarrateVerb: ShellVerb {
    let name = "narrate"
    let usage = ":narrate L"
    let summary = "narration: full, brief, off"
    func completions(_ context: ShellVerbs.Context) -> [String] { ["full", "brief", "off"] }
    func run(_ arguments: [String], in guided: GuidedSession) -> Bool {
        guard arguments.count == 1, let level = NarrationLevel(rawValue: arguments[0]) else {
            guided.write(guided.style.red("Usage: :narrate full | brief | off (now \(guided.narrator.level.rawValue))") + "\n")
            return true
        }
        guided.narrator.level = level
        guided.write("Narration: \(level.rawValue)\n")
        return true
    }
}
