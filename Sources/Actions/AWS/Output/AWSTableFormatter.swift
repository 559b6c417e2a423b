import JSON

/// awscli's `--output table` (awscli/formatter.py `TableFormatter` and awscli/table.py `MultiTable`),
/// as it prints when standard output is not a terminal (no colour, 80 columns): a section per
/// dict or list of dicts, titled with the operation's API name or the member's key, scalar keys
/// sorted into a header row, nested values in indented sections below; a section too wide for
/// 80 columns is turned on its side (one key per row) when it has a single row.
enum AWSTableFormatter {
    static let terminalWidth = 80

    /// What awscli itself fails with: a row whose length differs from its section's first row
    /// (a list mixing scalars with dicts, whose keys Python then takes as the row).
    struct Failure: Error {
        var message: String
    }

    /// The table for `value`, or "" when awscli prints nothing (a falsy response).
    static func render(_ value: JSONValue, title: String) throws(Failure) -> String {
        var table = MultiTable()
        guard try build(&table, title: title, value, indent: 0) else { return "" }
        return table.render(terminalWidth: terminalWidth)
    }

    // MARK: Building sections (formatter.py)

    private static func isScalar(_ value: JSONValue) -> Bool {
        switch value {
        case .array, .object: return false
        default: return true
        }
    }

    /// Python's truth value: empty containers, "", 0, None and False are false.
    private static func isTruthy(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .double(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .array(let items): return !items.isEmpty
        case .object(let pairs): return !pairs.isEmpty
        }
    }

    @discardableResult
    private static func build(_ table: inout MultiTable, title: String?, _ value: JSONValue, indent: Int) throws(Failure) -> Bool {
        guard isTruthy(value) else { return false }
        if let title { table.newSection(title: title, indent: indent) }
        switch value {
        case .array(let items):
            if case .object = items[0] {
                try buildFromList(&table, items, indent: indent, title: title)
            } else {
                for item in items {
                    if isScalar(item) {
                        try table.addRow([item])
                    } else if case .array(let elements) = item, elements.allSatisfy(isScalar) {
                        try table.addRow(elements)
                    } else if case .object(let pairs) = item {
                        // Python iterates a dict's keys: all strings, so the keys become the row.
                        try table.addRow(pairs.map { .string($0.key) })
                    } else {
                        try build(&table, title: nil, item, indent: 0)
                    }
                }
            }
        case .object(let pairs):
            try buildFromDict(&table, pairs, indent: indent)
        default:
            break
        }
        return true
    }

    private static func buildFromDict(_ table: inout MultiTable, _ pairs: [(key: String, value: JSONValue)], indent: Int) throws(Failure) {
        let (headers, more) = groupScalarKeys(pairs)
        let lookup = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        if headers.count == 1 {
            try table.addRow([.string(headers[0]), lookup[headers[0]]!])
        } else if !headers.isEmpty {
            table.addHeader(headers)
            try table.addRow(headers.map { lookup[$0]! })
        }
        for key in more { try build(&table, title: key, lookup[key]!, indent: indent + 1) }
    }

    private static func buildFromList(_ table: inout MultiTable, _ items: [JSONValue], indent: Int, title: String?) throws(Failure) {
        var headerSet = Set<String>(), moreSet = Set<String>()
        for item in items {
            guard case .object(let pairs) = item else { continue }
            let (headers, more) = groupScalarKeys(pairs)
            headerSet.formUnion(headers)
            moreSet.formUnion(more)
        }
        let headers = headerSet.sorted(by: pythonOrder), more = moreSet.sorted(by: pythonOrder)
        table.addHeader(headers)
        var first = true
        for item in items {
            guard case .object(let pairs) = item else { continue }
            if !first && !more.isEmpty {
                table.newSection(title: title ?? "", indent: indent)
                table.addHeader(headers)
            }
            first = false
            let lookup = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
            try table.addRow(headers.map { lookup[$0] ?? .string("") })
            for key in more { if let nested = lookup[key] { try build(&table, title: key, nested, indent: indent + 1) } }
        }
    }

    private static func groupScalarKeys(_ pairs: [(key: String, value: JSONValue)]) -> (headers: [String], more: [String]) {
        var headers: [String] = [], more: [String] = []
        for pair in pairs { if isScalar(pair.value) { headers.append(pair.key) } else { more.append(pair.key) } }
        return (headers.sorted(by: pythonOrder), more.sorted(by: pythonOrder))
    }

    /// Python sorts strings by code point.
    private static func pythonOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    // MARK: Rendering (table.py)

    struct Section {
        var title = ""
        var headers: [String] = []
        var rows: [[String]] = []
        var indent = 0
        var columnCount: Int?
        var maxWidths: [Int] = []

        mutating func addHeader(_ headers: [String]) {
            updateMaxWidths(headers)
            if columnCount == nil { columnCount = headers.count }
            self.headers = headers
        }

        mutating func addRow(_ row: [String]) throws(Failure) {
            if columnCount == nil { columnCount = row.count }
            if let columnCount, row.count != columnCount {
                throw Failure(message: "Row should have \(columnCount) elements, instead it has \(row.count)")
            }
            rows.append(row)
            updateMaxWidths(row)
        }

        mutating func updateMaxWidths(_ row: [String]) {
            if maxWidths.isEmpty {
                maxWidths = row.map(AWSTableFormatter.textLength)
            } else {
                for (i, element) in row.enumerated() where i < maxWidths.count {
                    maxWidths[i] = max(AWSTableFormatter.textLength(element), maxWidths[i])
                }
            }
        }

        /// Column widths, scaled to `maxWidth` the way table.py does (Python's round: half to even).
        func columnWidths(padding: Int, maxWidth: Int?) -> [Int] {
            let unscaled = maxWidths.map { $0 + padding }
            guard let maxWidth, !unscaled.isEmpty else { return unscaled }
            let factor = Double(maxWidth) / Double(unscaled.reduce(0, +))
            var scaled = unscaled.map { Int((factor * Double($0)).rounded(.toNearestOrEven)) }
            var offBy = scaled.reduce(0, +) - maxWidth
            while offBy != 0 {
                let order: [Int] = offBy < 0 ? Array(scaled.indices.reversed()) : Array(scaled.indices)
                for i in order {
                    if offBy > 0 { scaled[i] -= 1; offBy -= 1 } else { scaled[i] += 1; offBy += 1 }
                    if offBy == 0 { break }
                }
            }
            return scaled
        }

        func totalWidth(padding: Int, outerPadding: Int) -> Int {
            let total = columnWidths(padding: 0, maxWidth: nil).reduce(0) { $0 + $1 + padding } + 2 + 2 * outerPadding
            return max(AWSTableFormatter.textLength(title) + 2 + 2 * outerPadding, total)
        }
    }

    struct MultiTable {
        var sections: [Section] = []

        mutating func newSection(title: String, indent: Int) {
            sections.append(Section(title: title, indent: indent))
        }

        mutating func addHeader(_ headers: [String]) { ensureSection(); sections[sections.count - 1].addHeader(headers) }

        mutating func addRow(_ values: [JSONValue]) throws(Failure) {
            ensureSection()
            try sections[sections.count - 1].addRow(values.map(AWSTextFormatter.pythonString))
        }

        /// awscli starts with no section, so a bare list of scalars goes into one with no title.
        private mutating func ensureSection() { if sections.isEmpty { sections.append(Section()) } }

        func render(terminalWidth: Int) -> String {
            var sections = self.sections
            guard !sections.isEmpty else { return "" }
            var maxWidth = sections.map { $0.totalWidth(padding: 4, outerPadding: $0.indent) }.max()!
            if maxWidth > terminalWidth {
                // convert_to_vertical_table: a one-row section becomes a key/value list.
                for (i, section) in sections.enumerated() where section.rows.count == 1 && !section.headers.isEmpty {
                    var vertical = Section(title: section.title, indent: section.indent)
                    for (header, element) in zip(section.headers, section.rows[0]) { try? vertical.addRow([header, element]) }
                    sections[i] = vertical
                }
                maxWidth = sections.map { $0.totalWidth(padding: 4, outerPadding: $0.indent) }.max()!
            }
            var out = String(repeating: "-", count: maxWidth) + "\n"
            for section in sections { renderSection(section, maxWidth: maxWidth, into: &out) }
            return out
        }

        private func renderSection(_ section: Section, maxWidth: Int, into out: inout String) {
            let indent = String(repeating: "|", count: section.indent)
            func write(_ line: String) { out += indent + line + indent + "\n" }
            let width = maxWidth - section.indent * 2
            if !section.title.isEmpty {
                write(AWSTableFormatter.center(section.title, length: width, left: "|", right: "|"))
                if section.headers.isEmpty && section.rows.isEmpty { write("+" + String(repeating: "-", count: max(0, width - 2)) + "+") }
            }
            if !section.headers.isEmpty {
                let widths = section.columnWidths(padding: 4, maxWidth: width)
                var line = ""
                for (i, (columnWidth, header)) in zip(widths, section.headers).enumerated() {
                    line += AWSTableFormatter.center(header, length: columnWidth, left: i == 0 ? "|" : "", right: "|")
                }
                write(Self.lineBreak(widths))
                write(line)
            }
            guard !section.rows.isEmpty else { return }
            let widths = section.columnWidths(padding: 4, maxWidth: width)
            guard !widths.isEmpty else { return }
            write(Self.lineBreak(widths))
            for row in section.rows {
                var line = ""
                for (i, (columnWidth, element)) in zip(widths, row).enumerated() {
                    line += AWSTableFormatter.alignLeft(element, length: columnWidth, left: i == 0 ? "|" : "", right: "|")
                }
                write(line)
            }
            write(Self.lineBreak(widths))
        }

        private static func lineBreak(_ widths: [Int]) -> String {
            var parts = ""
            for (i, width) in widths.enumerated() {
                parts += i == 0 ? "+" + String(repeating: "-", count: max(0, width - 2)) + "+" : String(repeating: "-", count: max(0, width - 1)) + "+"
            }
            return parts
        }
    }

    static func center(_ text: String, length: Int, left: String, right: String) -> String {
        let count = textLength(text)
        let start = length / 2 - count / 2 - 1
        var out = left + String(repeating: " ", count: max(0, start)) + text
        let soFar = textLength(left) + start + count
        out += String(repeating: " ", count: max(0, length - textLength(right) - soFar))
        return out + right
    }

    static func alignLeft(_ text: String, length: Int, left: String, right: String) -> String {
        let count = textLength(text)
        let padding = length - (count + 2 + textLength(left) + textLength(right)) >= 0 ? 2 : 0
        let soFar = left.count + padding + count
        return left + String(repeating: " ", count: padding) + text + String(repeating: " ", count: max(0, length - soFar - right.count)) + right
    }

    /// table.py's get_text_length: East Asian wide, full-width and ambiguous characters count 2.
    static func textLength(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }

    /// The common wide ranges of Unicode's East Asian Width (W, F) and the ambiguous (A) Latin-1 signs.
    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
             0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        case 0xA1, 0xA4, 0xA7, 0xA8, 0xAA, 0xAD, 0xAE, 0xB0...0xB4, 0xB6...0xBA, 0xBC...0xBF, 0xC6, 0xD0, 0xD7, 0xD8,
             0xDE...0xE1, 0xE6, 0xE8...0xEA, 0xEC, 0xED, 0xF0, 0xF2, 0xF3, 0xF7...0xFA, 0xFC, 0xFE:
            return true
        default:
            return false
        }
    }
}
