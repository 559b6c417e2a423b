/// `:lesson`: the whole lesson at once.
struct LessonVerb: ShellVerb {
    let name = "lesson"
    let summary = "show the whole lesson"
    func run(_ arguments: [String], in guided: GuidedSession) -> Bool {
        for lesson in guided.lessons { guided.write(guided.renderer.render(lesson)) }
        return true
    }
}
