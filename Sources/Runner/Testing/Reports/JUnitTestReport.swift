import Actions

/// JUnit XML as common CI parsers read it (Jenkins, GitLab, GitHub actions): one `testsuite` per
/// lesson, one `testcase` per block with `file` and `line`, `failure`/`error`/`skipped` children.
public enum JUnitTestReport: TestReportFormat {
    public static let name = "junit"

    public static func render(_ report: TestReport) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        let failures = report.count(.failed), errors = report.count(.timedOut) + report.lessons.filter { $0.error != nil }.count
        let skipped = report.count(.skipped)
        xml += #"<testsuites name="workshop test" tests="\#(report.blocks.count)" failures="\#(failures)" errors="\#(errors)" skipped="\#(skipped)" time="\#(report.wallSeconds.secondsText)">"# + "\n"
        for (index, lesson) in report.lessons.enumerated() {
            let lessonFailures = lesson.blocks.filter { $0.outcome == .failed }.count
            let lessonErrors = lesson.blocks.filter { $0.outcome == .timedOut }.count + (lesson.error == nil ? 0 : 1)
            let lessonSkipped = lesson.blocks.filter { $0.outcome == .skipped }.count
            xml += #"  <testsuite id="\#(index)" name="\#(escape(lesson.title))" package="\#(escape(lesson.suite))" tests="\#(lesson.blocks.count)" failures="\#(lessonFailures)" errors="\#(lessonErrors)" skipped="\#(lessonSkipped)" time="\#(lesson.wallSeconds.secondsText)" file="\#(escape(lesson.file))">"# + "\n"
            if let error = lesson.error {
                xml += #"    <testcase name="lesson" classname="\#(escape(lesson.file))" file="\#(escape(lesson.file))" time="0.000">"# + "\n"
                xml += #"      <error message="\#(escape(error))" type="LessonError"/>"# + "\n    </testcase>\n"
            }
            for block in lesson.blocks {
                let name = "block \(block.number) (line \(block.line)): \(block.command)"
                xml += #"    <testcase name="\#(escape(name))" classname="\#(escape(lesson.file))" file="\#(escape(lesson.file))" line="\#(block.line)" time="\#(block.wallSeconds.secondsText)""#
                let message = escape(block.message ?? "")
                switch block.outcome {
                case .passed:
                    xml += "/>\n"
                    continue
                case .failed:
                    xml += ">\n" + #"      <failure message="\#(message)" type="BlockFailed">\#(escape(block.stdout + block.stderr))</failure>"# + "\n"
                case .timedOut:
                    xml += ">\n" + #"      <error message="\#(message)" type="TimedOut">\#(escape(block.stdout + block.stderr))</error>"# + "\n"
                case .skipped:
                    xml += ">\n" + #"      <skipped message="\#(message)"/>"# + "\n"
                }
                if !block.stdout.isEmpty, block.outcome == .failed || block.outcome == .timedOut {
                    xml += "      <system-out>\(escape(block.stdout))</system-out>\n"
                }
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    static func escape(_ text: String) -> String { XMLText.escape(text) }
}
