import Foundation

/// The running binary's own path, links resolved. `argv[0]` is only a name when the binary was
/// found on the PATH, so Linux's /proc/self/exe is asked first.
enum ExecutablePath {
    static var url: URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    }
}

/// Finds the program a session's `bin/aws`, `bin/kubectl`, `bin/eksctl` and `bin/sleep` link to:
/// `workshop-client` beside this binary (a build folder), or where `make install` puts it
/// (`PREFIX/libexec/workshop/`); else this binary, which acts as the client too, slower to start.
enum ClientLocator {
    static func path() -> String {
        let executable = ExecutablePath.url
        let directory = executable.deletingLastPathComponent()
        let candidates = [directory.appendingPathComponent("workshop-client"),
                          directory.deletingLastPathComponent().appendingPathComponent("libexec/workshop/workshop-client")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path ?? executable.path
    }
}
