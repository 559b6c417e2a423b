import Foundation

/// Finds the program a session's `bin/aws`, `bin/kubectl`, `bin/eksctl` and `bin/sleep` link to:
/// `workshop-client` beside this binary (a build folder), or where `make install` puts it
/// (`PREFIX/libexec/workshop/`); else this binary, which acts as the client too, slower to start.
enum ClientLocator {
    static func path() -> String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        let candidates = [directory.appendingPathComponent("workshop-client"),
                          directory.deletingLastPathComponent().appendingPathComponent("libexec/workshop/workshop-client")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path ?? executable
    }
}
