import Foundation

/// Runs the built `workshop` executable, as a user would.
struct WorkshopBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The binary under test: `WORKSHOP_BINARY` when set (`make test` runs this suite a second time
    /// against the release build, the program users install), else the one built beside the tests.
    static let path: String = {
        if let chosen = ProcessInfo.processInfo.environment["WORKSHOP_BINARY"], !chosen.isEmpty {
            return chosen.hasPrefix("/") ? chosen : repositoryRoot + "/" + chosen
        }
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("workshop").path
        if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
        return repositoryRoot + "/.build/debug/workshop"
    }()

    /// Whether a program the tests' lessons use (`jq`) is installed; `make test` installs it.
    static func isInstalled(_ program: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }

    static var sharedDirectory: String? {
        let shared = (repositoryRoot as NSString).deletingLastPathComponent + "/shared"
        return FileManager.default.fileExists(atPath: shared) ? shared : nil
    }

    @discardableResult
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], directory: String? = nil) throws -> Result {
        try runProgram(path, arguments, stdin: stdin, environment: environment, directory: directory)
    }

    /// Runs any program the same way (python3 to check a report, say).
    static func runProgram(_ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                           directory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["COLUMNS"] = "80"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? repositoryRoot)
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
