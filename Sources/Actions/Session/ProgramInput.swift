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

    public init(directory: String = FileManager.default.currentDirectoryPath, standardInput: [UInt8] = [], recorded: [String: String]? = nil) {
        self.directory = directory
        self.standardInput = standardInput
        self.recorded = recorded
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
}
