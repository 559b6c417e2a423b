import ArgumentParser
import LessonKit
import Presentation

/// `workshop lessons [PATH]`: the lesson tree in run order.
struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons",
        abstract: "List lessons in the order they run, with their blocks and steps.",
        discussion: "Ordering follows the EKS Workshop harness: weight, else sidebar_position, else 0; index.md titles its directory; pages before sub-directories; .notest skips a subtree for testing."
    )

    @Argument(help: ArgumentHelp("A lesson directory or file (default: the bundled lessons).", valueName: "path"))
    var path: String?

    @OptionGroup var readingOptions: ReadingOptions

    @Option(help: "Output format: text, or json (the full lesson model).")
    var format: OutputFormat = .text

    func run() throws {
        let root: String
        do {
            root = try LessonLocator.resolve(path)
        } catch {
            Console.error("\(error)")
            throw ExitStatus.unreadable
        }
        let tree: LessonTree
        do {
            tree = try LessonTree.load(path: root)
        } catch {
            Console.error(error.description)
            throw ExitStatus.unreadable
        }
        switch format {
        case .text:
            Console.out(LessonTreeRenderer(style: .forStandardOutput(environment: Console.environment), reading: readingOptions.reading).render(tree))
        case .json:
            Console.out(try JSONOutput.encode(LessonTreeDocument(tree: tree, reading: readingOptions.reading)))
        }
        for error in tree.errors { Console.error(error.description) }
        if !tree.errors.isEmpty { throw ExitStatus.unreadable }
    }
}
