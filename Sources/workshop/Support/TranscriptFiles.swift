import Foundation
import Transcript

/// Reading transcripts named on the command line: a `.cast` file or its `.steps.jsonl` sidecar.
enum TranscriptFiles {
    static func readText(_ path: String) throws(TranscriptReadError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TranscriptReadError(file: path, message: "no such file (check the path; `ls transcripts/` lists the bundled ones)")
        }
        guard !isDirectory.boolValue else { throw TranscriptReadError(file: path, message: "is a directory, not a transcript") }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber else {
            throw TranscriptReadError(file: path, message: "cannot read it (check its permissions)")
        }
        guard size.int64Value <= 256 * 1024 * 1024 else {
            throw TranscriptReadError(file: path, message: "is \(size.int64Value / 1_048_576) MB; transcripts over 256 MB are refused")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TranscriptReadError(file: path, message: "cannot read it (check its permissions)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TranscriptReadError(file: path, message: "is not UTF-8 text, so not a transcript")
        }
        return text
    }

    /// The step log for a path given by the user (the cast or the sidecar itself).
    static func stepLog(for path: String) throws(TranscriptReadError) -> (log: StepLog, path: String) {
        let sidecar = path.hasSuffix(".steps.jsonl") ? path : StepLog.sidecarPath(forCast: path)
        guard FileManager.default.fileExists(atPath: path) else {
            throw TranscriptReadError(file: path, message: "no such file (check the path; `ls transcripts/` lists the bundled ones)")
        }
        guard FileManager.default.fileExists(atPath: sidecar) else {
            throw TranscriptReadError(file: path, message: "has no step records beside it (\(sidecar)): only transcripts recorded by Workshop can be verified")
        }
        return (try StepLog.decode(try readText(sidecar), file: sidecar), sidecar)
    }
}
