import Foundation

/// Runs one read-only CLI command for an observer; injected so tests can answer without a cluster.
public protocol CommandRunner: Sendable {
    func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String)
}

/// Runs commands as child processes with the user's own environment (credentials, region,
/// kubeconfig), found on the `PATH`; a command that does not end within `timeout` is stopped.
public struct ProcessCommandRunner: CommandRunner {
    public let environment: [String: String]
    public let timeout: Double

    public init(environment: [String: String], timeout: Double = 60) {
        self.environment = environment
        self.timeout = timeout
    }

    public func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return (127, "", "\(arguments.first ?? "") could not be started: \(error)")
        }
        // Both pipes are read while the command runs, so a large answer cannot fill a pipe and stall it.
        final class Box: @unchecked Sendable { var data = Data() }
        let stdout = Box(), stderr = Box()
        let group = DispatchGroup()
        for (pipe, box) in [(out, stdout), (err, stderr)] {
            group.enter()
            DispatchQueue.global().async {
                box.data = pipe.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
        }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            group.wait()
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout.data, as: UTF8.self), String(decoding: stderr.data, as: UTF8.self))
    }
}
