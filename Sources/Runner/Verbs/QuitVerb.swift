/// `:quit` (or Ctrl-D): leave.
struct QuitVerb: ShellVerb {
    let name = "quit"
    let aliases = ["q", "exit"]
    let summary = "leave (Ctrl-D too)"
    func run(_ arguments: [String], in guided: GuidedSession) -> Bool { false }
}
