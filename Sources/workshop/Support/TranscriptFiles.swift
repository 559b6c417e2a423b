import Foundation
import Transcript

/// Reading transcripts named on the command line: a `.cast` file or its `.steps.jsonl` sidecar.
enum TranscriptFiles {
    static let sizeLimit = 32 * 1_048_576

    static func readText(_ path: String) throws(TranscriptReadError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TranscriptReadError(file: path, message: "no such file (check the path; `ls transcripts/` lists the bundled ones)")
        }
        guard !isDirectory.boolValue else { throw TranscriptReadError(file: path, line: 1, message: "is a directory, not a transcript") }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber else {
            throw TranscriptReadError(file: path, line: 1, message: "cannot read it (check its permissions)")
        }
        // A FIFO or device could block forever or never end.
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw TranscriptReadError(file: path, line: 1, message: "is not a regular file (a FIFO, socket or device), so not a transcript")
        }
        // A transcript is read whole; the limit keeps memory bounded (hours of a class are a few MB).
        guard size.int64Value <= Int64(sizeLimit) else {
            throw TranscriptReadError(file: path, line: 1, message: "is \(size.int64Value / 1_048_576) MB; transcripts over \(sizeLimit / 1_048_576) MB are refused (is this really a recording?)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TranscriptReadError(file: path, line: 1, message: "cannot read it (check its permissions)")
        }
        let bytes = [UInt8](data)
        if let nul = bytes.firstIndex(of: 0) {
            throw TranscriptReadError(file: path, line: line(of: nul, in: bytes), message: "binary data (a NUL byte), so not a transcript")
        }
        var decoder = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch decoder.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return String(decoding: bytes, as: UTF8.self)
            case .error:
                throw TranscriptReadError(file: path, line: line(of: offset, in: bytes),
                                          message: "invalid UTF-8 at byte offset \(offset), so not a transcript")
            }
        }
    }

    private static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    /// The step log for a path given by the user (the cast or the sidecar itself), and the cast it
    /// belongs to when there is one. A cast is read too, so a damaged recording is reported even
    /// when its step records are whole.
    static func recording(for path: String) throws(TranscriptReadError) -> (log: StepLog, path: String, cast: Asciicast?) {
        let sidecar = path.hasSuffix(".steps.jsonl") ? path : StepLog.sidecarPath(forCast: path)
        guard FileManager.default.fileExists(atPath: path) else {
            throw TranscriptReadError(file: path, message: "no such file (check the path; `ls transcripts/` lists the bundled ones)")
        }
        guard FileManager.default.fileExists(atPath: sidecar) else {
            throw TranscriptReadError(file: path, line: 1, message: "has no step records beside it (\(sidecar)): only transcripts recorded by Workshop can be verified")
        }
        let castPath = path.hasSuffix(".steps.jsonl") ? StepLog.castPath(forSidecar: path) : path
        var cast: Asciicast?
        if path == castPath || FileManager.default.fileExists(atPath: castPath) {
            cast = try AsciicastReader.decode(try readText(castPath), file: castPath)
        }
        return (try StepLog.decode(try readText(sidecar), file: sidecar), sidecar, cast)
    }
}
