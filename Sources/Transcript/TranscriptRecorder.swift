import Foundation
import JSON

/// Writes a session as it happens: an asciicast v2 file of what the terminal showed, with a marker
/// at every lesson step and upgrade phase, and the step-record sidecar beside it.
///
/// Every event is redacted, then written with one `write(2)` and no user-space buffer, so a process
/// killed at any moment leaves both files readable up to their last whole line.
public final class TranscriptRecorder {
    public let castPath: String
    public let sidecarPath: String
    private let cast: FileHandle
    private let sidecar: FileHandle
    private let redactor: Redactor
    private let now: () -> Double
    private let start: Double
    /// Output not yet ending in a newline: redaction needs whole lines.
    private var pending = ""
    /// Whole lines of output at one moment, written once the moment has passed (or another event
    /// comes): how a program's output happened to arrive in pieces must not show in the file, or
    /// two recordings of one run would differ.
    private var held: (time: Double, text: String)?
    private var lastTime = 0.0
    public private(set) var stepCount = 0
    /// The first write that failed (disk full, file removed); recording stops there.
    public private(set) var failure: String?
    private var closed = false

    /// Creates (or replaces) `castPath` and its sidecar and writes their headers.
    ///
    /// - Parameter now: the recording's clock in seconds: wall time for a participant, simulated
    ///   time for a run at maximum speed (so such recordings are the same on every run).
    public init(castPath: String, header: Asciicast.Header, session: SessionRecord, redactor: Redactor = Redactor(),
                now: @escaping () -> Double) throws(TranscriptWriteError) {
        self.castPath = castPath
        self.sidecarPath = StepLog.sidecarPath(forCast: castPath)
        let directory = (castPath as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw TranscriptWriteError(path: castPath, reason: "cannot create the directory \(directory)")
            }
        }
        func open(_ path: String) throws(TranscriptWriteError) -> FileHandle {
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw TranscriptWriteError(path: path, reason: "cannot write there (check the directory exists and is writable)")
            }
            return handle
        }
        self.cast = try open(castPath)
        self.sidecar = try open(sidecarPath)
        self.redactor = redactor
        self.now = now
        self.start = now()
        append(cast, AsciicastV2.encode(header: header) + "\n")
        append(sidecar, StepLog.line(Self.redact(session, redactor)))
    }

    deinit { close() }

    private var elapsed: Double {
        // Never backwards: asciicast v2 times must not decrease.
        lastTime = max(lastTime, now() - start)
        return lastTime
    }

    /// Terminal output, as the participant saw it.
    public func output(_ text: String) {
        pending += text
        guard let lastNewline = pending.lastIndex(of: "\n") else {
            if pending.utf8.count > 8192 {
                // A very long line is recorded in parts rather than held whole.
                let part = pending
                pending = ""
                hold(redactor.redact(part))
            }
            return
        }
        let whole = String(pending[...lastNewline])
        pending = String(pending[pending.index(after: lastNewline)...])
        hold(redactor.redact(whole))
    }

    private func hold(_ text: String) {
        let time = elapsed
        if let moment = held, moment.time == time {
            held = (time, moment.text + text)
            return
        }
        writeHeld()
        held = (time, text)
    }

    private func writeHeld() {
        guard let moment = held else { return }
        held = nil
        event(.output, moment.text, at: moment.time)
    }

    /// A labelled marker (`"m"` event): players list them and can jump to them.
    public func marker(_ label: String) {
        flushOutput()
        event(.marker, redactor.redact(label))
    }

    /// The terminal's new size, as asciinema records a resize: an `"r"` event `COLSxROWS`.
    public func resize(columns: Int, rows: Int) {
        flushOutput()
        event(.resize, "\(columns)x\(rows)")
    }

    /// A line the participant entered (kept so the session can be recorded again).
    public func input(_ line: String) {
        append(sidecar, StepLog.inputLine(redactor.redact(line)))
    }

    /// One finished command's record.
    public func step(_ record: StepRecord) {
        flushOutput()
        stepCount += 1
        var record = record
        record.command = redactor.redact(record.command)
        record.arguments = record.arguments.map(redactor.redact)
        record.environment = record.environment.mapValues(redactor.redact)
        record.stdout = redactor.redact(record.stdout)
        record.stderr = redactor.redact(record.stderr)
        record.events = record.events.map(redactor.redact)
        append(sidecar, StepLog.line(record.json))
    }

    /// What was seen of the cluster when it changed (an upgrade timeline's frame): written as an
    /// `observation` line, its fields beside the type.
    public func observation(_ frame: JSONValue) {
        guard case .object(let pairs) = frame else { return }
        append(sidecar, StepLog.line(.object([("type", .string("observation"))] + pairs)))
    }

    /// Writes what is pending and the sidecar's `end` line. Safe to call twice.
    public func close() {
        guard !closed else { return }
        flushOutput()
        append(sidecar, StepLog.endLine)
        closed = true
        try? cast.close()
        try? sidecar.close()
    }

    private func flushOutput() {
        if !pending.isEmpty {
            let text = pending
            pending = ""
            hold(redactor.redact(text))
        }
        writeHeld()
    }

    private func event(_ code: Asciicast.Code, _ data: String, at time: Double? = nil) {
        guard !closed else { return }
        // A terminal recording carries CR LF (what a pty shows); players in raw mode need it.
        let data = code == .output ? Self.terminalLineEndings(data) : data
        append(cast, AsciicastV2.encode(event: Asciicast.Event(time: time ?? elapsed, code: code, data: data)) + "\n")
    }

    static func terminalLineEndings(_ text: String) -> String {
        guard text.contains("\n") else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        var previous: Character = " "
        for character in text {
            if character == "\n" && previous != "\r" { result.append("\r\n") } else { result.append(character) }
            previous = character
        }
        return result
    }

    private func append(_ handle: FileHandle, _ line: String) {
        guard failure == nil, !closed else { return }
        do { try handle.write(contentsOf: Data(line.utf8)) } catch {
            failure = "writing \(handle === cast ? castPath : sidecarPath) failed: \(error.localizedDescription)"
        }
    }

    private static func redact(_ session: SessionRecord, _ redactor: Redactor) -> JSONValue {
        var session = session
        session.scenarioText = session.scenarioText.map(redactor.redact)
        return session.json
    }
}


/// Why a transcript could not be written.
public struct TranscriptWriteError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
