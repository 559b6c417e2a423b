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

    /// Splits front matter off `text` (whose UTF-8 is `bytes`): the front matter, and where the body
    /// starts. The body is not copied; the lesson parser hands cmark the bytes from that offset on.
    static func split(_ text: String, bytes: UnsafeBufferPointer<UInt8>, file: String) throws(LessonReadError) -> (FrontMatter, Body) {
        let whole = Body(offset: 0, lineOffset: 0)
        guard bytes.starts(with: "---".utf8) else { return (FrontMatter(), whole) }
        // Lines are found one at a time up to the closing delimiter: the body is left for cmark.
        // Delimiter lines are compared as bytes: no grapheme breaking for lines every lesson starts with.
        func lineEnd(from start: Int) -> Int { bytes.firstOffset(of: 0x0A, from: start) ?? bytes.count }
        func isDelimiter(_ line: Range<Int>, _ delimiter: StaticString) -> Bool {
            var end = line.upperBound
            while end > line.lowerBound, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
            return bytes[line.lowerBound..<end].elementsEqual(UnsafeBufferPointer(start: delimiter.utf8Start, count: delimiter.utf8CodeUnitCount))
        }
        let firstEnd = lineEnd(from: 0)
        guard isDelimiter(0..<firstEnd, "---") else { return (FrontMatter(), whole) }
        var close = 0
        var lineStart = firstEnd
        var closeLine: Range<Int>?
        while lineStart < bytes.count {
            lineStart += 1
            close += 1
            let end = lineEnd(from: lineStart)
            if isDelimiter(lineStart..<end, "---") || isDelimiter(lineStart..<end, "...") {
                closeLine = lineStart..<end
                break
            }
            lineStart = end
        }
        guard let closeLine else {
            throw LessonReadError(file: file, line: 1, reason: .unterminatedFrontMatter)
        }
        var yaml: Substring = ""
        if close > 1 {
            // Both ends are at newlines, so on scalar boundaries.
            let utf8 = text.utf8
            let yamlStart = utf8.index(utf8.startIndex, offsetBy: firstEnd + 1)
            yaml = text[yamlStart..<utf8.index(yamlStart, offsetBy: closeLine.lowerBound - 1 - (firstEnd + 1))]
        }
        let values = try parse(yaml: yaml, file: file)
        // The body starts with the newline that ends the closing delimiter: cmark's line 1 is the
        // rest of that line, so its line n is the file's line n + close.
        let body = Body(offset: closeLine.upperBound, lineOffset: close)
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
    private static func mayStartNullOrBoolean(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "y"),
             UInt8(ascii: "Y"), UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            return true
        default:
            return false
        }
    }

    static func scalarValue(_ text: String) -> YAMLValue {
        // Every null and boolean spelling is ASCII of at most five bytes (and no other text equals one):
        // longer values, nearly all of them, skip two dozen comparisons.
        // And every one starts with one of `~nNtTyYoOfF`: a short number (a weight) skips them too.
        if text.utf8.count <= 5, text.utf8.first.map(Self.mayStartNullOrBoolean) ?? true {
            switch text {
            case "", "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return .bool(true)
            case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return .bool(false)
            default: break
            }
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
