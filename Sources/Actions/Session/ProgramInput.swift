import Foundation

/// What a program reads besides its arguments: its standard input (`kubectl apply -f -`) and files
/// relative to the caller's working directory (`-f manifests/`). Everything read is kept in `read`
/// (path → text, `-` for standard input), so a recording can give a replay the same input.
public final class ProgramInput {
    public let directory: String
    private let standardInput: [UInt8]
    /// A replay's recorded input: reads are answered from here, not from the disk.
    private let recorded: [String: String]?
    public private(set) var read: [String: String] = [:]
    /// Where tools (`kustomize`, the real `kubectl`) are looked for: this process's PATH unless given.
    private let toolPath: String?

    public init(directory: String = FileManager.default.currentDirectoryPath, standardInput: [UInt8] = [], recorded: [String: String]? = nil,
                toolPath: String? = nil) {
        self.directory = directory
        self.standardInput = standardInput
        self.recorded = recorded
        self.toolPath = toolPath
    }

    /// Standard input as text.
    public func standardInputText() -> String {
        let text = recorded?["-"] ?? String(decoding: standardInput, as: UTF8.self)
        read["-"] = text
        return text
    }

    public enum Entry { case file(String), directory([String]), missing }

    /// A path as given (relative to the caller's directory): a file's text, a directory's entries
    /// (sorted names), or missing.
    public func entry(_ path: String) -> Entry {
        if let recorded {
            if let text = recorded[path] { read[path] = text; return .file(text) }
            if let listing = recorded[path + "/"] {
                read[path + "/"] = listing
                return .directory(listing.split(separator: "\n").map(String.init))
            }
            return .missing
        }
        let full = path.hasPrefix("/") ? path : directory + "/" + path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else { return .missing }
        if isDirectory.boolValue {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: full)) ?? []).sorted()
            read[path + "/"] = names.joined(separator: "\n")
            return .directory(names)
        }
        guard let data = FileManager.default.contents(atPath: full) else { return .missing }
        let text = String(decoding: data, as: UTF8.self)
        read[path] = text
        return .file(text)
    }

    /// What `kubectl apply -k DIR` applies: the manifests a kustomization directory makes.
    public enum Kustomization: Equatable {
        case built(String)
        /// The tool ran and refused (its own error text).
        case failed(String)
        /// Neither `kustomize` nor the real `kubectl` is on this machine.
        case noTool
    }

    /// Builds a kustomization with `kustomize build DIR`, else the real kubectl's `kubectl
    /// kustomize DIR`. The result is kept in `read` like a file (under `kustomize:DIR`), so a
    /// replay needs neither tool and gets the same objects.
    public func kustomized(_ path: String) -> Kustomization {
        let key = "kustomize:" + path
        if let recorded {
            if let text = recorded[key] { read[key] = text; return .built(text) }
            if let text = recorded["kustomize!:" + path] { read["kustomize!:" + path] = text; return .failed(text) }
            return .noTool
        }
        let full = path.hasPrefix("/") ? path : directory + "/" + path
        let attempts: [(tool: String, arguments: [String])] = [("kustomize", ["build", full]), ("kubectl", ["kustomize", full])]
        for (tool, arguments) in attempts {
            guard let executable = Self.realExecutable(tool, path: toolPath) else { continue }
            let result = Self.runTool(executable, arguments, directory: directory)
            if result.status == 0 {
                read[key] = result.stdout
                return .built(result.stdout)
            }
            read["kustomize!:" + path] = result.stderr
            return .failed(result.stderr)
        }
        return .noTool
    }

    /// `name` on this process's PATH, unless it is Workshop's own client (a session's `kubectl`
    /// reaches the simulator, which does not build kustomizations).
    static func realExecutable(_ name: String, path: String? = nil) -> String? {
        let path = path ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            guard FileManager.default.isExecutableFile(atPath: candidate) else { continue }
            let resolved = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().lastPathComponent
            if resolved.hasPrefix("workshop") { continue }
            return candidate
        }
        return nil
    }

    private static func runTool(_ executable: String, _ arguments: [String], directory: String) -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return (127, "", "\(error)\n") }
        // Both pipes drained while it runs: a large build would otherwise fill one and stall.
        nonisolated(unsafe) var errorData = Data()
        let reader = Thread { errorData = errors.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }
}
