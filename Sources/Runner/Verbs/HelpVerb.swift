/// `:help`: the verbs.
struct HelpVerb: ShellVerb {
    let name = "help"
    let aliases = ["h", "?"]
    let summary = "this list"
    func run(_ arguments: [String], in guided: GuidedSession) -> Bool {
        guided.write(ShellVerbs.helpText)
        return true
    }
}
