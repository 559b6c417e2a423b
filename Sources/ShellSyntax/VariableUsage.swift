/// What a command line reads from and writes to its environment, for lint-style analysis.
public struct VariableUsage: Sendable, Equatable {
    /// A variable read, with where it is read.
    public struct Reference: Sendable, Equatable {
        public var name: String
        public var position: SourcePosition
        /// `${X:-default}`-style reads do not depend on the variable being set.
        public var hasFallback: Bool
    }

    /// A variable written, and whether the write exports it.
    public struct Definition: Sendable, Equatable {
        public var name: String
        public var exported: Bool
        public var position: SourcePosition
    }

    /// In the order the shell performs them, so a read can be matched with the writes before it:
    /// in each simple command, what its assignments, words and then redirections (here-document bodies
    /// included) read, then what it writes.
    public enum Event: Sendable, Equatable {
        case read(Reference)
        case write(Definition)
    }

    public var events: [Event]

    public var references: [Reference] {
        events.compactMap { if case .read(let r) = $0 { return r } else { return nil } }
    }

    public var definitions: [Definition] {
        events.compactMap { if case .write(let d) = $0 { return d } else { return nil } }
    }

    /// Reads `command` with the same grammar as ``ShellParser`` (and fails where it fails), without
    /// building its syntax tree; `start` is where the text begins in its file.
    public init(parsing command: String, startingAt start: SourcePosition = SourcePosition(line: 1, column: 1)) throws(ShellSyntaxError) {
        let recorder = VariableUsageRecorder()
        _ = try recorder.record(command, startingAt: start)
        events = recorder.events
    }
}

/// Records what many command lines read and write in one log: lint does this for every step of a
/// lesson, and one log costs a few allocations instead of a syntax tree per command.
public final class VariableUsageRecorder {
    private let builder = VariableUsageBuilder()

    public init() {}

    /// Every recorded command's events, in recording order.
    public var events: [VariableUsage.Event] { builder.events }

    /// Appends what `command` reads and writes, and returns where its events are in ``events``.
    /// A command that is not valid bash (for ``ShellParser``) throws the same error and records nothing.
    public func record(_ command: some StringProtocol, startingAt start: SourcePosition) throws(ShellSyntaxError) -> Range<Int> {
        try record(Substring(command), startingAt: start)
    }

    /// The same for a slice of a lesson (what lint records): read in place, without going through
    /// `StringProtocol`, as this is called for every step of every lesson.
    public func record(_ command: Substring, startingAt start: SourcePosition) throws(ShellSyntaxError) -> Range<Int> {
        let first = builder.events.count
        var command = command
        command.makeContiguousUTF8()
        let outcome = read(command, startingAt: start)
        return try recorded(outcome, from: first)
    }

    private func read(_ command: Substring, startingAt start: SourcePosition) -> Result<Void, ShellSyntaxError> {
        Result { () throws(ShellSyntaxError) in _ = try ShellGrammar.parse(command.utf8.span, startingAt: start, builder: builder) }
    }

    private func recorded(_ outcome: Result<Void, ShellSyntaxError>, from first: Int) throws(ShellSyntaxError) -> Range<Int> {
        builder.endCommandLine()
        if case .failure(let error) = outcome {
            builder.discardEvents(from: first)
            throw error
        }
        return first..<builder.events.count
    }
}

/// The ``ShellSyntaxBuilder`` behind ``VariableUsage``: it keeps only names, positions and what the
/// grammar itself needs to know about a word.
final class VariableUsageBuilder: ShellSyntaxBuilder {
    typealias Event = VariableUsage.Event

    /// A command being read. What it collects is kept on the builder's stacks from these starts:
    /// a command nested in one of its words ends (and takes its own entries off) before it goes
    /// on, so a command is a plain value, and the stacks keep their storage from line to line.
    struct Command {
        var position: SourcePosition
        var hasWords = false
        var exports = false
        /// In ``assignments``: `NAME=value` before any word (a shell variable when no word follows).
        var assignmentsStart: Int
        /// In ``exportedNames``.
        var exportedNamesStart: Int
        /// Where the redirection being read started in ``events``, and the first here-document
        /// identifier it could announce.
        var redirectionStart = 0
        var redirectionFirstHeredoc = 0
        /// In ``redirectionEvents``: what redirections read, performed after the words, so held
        /// back until the command ends.
        var redirectionEventsStart: Int
        /// In ``heredocSlots``: here-documents whose bodies go at these offsets of the command's
        /// redirection events once read.
        var heredocSlotsStart: Int
    }

    /// Only what the grammar asks of a word, and what assignments and `export` need. Plain values
    /// (its text is a range of the source or of ``literals``): lint makes one for every word of
    /// every command, and a word holding Strings cost more to drop than to read.
    struct Word {
        /// A plain word's bytes in the command line being read: a range, not a pointer, so a word
        /// cannot outlive the text it names (the grammar lends the text with each question).
        /// Other words' text is a range of ``literals``.
        var plain: Range<Int>?
        var parts: Parts
        var position: SourcePosition

        /// The name before `=` (or `+=`) in a word's leading unquoted text, as `Assignment(word:)` reads it.
        static func assignmentName(in text: some BidirectionalCollection<UInt8>) -> String? {
            guard let equals = text.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            var name = text[..<equals]
            if name.last == UInt8(ascii: "+") { name = name.dropLast() }
            return name.isShellName ? String(decoding: name, as: UTF8.self) : nil
        }
    }

    /// Where a here-document's body goes among a command's redirection events. `order` says which of
    /// two bodies at the same place comes first: the one whose place was taken first, as a nested
    /// command ends (and takes its places) before the command around it. A command's own slots
    /// take their order when it ends (`nil` until then); slots moved from a nested command keep theirs.
    struct HeredocSlot {
        var offset: Int
        var order: Int?
        var id: Int
    }

    /// Where a here-document's body goes in ``events`` once read.
    struct InsertionPoint {
        var index: Int
        var order: Int
    }

    /// A word's parts as lint needs them: their text with quotes removed is a range of ``literals``
    /// (a double-quoted string read inside a word appends right after the word's text so far, so
    /// joining them moves nothing).
    struct Parts {
        var literalStart: Int
        var literalEnd: Int
        var count = 0
        var hasQuoting = false
        /// False once an expansion makes the text unknowable.
        var literalKnown = true
        /// The length of the first part when it is unquoted text (where an assignment name would be).
        var unquotedPrefixLength = 0
    }

    // The grammar calls the builder for every part of every word, and each access to a class's
    // stored property is checked at run time for overlapping access (more than the rest of the
    // call here); the builder never hands these out, nor calls back while accessing them.

    /// The unquoted text of the words of the command line being read (reset with each line).
    @exclusivity(unchecked) private var literals: [UInt8] = []

    @exclusivity(unchecked) private(set) var events: [Event] = []
    /// Where each announced here-document's body goes in ``events`` (once its command has ended).
    private var heredocInsertionPoints: [Int: InsertionPoint] = [:]
    /// Slots given an order so far.
    private var slotsTaken = 0
    /// Bodies read before their command ended (a word after `<<EOF` spans lines), by here-document.
    private var earlyBodies: [Int: [Event]] = [:]
    /// Where each here-document body being read started in ``events``.
    private var bodyStarts: [Int] = []
    private var heredocCount = 0
    /// Whether this command line announced a here-document (so the tables above may hold something).
    private var readHeredocs = false

    /// What the commands being read collect (see ``Command``).
    @exclusivity(unchecked) private var assignments: [(name: String, position: SourcePosition)] = []
    @exclusivity(unchecked) private var exportedNames: [String] = []
    @exclusivity(unchecked) private var redirectionEvents: [Event] = []
    @exclusivity(unchecked) private var heredocSlots: [HeredocSlot] = []

    init() {
        // One builder records a whole lesson: sized once for a usual one, its two logs would
        // otherwise be grown from empty (and copied) five times each per lesson.
        events.reserveCapacity(32)
        literals.reserveCapacity(256)
    }

    /// What a command line that turned out invalid had recorded.
    func discardEvents(from start: Int) {
        events.removeSubrange(start...)
    }

    /// Here-documents announced by a command line but never read are forgotten with it.
    func endCommandLine() {
        literals.removeAll(keepingCapacity: true)
        // Left over only when the line turned out invalid inside a command.
        if !assignments.isEmpty { assignments.removeAll(keepingCapacity: true) }
        if !exportedNames.isEmpty { exportedNames.removeAll(keepingCapacity: true) }
        if !redirectionEvents.isEmpty { redirectionEvents.removeAll(keepingCapacity: true) }
        if !heredocSlots.isEmpty { heredocSlots.removeAll(keepingCapacity: true) }
        // Most lines have no here-document: leave the empty tables alone.
        // One flag says whether any of them was touched: the tables are checked once per command line.
        guard readHeredocs else { return }
        readHeredocs = false
        heredocInsertionPoints.removeAll(keepingCapacity: true)
        earlyBodies.removeAll(keepingCapacity: true)
        bodyStarts.removeAll(keepingCapacity: true)
    }

    func script() {}
    func append(_ list: Void, to script: inout Void) {}
    func finish(_ script: Void) {}
    func list(first: Void) {}
    func append(_ connector: AndOrList.Connector, _ pipeline: Void, to list: inout Void) {}
    func runInBackground(_ list: inout Void) {}
    func pipeline(negated: Bool, first: Command) {}
    func append(_ command: Command, to pipeline: inout Void) {}

    func command(at position: SourcePosition) -> Command {
        Command(position: position, assignmentsStart: assignments.count, exportedNamesStart: exportedNames.count,
                redirectionEventsStart: redirectionEvents.count, heredocSlotsStart: heredocSlots.count)
    }

    func addAssignment(_ word: Word, in source: SourceBytes, to command: inout Command) -> Bool {
        guard let name = assignmentName(of: word, in: source) else { return false }
        assignments.append((name, word.position))
        return true
    }

    func addWord(_ word: Word, in source: SourceBytes, to command: inout Command) {
        if !command.hasWords {
            command.hasWords = true
            command.exports = isExport(word, in: source)
        } else if command.exports {
            if let name = assignmentName(of: word, in: source) {
                exportedNames.append(name)
            } else if let name = literalText(of: word, in: source), Assignment.isValidName(name) {
                exportedNames.append(name)
            }
        }
    }

    func beginRedirection(in command: inout Command) {
        command.redirectionStart = events.count
        command.redirectionFirstHeredoc = heredocCount
    }

    func addRedirection(fileDescriptor: Int?, op: Redirection.Operator, target: Word, heredocID: Int?,
                        at position: SourcePosition, to command: inout Command) {
        let start = command.redirectionStart
        let held = redirectionEvents.count - command.redirectionEventsStart
        if start < events.count {
            // A here-document announced inside the target (`> $(cat <<EOF …)`) moves with it.
            for (id, point) in heredocInsertionPoints where id >= command.redirectionFirstHeredoc {
                heredocInsertionPoints[id] = nil
                heredocSlots.append(HeredocSlot(offset: held + point.index - start, order: point.order, id: id))
            }
            redirectionEvents.append(contentsOf: events[start...])
            events.removeSubrange(start...)
        }
        if let heredocID {
            heredocSlots.append(HeredocSlot(offset: redirectionEvents.count - command.redirectionEventsStart, order: nil, id: heredocID))
        }
    }

    func finish(_ command: inout Command) {
        // Most commands have no redirection that reads anything, and no here-document.
        if redirectionEvents.count > command.redirectionEventsStart || heredocSlots.count > command.heredocSlotsStart {
            finishRedirections(of: command)
        }
        // Bare assignments (`X=1` with no command) set a shell variable; prefixes only affect the command.
        if assignments.count > command.assignmentsStart {
            if !command.hasWords {
                for assignment in assignments[command.assignmentsStart...] {
                    events.append(.write(.init(name: assignment.name, exported: false, position: assignment.position)))
                }
            }
            assignments.removeSubrange(command.assignmentsStart...)
        }
        if exportedNames.count > command.exportedNamesStart {
            for name in exportedNames[command.exportedNamesStart...] {
                events.append(.write(.init(name: name, exported: true, position: command.position)))
            }
            exportedNames.removeSubrange(command.exportedNamesStart...)
        }
    }

    /// Appends what a command's redirections read, with here-document bodies where they go, and
    /// takes them off the stacks.
    private func finishRedirections(of command: Command) {
        let start = events.count
        events.append(contentsOf: redirectionEvents[command.redirectionEventsStart...])
        redirectionEvents.removeSubrange(command.redirectionEventsStart...)
        var inserted = 0
        let slots = heredocSlots[command.heredocSlotsStart...]
            .sorted { ($0.offset, $0.order ?? Int.max, $0.id) < ($1.offset, $1.order ?? Int.max, $1.id) }
        heredocSlots.removeSubrange(command.heredocSlotsStart...)
        for slot in slots {
            let order = slot.order ?? slotsTaken
            if slot.order == nil { slotsTaken += 1 }
            let point = InsertionPoint(index: start + slot.offset + inserted, order: order)
            if let body = earlyBodies.removeValue(forKey: slot.id) {
                insert(body, at: point)
                inserted += body.count
            } else {
                heredocInsertionPoints[slot.id] = point
            }
        }
    }

    func plainWord(_ range: Range<Int>, in source: SourceBytes, at position: SourcePosition) -> Word {
        Word(plain: range, parts: Parts(literalStart: 0, literalEnd: 0), position: position)
    }

    func word(_ parts: Parts, source: SourceBytes, at position: SourcePosition) -> Word {
        Word(plain: nil, parts: parts, position: position)
    }

    func hasQuoting(_ word: Word) -> Bool { word.plain == nil && word.parts.hasQuoting }

    func literalText(of word: Word, in source: SourceBytes) -> String? {
        if let plain = word.plain { return source.extracting(plain).text }
        guard word.parts.literalKnown else { return nil }
        return literals.withUnsafeBufferPointer {
            String(decoding: $0[word.parts.literalStart..<word.parts.literalEnd], as: UTF8.self)
        }
    }

    /// The name of an assignment-shaped word (`NAME=…`, `NAME+=…`).
    private func assignmentName(of word: Word, in source: SourceBytes) -> String? {
        if let plain = word.plain {
            return source.withUnsafeBufferPointer { Word.assignmentName(in: $0[plain]) }
        }
        guard word.parts.unquotedPrefixLength > 0 else { return nil }
        let start = word.parts.literalStart
        return literals.withUnsafeBufferPointer {
            Word.assignmentName(in: $0[start..<(start + word.parts.unquotedPrefixLength)])
        }
    }

    /// Whether the word is `export`, however it is quoted.
    private func isExport(_ word: Word, in source: SourceBytes) -> Bool {
        if let plain = word.plain { return source.withUnsafeBufferPointer { Self.isExport($0[plain]) } }
        guard word.parts.literalKnown else { return false }
        return literals.withUnsafeBufferPointer { Self.isExport($0[word.parts.literalStart..<word.parts.literalEnd]) }
    }

    /// Compared byte by byte: every command's first word is checked.
    private static func isExport(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard text.count == 6 else { return false }
        let base = text.startIndex
        return text[base] == UInt8(ascii: "e") && text[base + 1] == UInt8(ascii: "x") && text[base + 2] == UInt8(ascii: "p")
            && text[base + 3] == UInt8(ascii: "o") && text[base + 4] == UInt8(ascii: "r") && text[base + 5] == UInt8(ascii: "t")
    }

    func parts() -> Parts { Parts(literalStart: literals.count, literalEnd: literals.count) }

    func appendLiteral(_ text: SourceBytes, to parts: inout Parts) {
        if parts.count == 0 { parts.unquotedPrefixLength = text.count }
        appendText(text, to: &parts)
    }

    func appendQuoted(_ text: SourceBytes, to parts: inout Parts) {
        parts.hasQuoting = true
        appendText(text, to: &parts)
    }

    private func appendText(_ text: SourceBytes, to parts: inout Parts) {
        parts.count += 1
        guard parts.literalKnown else { return }
        moveToEnd(&parts)
        text.withUnsafeBufferPointer { literals.append(contentsOf: $0) }
        parts.literalEnd = literals.count
    }

    /// Makes `parts`' text end where ``literals`` ends, so that text can be appended to it. It
    /// already does whenever the grammar reads a word's parts in order; this keeps the text right if not.
    private func moveToEnd(_ parts: inout Parts) {
        guard parts.literalEnd != literals.count else { return }
        let start = literals.count
        literals.append(contentsOf: Array(literals[parts.literalStart..<parts.literalEnd]))
        parts.literalStart = start
        parts.literalEnd = literals.count
    }

    func appendDoubleQuoted(_ inner: Parts, to parts: inout Parts) {
        parts.count += 1
        parts.hasQuoting = true
        guard parts.literalKnown else { return }
        guard inner.literalKnown else {
            parts.literalKnown = false
            return
        }
        if inner.literalStart == parts.literalEnd {
            parts.literalEnd = inner.literalEnd
        } else {
            moveToEnd(&parts)
            literals.append(contentsOf: Array(literals[inner.literalStart..<inner.literalEnd]))
            parts.literalEnd = literals.count
        }
    }

    func appendParameter(name: SourceBytes, operation: ParameterOperation<Word>?, braced: Bool,
                         at position: SourcePosition, to parts: inout Parts) {
        parts.count += 1
        parts.hasQuoting = true
        parts.literalKnown = false
        let hasFallback = switch operation {
        case .useDefault, .assignDefault, .useAlternative: true
        case .errorIfUnset, .length, nil: false
        }
        // Special parameters (`$?`, `$1` …) are not variables a lesson sets.
        guard !name.isEmpty, name[0].startsShellName else { return }
        events.append(.read(.init(name: name.text, position: position, hasFallback: hasFallback)))
    }

    func appendCommandSubstitution(_ script: Void, source: SourceBytes, backquoted: Bool,
                                   at position: SourcePosition, to parts: inout Parts) {
        parts.count += 1
        parts.hasQuoting = true
        parts.literalKnown = false
    }

    func beginHeredocBody() {
        bodyStarts.append(events.count)
    }

    func addHeredocBody(id: Int, delimiter: String, quoted: Bool, stripsTabs: Bool, body: String, parts: Parts) {
        let bodyStart = bodyStarts.removeLast()
        let body = Array(events[bodyStart...])
        events.removeSubrange(bodyStart...)
        if let point = heredocInsertionPoints.removeValue(forKey: id) {
            insert(body, at: point)
        } else {
            earlyBodies[id] = body
        }
    }

    /// Puts a here-document body's events where its redirection is. Bodies still to come move with
    /// what follows that point; at the same point, a later here-document's body goes after this one.
    private func insert(_ body: [Event], at point: InsertionPoint) {
        guard !body.isEmpty else { return }
        events.insert(contentsOf: body, at: point.index)
        for (other, otherPoint) in heredocInsertionPoints
        where otherPoint.index > point.index || (otherPoint.index == point.index && otherPoint.order > point.order) {
            heredocInsertionPoints[other]!.index += body.count
        }
    }

    func nextHeredocID() -> Int {
        readHeredocs = true
        heredocCount += 1
        return heredocCount - 1
    }
}
