import ArgumentParser
import LessonKit

extension Reading: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(rawValue: argument)
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// `--format text|json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// Options shared by the commands that read lessons.
struct ReadingOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Which rules decide what each block runs: 'reader' (what a person sees) or 'markdown-sh' (the EKS Workshop harness's exact rules).",
        valueName: "reading"))
    var reading: Reading = .reader
}
