import Foundation

/// The `workshop-client` built beside these tests: what a session's `aws`, `kubectl`, `eksctl` and
/// `sleep` link to. Suites that start a session's bash need it.
enum ClientProgram {
    static let path: String = {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("workshop-client").path
        if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/workshop-client").path
    }()

    static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: path) }
}
