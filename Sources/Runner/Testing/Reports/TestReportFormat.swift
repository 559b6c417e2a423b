import Foundation

/// A way to write a ``TestReport``: one type per format, all behind this protocol.
public protocol TestReportFormat {
    static var name: String { get }
    static func render(_ report: TestReport) -> String
}

public enum TestReportFormats {
    public static var all: [any TestReportFormat.Type] { [HumanTestReport.self, JUnitTestReport.self, TAPTestReport.self, JSONTestReport.self, HTMLTestReport.self] }

    public static func named(_ name: String) -> (any TestReportFormat.Type)? { all.first { $0.name == name } }
}

extension Double {
    /// `0.012s`-style durations for reports.
    var secondsText: String { String(format: "%.3f", self) }
}
