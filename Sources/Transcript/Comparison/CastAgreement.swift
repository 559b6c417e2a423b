import Foundation

/// Checks that a cast shows what its step records say, so that a cast edited after recording (what
/// `asciinema play` and `workshop replay` show an audience) cannot pass verification on the strength
/// of its untouched sidecar.
///
/// What must agree:
/// - every command's standard output and error, line by line and in the order the records give;
///   inside one command only narration (`  ▸ …`) and progress lines (`[hh:mm:ss] …`) may come
///   between its lines, as they do while a watch or a wait runs;
/// - every step marker (`Step N/T: command`) names a block whose commands the records hold next,
///   and every recorded command of a block comes after that block's marker;
/// - every upgrade phase the records saw start has its marker, in order. Phases that start while
///   the participant sits at the prompt are in no step record, so extra phase markers are allowed
///   when they are well formed.
public enum CastAgreement {
    /// The first place where the cast and the records disagree.
    public struct Disagreement: Sendable, Equatable, CustomStringConvertible {
        /// Seconds into the cast.
        public var time: Double
        public var message: String

        public var description: String { "at \(Self.offset(time)) into the cast: \(message)" }

        static func offset(_ time: Double) -> String {
            time == time.rounded() ? "\(Int(time)) s" : String(format: "%.3f s", time)
        }
    }

    public static func firstDisagreement(cast: Asciicast, steps: [StepRecord]) -> Disagreement? {
        let stream = OutputStream(cast)
        if let disagreement = checkOutput(stream, steps) { return disagreement }
        return checkMarkers(cast, steps)
    }

    // MARK: - Output

    private static func checkOutput(_ stream: OutputStream, _ steps: [StepRecord]) -> Disagreement? {
        var cursor = stream.text.startIndex
        for step in steps where step.kind == .command {
            var stepEnd = cursor
            for (name, text) in [("output", step.stdout), ("error output", step.stderr)] where !text.isEmpty {
                var position = cursor
                var first = true
                // Blank lines say nothing about where a step's output is (bash prints one when Ctrl-C
                // ends a job); they are not looked for.
                for line in Self.lines(text) where !line.allSatisfy(\.isWhitespace) {
                    guard let found = stream.line(line, from: position),
                          first || Self.onlyCommentary(stream.text[position..<found.lowerBound]) else {
                        return Disagreement(time: stream.time(at: position), message: Self.missing(line, of: name, step: step, at: position, in: stream))
                    }
                    first = false
                    position = found.upperBound
                }
                stepEnd = max(stepEnd, position)
            }
            cursor = stepEnd
        }
        return nil
    }

    /// Lines of `text`, each with its newline (the last one may have none).
    static func lines(_ text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        while let newline = text[start...].firstIndex(of: "\n") {
            result.append(text[start...newline])
            start = text.index(after: newline)
        }
        if start < text.endIndex { result.append(text[start...]) }
        return result
    }

    /// Whole lines of narration or progress: what may come between a running command's lines.
    static func onlyCommentary(_ text: Substring) -> Bool {
        guard !text.isEmpty else { return true }
        guard text.hasSuffix("\n") else { return false }
        return text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).allSatisfy { line in
            line.hasPrefix("  ▸ ") || line.hasPrefix("[") || line.isEmpty
        }
    }

    private static func missing(_ line: Substring, of name: String, step: StepRecord, at position: String.Index,
                                in stream: OutputStream) -> String {
        let shown = firstLine(stream.text[position...])
        let expected = line.hasSuffix("\n") ? line.dropLast() : line
        return "step \(step.number) (`\(firstLine(step.command))`): its recorded \(name) line \(Self.quoted(expected)) is not where the cast shows \(Self.quoted(shown))"
    }

    private static func quoted(_ text: Substring) -> String {
        let cut = text.count > 80 ? text.prefix(77) + "..." : text
        return "\"\(cut)\""
    }

    // MARK: - Markers

    private static func checkMarkers(_ cast: Asciicast, _ steps: [StepRecord]) -> Disagreement? {
        let commands = steps.filter { $0.kind == .command }
        var next = 0
        var currentBlock: Int?
        var phaseMarkers: [(time: Double, label: String)] = []
        for marker in cast.markers {
            if let block = StepMarker.step(in: marker.label) {
                let command = marker.label.split(separator: ":", maxSplits: 1).dropFirst().first.map { String($0.dropFirst()) } ?? ""
                // A block without commands announces nothing to match.
                guard !command.isEmpty else { continue }
                // Records before the one this marker announces belong to the block announced
                // before it, or to no block (lines the participant typed).
                while next < commands.count {
                    let record = commands[next]
                    if record.block == block && firstLine(record.command) == command { break }
                    if let other = record.block, other != currentBlock { return unannounced(record, at: marker.time) }
                    next += 1
                }
                guard next < commands.count else {
                    return Disagreement(time: marker.time, message: "the marker \"\(marker.label)\" names no recorded command of block \(block)")
                }
                currentBlock = block
                next += 1
            } else if marker.label.hasPrefix("Phase ") {
                guard PhaseMarker.isLabel(marker.label) else {
                    return Disagreement(time: marker.time, message: "the marker \"\(marker.label)\" is not an upgrade phase Workshop records")
                }
                phaseMarkers.append((marker.time, marker.label))
            }
        }
        for record in commands[next...] {
            if let other = record.block, other != currentBlock { return unannounced(record, at: cast.duration) }
        }
        // Phases the records saw start, in order, each with its marker.
        var markerIndex = 0
        for step in commands {
            for event in step.events {
                guard let label = PhaseMarker.label(fromEvent: event) else { continue }
                while markerIndex < phaseMarkers.count, phaseMarkers[markerIndex].label != label { markerIndex += 1 }
                guard markerIndex < phaseMarkers.count else {
                    return Disagreement(time: Double(step.simulatedEnd) / 1000,
                                        message: "step \(step.number) recorded the event \"\(event)\" but the cast has no \"\(label)\" marker after the earlier ones")
                }
                markerIndex += 1
            }
        }
        return nil
    }

    private static func firstLine(_ text: some StringProtocol) -> Substring { Substring(text.prefix { $0 != "\n" }) }

    private static func unannounced(_ step: StepRecord, at time: Double) -> Disagreement {
        Disagreement(time: time, message: "step \(step.number) (`\(firstLine(step.command))`) ran in block \(step.block ?? 0), but the cast has no marker for that block before it")
    }
}

/// The cast's output as one text, as a terminal shows it line by line (CR LF read as LF, colour
/// and other escape sequences removed), with the time each part was written.
private struct OutputStream {
    var text = ""
    private var starts: [(index: String.Index, time: Double)] = []

    init(_ cast: Asciicast) {
        var pieces: [(offset: Int, time: Double)] = []
        for event in cast.events where event.code == .output {
            pieces.append((text.utf8.count, event.time))
            text += Self.plain(event.data)
        }
        starts = pieces.map { (text.utf8.index(text.startIndex, offsetBy: $0.offset), $0.time) }
    }

    /// The first place at or after `position` where `line` stands at the start of a line.
    func line(_ line: Substring, from position: String.Index) -> Range<String.Index>? {
        var from = position
        while let found = text.range(of: line, range: from..<text.endIndex) {
            if found.lowerBound == text.startIndex || text[text.index(before: found.lowerBound)] == "\n" { return found }
            from = text.index(after: found.lowerBound)
        }
        return nil
    }

    /// When the text at `index` was written.
    func time(at index: String.Index) -> Double {
        var low = 0, high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid].index <= index { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? 0 : starts[low - 1].time
    }

    static func plain(_ data: String) -> String {
        guard data.contains("\r") || data.contains("\u{1B}") else { return data }
        var result = ""
        var scalars = data.unicodeScalars.makeIterator()
        var pendingCR = false
        while let scalar = scalars.next() {
            if pendingCR {
                pendingCR = false
                if scalar != "\n" { result.unicodeScalars.append("\r") }
            }
            switch scalar {
            case "\r":
                pendingCR = true
            case "\u{1B}":
                // CSI (ESC [ … final byte) or a two-byte escape.
                guard let next = scalars.next() else { break }
                if next == "[" {
                    while let c = scalars.next(), !(0x40...0x7E).contains(c.value) {}
                }
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        if pendingCR { result.unicodeScalars.append("\r") }
        return result
    }
}
