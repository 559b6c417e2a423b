/// A way to write a ``TestReport``: one type per format, all behind this protocol.
public protocol TestReportFormat {
    static var name: String { get }
    static func render(_ report: TestReport) -> String
}

public enum TestReportFormats {
    public static let all: [any TestReportFormat.Type] = [HumanTestReport.self, JUnitTestReport.self, TAPTestReport.self, JSONTestReport.self]

    public static func named(_ name: String) -> (any TestReportFormat.Type)? { all.first { $0.name == name } }
}

extension Double {
    /// `0.012s`-style durations for reports.
    var secondsText: String {
        let milliseconds = (self * 1000).rounded()
        return String(Int(milliseconds) / 1000) + "." + String(repeating: "0", count: 3 - String(Int(milliseconds) % 1000).count) + String(Int(milliseconds) % 1000)
    }
}
