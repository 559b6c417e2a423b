import Foundation

/// Where commands write: stdout for results, stderr for diagnostics and summaries.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static var environment: [String: String] { ProcessInfo.processInfo.environment }
}
