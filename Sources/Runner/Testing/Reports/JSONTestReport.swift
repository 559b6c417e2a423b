import JSON

/// The whole report as one JSON document, for tools.
public enum JSONTestReport: TestReportFormat {
    public static let name = "json"

    public static func render(_ report: TestReport) -> String {
        let totals: [(key: String, value: JSONValue)] = TestOutcome.allCases.map { ($0.rawValue, .int(report.count($0))) }
        let value: JSONValue = .object([
            ("backend", .string(report.backend)), ("reading", .string(report.reading.rawValue)),
            ("passed", .bool(!report.failed)), ("wallSeconds", .double(report.wallSeconds)), ("totals", .object(totals)),
            ("lessons", .array(report.lessons.map { lesson in
                .object([
                    ("file", .string(lesson.file)), ("title", .string(lesson.title)), ("suite", .string(lesson.suite)),
                    ("outcome", .string(lesson.outcome.rawValue)), ("error", lesson.error.map(JSONValue.string) ?? .null),
                    ("simulatedSeconds", .double(lesson.simulatedSeconds)), ("wallSeconds", .double(lesson.wallSeconds)),
                    ("blocks", .array(lesson.blocks.map { block in
                        .object([
                            ("number", .int(block.number)), ("line", .int(block.line)), ("command", .string(block.command)),
                            ("outcome", .string(block.outcome.rawValue)), ("message", block.message.map(JSONValue.string) ?? .null),
                            ("stdout", .string(block.stdout)), ("stderr", .string(block.stderr)),
                            ("simulatedSeconds", .double(block.simulatedSeconds)), ("wallSeconds", .double(block.wallSeconds)),
                        ])
                    })),
                ])
            })),
        ])
        return JSONSerializer.pretty(value, indent: 2) + "\n"
    }
}
