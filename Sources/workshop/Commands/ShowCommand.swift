import ArgumentParser
import LessonKit
import Presentation

/// `workshop show LESSON`: a lesson as a participant meets it.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a lesson as a participant will meet it: prose, then each block's commands and sample output."
    )

    @Argument(help: ArgumentHelp("A lesson file or directory, or the name of a bundled lesson (e.g. upgrade-ami).", valueName: "lesson"))
    var lesson: String

    @OptionGroup var readingOptions: ReadingOptions

    @Option(help: "Output format: text, or json (the lesson model).")
    var format: OutputFormat = .text

    func run() throws {
        let tree = try LessonLocator.loadTree(lesson)
        let lessons = tree.pages.compactMap(\.lesson)
        switch format {
        case .text:
            let renderer = LessonRenderer(style: .forStandardOutput(environment: Console.environment), reading: readingOptions.reading)
            Console.out(lessons.map(renderer.render).joined(separator: "\n"))
        case .json:
            let documents = lessons.map { LessonDocument(lesson: $0, reading: readingOptions.reading) }
            Console.out(try documents.count == 1 && tree.pages.count == 1 ? JSONOutput.encode(documents[0]) : JSONOutput.encode(documents))
        }
        for error in tree.errors { Console.error(error.description) }
        if !tree.errors.isEmpty { throw ExitStatus.unreadable }
    }
}
