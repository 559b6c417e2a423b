/// `:blocks`: the lesson's blocks, done, next and to come.
struct BlocksVerb: ShellVerb {
    let name = "blocks"
    let aliases = ["steps", "list"]
    let summary = "list the lesson's blocks"
    func run(_ arguments: [String], in guided: GuidedSession) -> Bool {
        for (number, index) in guided.blockChapters.enumerated() {
            guard let block = guided.chapters[index].chapter.block else { continue }
            let marker = index == guided.cursor ? "▶" : index < guided.cursor ? "✓" : " "
            let first = block.reader.steps.first?.command.split(separator: "\n").first.map(String.init) ?? ""
            guided.write("\(marker) \(number + 1). \(first)\(block.reader.annotations.test ? "" : guided.style.dim("  (test=false)"))\n")
        }
        return true
    }
}
