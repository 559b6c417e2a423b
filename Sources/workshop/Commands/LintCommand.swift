import ArgumentParser
import LessonKit
import Presentation

/// `workshop lint PATH...`: errors and warnings, with file:line:column.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check lessons, and warn wherever the EKS Workshop harness would run something other than what a reader sees.",
        discussion: "Exit status: 0 clean (warnings alone too, unless --strict), 1 errors, 65 unreadable input."
    )

    @Argument(help: ArgumentHelp("Lesson files or directories (default: the bundled lessons).", valueName: "path"))
    var paths: [String] = []

    @Flag(help: "Treat warnings as errors for the exit status.")
    var strict = false

    @Option(help: "Output format: text (file:line:column: severity: message [code]) or json.")
    var format: OutputFormat = .text

    func run() throws {
        var diagnostics: [Diagnostic] = []
        var unreadable: [LessonReadError] = []
        var lessonCount = 0
        let linter = Linter()
        for argument in paths.isEmpty ? [nil] : paths.map(Optional.some) {
            let tree: LessonTree
            do {
                tree = try LessonTree.load(path: try LessonLocator.resolve(argument))
            } catch let error as LessonReadError {
                unreadable.append(error)
                continue
            } catch {
                Console.error("\(error)")
                throw ExitStatus.unreadable
            }
            for page in tree.pages {
                if let lesson = page.lesson {
                    lessonCount += 1
                    diagnostics += linter.lint(lesson)
                } else if let error = page.error {
                    unreadable.append(error)
                }
            }
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        switch format {
        case .text:
            let style = TerminalStyle.forStandardOutput(environment: Console.environment)
            for diagnostic in diagnostics {
                let text = diagnostic.description
                Console.out((diagnostic.severity == .error ? style.red(text) : text) + "\n")
            }
            // With nothing readable, the errors below say it all in one line each.
            if lessonCount > 0 { Console.error("\(lessonCount) lesson\(lessonCount == 1 ? "" : "s") checked: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\(unreadable.isEmpty ? "" : ", \(unreadable.count) unreadable")") }
        case .json:
            let all = diagnostics + unreadable.map {
                Diagnostic(.error, code: "unreadable", message: $0.message, file: $0.file, line: $0.line)
            }
            Console.out(try JSONOutput.encode(all))
        }
        for error in unreadable { Console.error(error.description) }
        if !unreadable.isEmpty { throw ExitStatus.unreadable }
        if errors > 0 || (strict && warnings > 0) { throw ExitStatus.failure }
    }
}
