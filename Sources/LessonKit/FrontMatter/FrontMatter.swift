import Yams

/// A lesson's YAML front matter: the keys the harness reads, and every other key as written.
public struct FrontMatter: Sendable, Equatable, Encodable {
    /// Beyond this many values the front matter is refused (a YAML alias bomb expands exponentially).
    public static let valueLimit = 10_000

    public var values: [(key: String, value: YAMLValue)]
    /// Line of the opening `---` (1), or 0 when the lesson has no front matter.
    public var line: Int
    /// Number of lines the front matter occupies, delimiters included.
    public var lineCount: Int

    public init(values: [(key: String, value: YAMLValue)] = [], line: Int = 0, lineCount: Int = 0) {
        self.values = values
        self.line = line
        self.lineCount = lineCount
    }

    public static func == (lhs: FrontMatter, rhs: FrontMatter) -> Bool {
        YAMLValue.mapping(lhs.values) == YAMLValue.mapping(rhs.values) && lhs.line == rhs.line
    }

    public var isPresent: Bool { line > 0 }

    public subscript(key: String) -> YAMLValue? {
        values.last { $0.key == key }?.value
    }

    public var title: String? { self["title"]?.text }
    public var description: String? { self["description"]?.text }
    public var weight: Int? { self["weight"]?.parseIntValue }
    public var sidebarPosition: Int? { self["sidebar_position"]?.parseIntValue }

    /// The harness's ordering key: `weight`, else `sidebar_position`, else 0.
    public var orderingWeight: Int {
        if self["weight"] != nil { return weight ?? 0 }
        return sidebarPosition ?? 0
    }

    public func encode(to encoder: Encoder) throws {
        try OrderedMapping(pairs: values).encode(to: encoder)
    }

    /// Where the markdown after the front matter begins: a byte offset into the text, and how many
    /// lines of the file come before it (so line numbers in the body stay those of the file).
    struct Body {
        var offset: Int
        var lineOffset: Int
    }

    /// Splits front matter off `text`: the front matter, and where the body starts. The body is
    /// not copied; the lesson parser hands cmark the text from that offset on.
    static func split(_ text: String, file: String) throws(LessonReadError) -> (FrontMatter, Body) {
        let whole = Body(offset: 0, lineOffset: 0)
        guard text.utf8.starts(with: "---".utf8) else { return (FrontMatter(), whole) }
        // Lines are found one at a time up to the closing delimiter: the body is left for cmark.
        let bytes = text.utf8
        func lineEnd(from start: String.Index) -> String.Index { bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex }
        let firstEnd = lineEnd(from: text.startIndex)
        guard text[..<firstEnd].trimmingTrailingBlanks() == "---" else { return (FrontMatter(), whole) }
        var close = 0
        var lineStart = firstEnd
        var closeLine: Range<String.Index>?
        while lineStart < bytes.endIndex {
            lineStart = bytes.index(after: lineStart)
            close += 1
            let end = lineEnd(from: lineStart)
            let line = text[lineStart..<end].trimmingTrailingBlanks()
            if line == "---" || line == "..." {
                closeLine = lineStart..<end
                break
            }
            lineStart = end
        }
        guard let closeLine else {
            throw LessonReadError(file: file, line: 1, reason: .unterminatedFrontMatter)
        }
        let yamlStart = bytes.index(after: firstEnd)
        let yaml = close > 1 ? text[yamlStart..<bytes.index(before: closeLine.lowerBound)] : ""
        let values = try parse(yaml: yaml, file: file)
        // The body starts with the newline that ends the closing delimiter: cmark's line 1 is the
        // rest of that line, so its line n is the file's line n + close.
        let body = Body(offset: bytes.distance(from: bytes.startIndex, to: closeLine.upperBound), lineOffset: close)
        return (FrontMatter(values: values, line: 1, lineCount: close + 1), body)
    }

    private static func parse(yaml: Substring, file: String) throws(LessonReadError) -> [(key: String, value: YAMLValue)] {
        // A visible ASCII byte settles it without walking Characters.
        if !yaml.utf8.contains(where: { $0 > 0x20 && $0 < 0x7F }) && yaml.allSatisfy(\.isWhitespace) { return [] }
        if let simple = SimpleFrontMatter.parse(yaml) { return simple }
        return try parseWithYams(yaml: String(yaml), file: file)
    }

    static func parseWithYams(yaml: String, file: String) throws(LessonReadError) -> [(key: String, value: YAMLValue)] {
        let node: Node?
        do {
            // The basic resolver leaves every scalar a string; `scalarValue` types plain scalars the way
            // YAML 1.1 does, without Yams's regular-expression resolver (most of front matter's cost).
            node = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
        } catch let error as YamlError {
            let (problem, line) = describe(error)
            throw LessonReadError(file: file, line: line + 1, reason: .invalidFrontMatter(problem))
        } catch {
            throw LessonReadError(file: file, line: 2, reason: .invalidFrontMatter("\(error)"))
        }
        guard let node else { return [] }
        guard case .mapping(let mapping) = node else {
            throw LessonReadError(file: file, line: 2, reason: .frontMatterNotAMapping)
        }
        var budget = valueLimit
        var pairs: [(key: String, value: YAMLValue)] = []
        for (key, value) in mapping {
            guard let keyText = key.string else {
                throw LessonReadError(file: file, line: key.mark.map { $0.line + 1 } ?? 2, reason: .frontMatterNotAMapping)
            }
            guard let converted = convert(value, budget: &budget) else {
                throw LessonReadError(file: file, line: 2, reason: .frontMatterTooComplex(limit: valueLimit))
            }
            pairs.append((keyText, converted))
        }
        return pairs
    }

    /// Converts a node, spending one unit of `budget` per value; `nil` when the budget runs out.
    private static func convert(_ node: Node, budget: inout Int) -> YAMLValue? {
        budget -= 1
        guard budget >= 0 else { return nil }
        switch node {
        case .scalar(let scalar):
            return scalar.style == .plain ? scalarValue(scalar.string) : .string(scalar.string)
        case .sequence(let sequence):
            var items: [YAMLValue] = []
            for item in sequence {
                guard let value = convert(item, budget: &budget) else { return nil }
                items.append(value)
            }
            return .sequence(items)
        case .mapping(let mapping):
            var pairs: [(key: String, value: YAMLValue)] = []
            for (key, value) in mapping {
                guard let converted = convert(value, budget: &budget) else { return nil }
                pairs.append((key.string ?? "\(key)", converted))
            }
            return .mapping(pairs)
        case .alias:
            return .null
        }
    }

    /// YAML 1.1's implicit types for a plain scalar: null, booleans, integers, floats, else a string.
    static func scalarValue(_ text: String) -> YAMLValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return .bool(true)
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return .bool(false)
        default: break
        }
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (first >= 0x30 && first <= 0x39) else { return .string(text) }
        // Plain decimal numbers (weights, positions) are nearly all a lesson has: no need for the general path.
        if first != UInt8(ascii: "0") || text.utf8.count == 1, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(text) {
            return .int(value)
        }
        let digits = text.replacingOccurrences(of: "_", with: "")
        if digits.hasPrefix("0x") || digits.hasPrefix("-0x") || digits.hasPrefix("+0x") {
            let negative = digits.hasPrefix("-")
            if let value = Int(digits.drop { $0 == "-" || $0 == "+" }.dropFirst(2), radix: 16) { return .int(negative ? -value : value) }
            return .string(text)
        }
        if digits.count > 1, digits.hasPrefix("0"), digits.allSatisfy({ $0 >= "0" && $0 <= "7" }), let value = Int(digits, radix: 8) {
            return .int(value)
        }
        if let value = Int(digits) { return .int(value) }
        let lowered = digits.lowercased()
        switch lowered {
        case ".inf", "+.inf": return .double(.infinity)
        case "-.inf": return .double(-.infinity)
        case ".nan": return .double(.nan)
        default: break
        }
        if digits.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), !digits.hasSuffix("."),
           digits.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }), let value = Double(digits) {
            return .double(value)
        }
        return .string(text)
    }

    private static func describe(_ error: YamlError) -> (String, Int) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ("\(problem) (front matter line \(mark.line), column \(mark.column))", mark.line)
        case .reader(let problem, _, _, _):
            return (problem, 1)
        default:
            return ("\(error)".split(separator: "\n").first.map(String.init) ?? "unreadable YAML", 1)
        }
    }
}

extension Substring {
    /// Without trailing spaces, tabs and carriage returns (compared as bytes: no grapheme breaking
    /// for the delimiter lines every lesson starts with).
    func trimmingTrailingBlanks() -> Substring {
        var end = utf8.endIndex
        while end > utf8.startIndex {
            let before = utf8.index(before: end)
            let byte = utf8[before]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0D else { break }
            end = before
        }
        return self[..<end]
    }
}
