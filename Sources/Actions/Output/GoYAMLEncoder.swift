import JSON

/// YAML as kubectl and eksctl print it: `sigs.k8s.io/yaml` turns the JSON into go-yaml v2 values and
/// marshals them, so this follows go-yaml v2's encoder and its libyaml-derived emitter — keys sorted
/// by go-yaml's natural order, block style with two-space indentation and sequences not indented
/// under their key, plain scalars unless a string would read back as something else (`"true"`,
/// `"1"`, `""`, timestamps) or the emitter forbids it (`'*'`), literal blocks for text with line
/// breaks, and long lines folded at spaces past column 80.
public enum GoYAMLEncoder {
    public static func encode(_ value: JSONValue) -> String {
        var emitter = Emitter()
        emitter.node(value, indent: -1, context: .root)
        // The document ends on a new line unless a literal block already ended with one.
        if !emitter.indention || emitter.column > 0 || !emitter.whitespace { emitter.putBreak() }
        return emitter.output
    }

    /// go-yaml v2's key order (`keyList.Less`): letters compare as runes, a non-letter sorts before a
    /// letter, and runs of digits compare as numbers.
    static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        let ar = Array(a.unicodeScalars), br = Array(b.unicodeScalars)
        var i = 0
        while i < ar.count && i < br.count {
            defer { i += 1 }
            if ar[i] == br[i] { continue }
            let al = ar[i].properties.isAlphabetic, bl = br[i].properties.isAlphabetic
            if al && bl { return ar[i].value < br[i].value }
            if al || bl { return bl }
            var an: Int64 = 0, bn: Int64 = 0
            if ar[i] == "0" || br[i] == "0" {
                var j = i - 1
                while j >= 0 && isDigit(ar[j]) {
                    if ar[j] != "0" { an = 1; bn = 1; break }
                    j -= 1
                }
            }
            var ai = i, bi = i
            while ai < ar.count && isDigit(ar[ai]) { an = an &* 10 &+ Int64(ar[ai].value - 48); ai += 1 }
            while bi < br.count && isDigit(br[bi]) { bn = bn &* 10 &+ Int64(br[bi].value - 48); bi += 1 }
            if an != bn { return an < bn }
            if ai != bi { return ai < bi }
            return ar[i].value < br[i].value
        }
        return ar.count < br.count
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.properties.numericType == .decimal }
}

// MARK: - Emitter

private struct Emitter {
    enum Context { case root, mappingValue, sequenceItem }

    var output = ""
    /// Characters on the current line (libyaml's `column`).
    var column = 0
    /// The last character written is white space (or nothing has been written on the line).
    var whitespace = true
    /// Only indentation has been written on the current line.
    var indention = true
    let bestWidth = 80

    mutating func put(_ text: String) {
        output.append(text)
        column += text.unicodeScalars.count
    }

    mutating func putBreak() {
        output.append("\n")
        column = 0
    }

    /// libyaml's `write_break`: a line feed is written as the emitter's newline, other breaks
    /// (U+2028, CR, NEL) as themselves; either way a new line starts.
    mutating func writeBreak(_ c: Unicode.Scalar) {
        if c == "\n" { putBreak() } else { output.unicodeScalars.append(c); column = 0 }
    }

    /// libyaml's `write_indent`: a new line unless only indentation has been written so far, then spaces.
    mutating func writeIndent(_ indent: Int) {
        let indent = max(indent, 0)
        if !indention || column > indent || (column == indent && !whitespace) { putBreak() }
        while column < indent { output.append(" "); column += 1 }
        whitespace = true
        indention = true
    }

    mutating func writeIndicator(_ indicator: String, needWhitespace: Bool, isWhitespace: Bool, isIndention: Bool) {
        if needWhitespace && !whitespace { put(" ") }
        put(indicator)
        whitespace = isWhitespace
        indention = indention && isIndention
    }

    /// `indent` is the enclosing block's indentation (-1 at the top), as libyaml tracks it.
    mutating func node(_ value: JSONValue, indent: Int, context: Context) {
        switch value {
        case .object(let pairs) where !pairs.isEmpty:
            let sorted = pairs.sorted { GoYAMLEncoder.keyPrecedes($0.key, $1.key) }
            let inner = indent < 0 ? 0 : indent + 2
            for pair in sorted {
                writeIndent(inner)
                scalar(pair.key, indent: inner, simpleKey: true)
                writeIndicator(":", needWhitespace: false, isWhitespace: false, isIndention: false)
                node(pair.value, indent: inner, context: .mappingValue)
            }
        case .array(let items) where !items.isEmpty:
            // A sequence that is a mapping's value is not indented under its key.
            let inner = indent < 0 ? 0 : (context == .mappingValue && !indention ? indent : indent + 2)
            for item in items {
                writeIndent(inner)
                writeIndicator("-", needWhitespace: true, isWhitespace: false, isIndention: true)
                node(item, indent: inner, context: .sequenceItem)
            }
        case .object:
            writeIndicator("{}", needWhitespace: true, isWhitespace: false, isIndention: false)
        case .array:
            writeIndicator("[]", needWhitespace: true, isWhitespace: false, isIndention: false)
        case .null:
            plain("null", indent: scalarIndent(indent), allowBreaks: true)
        case .bool(let b):
            plain(b ? "true" : "false", indent: scalarIndent(indent), allowBreaks: true)
        case .int(let i):
            plain(String(i), indent: scalarIndent(indent), allowBreaks: true)
        case .double(let d):
            plain(GoYAMLScalars.float(d), indent: scalarIndent(indent), allowBreaks: true)
        case .string(let s):
            scalar(s, indent: scalarIndent(indent), simpleKey: false)
        }
    }

    /// libyaml indents a scalar's continuation lines one step past its block (two at the top).
    func scalarIndent(_ indent: Int) -> Int { indent < 0 ? 2 : indent + 2 }

    /// A string as go-yaml's `stringv` and libyaml's `select_scalar_style` place it.
    mutating func scalar(_ s: String, indent: Int, simpleKey: Bool) {
        let analysis = ScalarAnalysis(s)
        enum Style { case plain, singleQuoted, doubleQuoted, literal }
        var style: Style
        if s.contains("\n") {
            style = .literal
        } else if GoYAMLScalars.readsAsString(s) {
            style = .plain
        } else {
            style = .doubleQuoted
        }
        if style == .plain {
            // Block context only: flow collections are never emitted with content here.
            if !analysis.blockPlainAllowed || (s.isEmpty && simpleKey) { style = .singleQuoted }
        }
        if style == .singleQuoted && !analysis.singleQuotedAllowed { style = .doubleQuoted }
        if style == .literal && (!analysis.blockAllowed || simpleKey) { style = .doubleQuoted }
        switch style {
        case .plain: plain(s, indent: indent, allowBreaks: !simpleKey)
        case .singleQuoted: singleQuoted(s, indent: indent, allowBreaks: !simpleKey)
        case .doubleQuoted: doubleQuoted(s, indent: indent, allowBreaks: !simpleKey)
        case .literal: literal(s, indent: indent)
        }
    }

    mutating func plain(_ s: String, indent: Int, allowBreaks: Bool) {
        if !whitespace { put(" ") }
        let chars = Array(s.unicodeScalars)
        var spaces = false
        for (i, c) in chars.enumerated() {
            if c == " " {
                if allowBreaks && !spaces && column > bestWidth && i + 1 < chars.count && chars[i + 1] != " " {
                    writeIndent(indent)
                } else {
                    put(" ")
                }
                spaces = true
            } else {
                put(String(c))
                indention = false
                spaces = false
            }
        }
        whitespace = false
        indention = false
    }

    mutating func singleQuoted(_ s: String, indent: Int, allowBreaks: Bool) {
        writeIndicator("'", needWhitespace: true, isWhitespace: false, isIndention: false)
        let chars = Array(s.unicodeScalars)
        var spaces = false, breaks = false
        var offset = 0  // byte offset, as libyaml compares positions in bytes
        let length = s.utf8.count
        for (i, c) in chars.enumerated() {
            let width = String(c).utf8.count
            defer { offset += width }
            if c == " " {
                if allowBreaks && !spaces && column > bestWidth && offset != 0 && offset != length - 1 && !(i + 1 < chars.count && chars[i + 1] == " ") {
                    writeIndent(indent)
                } else {
                    put(" ")
                }
                spaces = true
            } else if ScalarAnalysis.isBreak(c) {
                if !breaks && c == "\n" { putBreak() }
                writeBreak(c)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent(indent) }
                if c == "'" { put("'") }
                put(String(c))
                indention = false
                spaces = false
                breaks = false
            }
        }
        writeIndicator("'", needWhitespace: false, isWhitespace: false, isIndention: false)
    }

    mutating func doubleQuoted(_ s: String, indent: Int, allowBreaks: Bool) {
        writeIndicator("\"", needWhitespace: true, isWhitespace: false, isIndention: false)
        let chars = Array(s.unicodeScalars)
        var spaces = false
        var offset = 0
        let length = s.utf8.count
        for (i, c) in chars.enumerated() {
            let width = String(c).utf8.count
            defer { offset += width }
            if !ScalarAnalysis.isPrintable(c) || c == "\u{FEFF}" || ScalarAnalysis.isBreak(c) || c == "\"" || c == "\\" {
                put("\\")
                switch c.value {
                case 0x00: put("0")
                case 0x07: put("a")
                case 0x08: put("b")
                case 0x09: put("t")
                case 0x0A: put("n")
                case 0x0B: put("v")
                case 0x0C: put("f")
                case 0x0D: put("r")
                case 0x1B: put("e")
                case 0x22: put("\"")
                case 0x5C: put("\\")
                case 0x85: put("N")
                case 0xA0: put("_")
                case 0x2028: put("L")
                case 0x2029: put("P")
                default:
                    let (letter, digits) = c.value <= 0xFF ? ("x", 2) : c.value <= 0xFFFF ? ("u", 4) : ("U", 8)
                    let hex = String(c.value, radix: 16, uppercase: true)
                    put(letter + String(repeating: "0", count: digits - hex.count) + hex)
                }
                spaces = false
            } else if c == " " {
                if allowBreaks && !spaces && column > bestWidth && offset != 0 && offset != length - 1 {
                    writeIndent(indent)
                    if i + 1 < chars.count && chars[i + 1] == " " { put("\\") }
                } else {
                    put(" ")
                }
                spaces = true
            } else {
                put(String(c))
                spaces = false
            }
        }
        writeIndicator("\"", needWhitespace: false, isWhitespace: false, isIndention: false)
    }

    mutating func literal(_ s: String, indent: Int) {
        writeIndicator("|", needWhitespace: true, isWhitespace: false, isIndention: false)
        let chars = Array(s.unicodeScalars)
        // Block scalar hints: an indentation indicator when the text starts with a space or a break,
        // and chomping: `-` without a final break, `+` when it ends in more than one.
        if let first = chars.first, first == " " || ScalarAnalysis.isBreak(first) { put("2") }
        if let last = chars.last, ScalarAnalysis.isBreak(last) {
            if chars.count == 1 || ScalarAnalysis.isBreak(chars[chars.count - 2]) { put("+") }
        } else {
            put("-")
        }
        putBreak()
        indention = true
        whitespace = true
        var breaks = true
        for c in chars {
            if ScalarAnalysis.isBreak(c) {
                writeBreak(c)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent(indent); breaks = false }
                put(String(c))
                indention = false
            }
        }
    }
}

// MARK: - Scalar rules

/// libyaml's `yaml_emitter_analyze_scalar`, for block context.
private struct ScalarAnalysis {
    var blockPlainAllowed = true
    var singleQuotedAllowed = true
    var blockAllowed = true

    init(_ s: String) {
        let chars = Array(s.unicodeScalars)
        guard !chars.isEmpty else {
            blockPlainAllowed = true
            singleQuotedAllowed = true
            blockAllowed = false
            return
        }
        var blockIndicators = s.hasPrefix("---") || s.hasPrefix("...")
        var leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false
        var breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false
        var lineBreaks = false, specialCharacters = false
        var precededByWhitespace = true
        func isBlankOrEnd(_ i: Int) -> Bool { i >= chars.count || chars[i] == " " || chars[i] == "\t" || Self.isBreak(chars[i]) }
        var followedByWhitespace = isBlankOrEnd(1)
        for (i, c) in chars.enumerated() {
            if i == 0 {
                if "#,[]{}&*!|>'\"%@`".unicodeScalars.contains(c) { blockIndicators = true }
                if (c == "?" || c == ":") && followedByWhitespace { blockIndicators = true }
                if c == "-" && followedByWhitespace { blockIndicators = true }
            } else {
                if c == ":" && followedByWhitespace { blockIndicators = true }
                if c == "#" && precededByWhitespace { blockIndicators = true }
            }
            if !Self.isPrintable(c) || c == "\u{FEFF}" { specialCharacters = true }
            if c == " " {
                if i == 0 { leadingSpace = true }
                if i == chars.count - 1 { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if Self.isBreak(c) {
                lineBreaks = true
                if i == 0 { leadingBreak = true }
                if i == chars.count - 1 { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = isBlankOrEnd(i)
            followedByWhitespace = isBlankOrEnd(i + 2)
        }
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak { blockPlainAllowed = false }
        if trailingSpace { blockAllowed = false }
        if breakSpace { blockPlainAllowed = false; singleQuotedAllowed = false }
        if spaceBreak || specialCharacters { blockPlainAllowed = false; singleQuotedAllowed = false; blockAllowed = false }
        if lineBreaks { blockPlainAllowed = false }
        if blockIndicators { blockPlainAllowed = false }
    }

    static func isBreak(_ c: Unicode.Scalar) -> Bool {
        c == "\r" || c == "\n" || c.value == 0x85 || c.value == 0x2028 || c.value == 0x2029
    }

    /// libyaml's `is_printable` (tab is not printable: such strings are double-quoted).
    static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x0A, 0x20...0x7E, 0xA0...0xD7FF: return true
        case 0xE000...0xFFFD: return c.value != 0xFEFF
        default: return false
        }
    }
}

/// go-yaml v2's `resolve`: what an unquoted string would read back as.
enum GoYAMLScalars {
    static let keywords: Set<String> = [
        "", "~", "null", "Null", "NULL",
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
        "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
        ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
    ]  // `<<` is in go-yaml's table too, but `<` has no resolve hint, so it is never looked up

    /// True when `s` written plain reads back as the same string.
    static func readsAsString(_ s: String) -> Bool {
        if keywords.contains(s) { return false }
        guard let first = s.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "."):
            if parsesAsFloat(s) { return false }
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if isTimestamp(s) { return false }
            let plain = s.replacingOccurrences(of: "_", with: "")
            if parsesAsGoInteger(plain) { return false }
            if matchesYAMLFloat(plain) && parsesAsFloat(plain) { return false }
            if plain.hasPrefix("0b") || plain.hasPrefix("-0b") {
                let digits = plain.drop { $0 != "b" }.dropFirst()
                if !digits.isEmpty && Int64(digits, radix: 2) != nil { return false }
            }
        default:
            break
        }
        return !isBase60Float(s)
    }

    /// `strconv.ParseInt(s, 0, 64)` or `ParseUint` succeeds: sign, then 0x / 0o / 0b / leading-0 octal or decimal.
    static func parsesAsGoInteger(_ s: String) -> Bool {
        var body = Substring(s)
        var negative = false
        if body.first == "+" || body.first == "-" { negative = body.first == "-"; body = body.dropFirst() }
        guard !body.isEmpty else { return false }
        var radix = 10
        let lower = body.lowercased()
        if lower.hasPrefix("0x") { radix = 16; body = body.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; body = body.dropFirst(2) }
        else if lower.hasPrefix("0b") { radix = 2; body = body.dropFirst(2) }
        else if body.count > 1 && body.first == "0" { radix = 8; body = body.dropFirst() }
        guard !body.isEmpty, let magnitude = UInt64(body, radix: radix) else { return false }
        // ParseInt takes up to 2^63 for a negative number; ParseUint (tried next) takes no sign at all.
        if negative { return magnitude <= UInt64(Int64.max) + 1 }
        return true
    }

    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
    static func matchesYAMLFloat(_ s: String) -> Bool {
        var chars = Substring(s)
        func digits() -> Int {
            let n = chars.prefix { $0.isASCII && $0.isNumber }.count
            chars = chars.dropFirst(n)
            return n
        }
        if chars.first == "+" || chars.first == "-" { chars = chars.dropFirst() }
        if chars.first == "." {
            chars = chars.dropFirst()
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if chars.first == "." { chars = chars.dropFirst(); _ = digits() }
        }
        if chars.first == "e" || chars.first == "E" {
            chars = chars.dropFirst()
            if chars.first == "+" || chars.first == "-" { chars = chars.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return chars.isEmpty
    }

    /// `strconv.ParseFloat(s, 64)` without error (out-of-range values are errors in Go).
    static func parsesAsFloat(_ s: String) -> Bool {
        guard matchesYAMLFloat(s), let d = Double(s) else { return false }
        return d.isFinite
    }

    /// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
    static func isBase60Float(_ s: String) -> Bool {
        var chars = Substring(s)
        if chars.first == "+" || chars.first == "-" { chars = chars.dropFirst() }
        guard let first = chars.first, first.isASCII, first.isNumber else { return false }
        chars = chars.dropFirst()
        chars = chars.drop { ($0.isASCII && $0.isNumber) || $0 == "_" }
        var groups = 0
        while chars.first == ":" {
            chars = chars.dropFirst()
            let run = chars.prefix { $0.isASCII && $0.isNumber }
            guard run.count == 1 || (run.count == 2 && "012345".contains(run.first!)) else { return false }
            chars = chars.dropFirst(run.count)
            groups += 1
        }
        guard groups > 0 else { return false }
        if chars.first == "." { chars = chars.dropFirst().drop { ($0.isASCII && $0.isNumber) || $0 == "_" } }
        return chars.isEmpty
    }

    /// go-yaml v2's `parseTimestamp`: four digits and a dash, then one of Go's layouts
    /// `2006-1-2T15:4:5.999999999Z07:00` (also `t`), `2006-1-2 15:4:5.999999999`, `2006-1-2`.
    static func isTimestamp(_ s: String) -> Bool {
        let b = Array(s.utf8)
        var i = 0
        func isDigit(_ i: Int) -> Bool { i < b.count && b[i] >= 48 && b[i] <= 57 }
        func number(maxDigits: Int) -> Int? {
            var value = 0, count = 0
            while count < maxDigits && isDigit(i) { value = value * 10 + Int(b[i] - 48); i += 1; count += 1 }
            return count == 0 ? nil : value
        }
        guard b.count > 4, (0..<4).allSatisfy(isDigit), b[4] == UInt8(ascii: "-") else { return false }
        let year = Int(String(decoding: b[0..<4], as: UTF8.self))!
        i = 5
        guard let month = number(maxDigits: 2), i < b.count, b[i] == UInt8(ascii: "-") else { return false }
        i += 1
        guard let day = number(maxDigits: 2), (1...12).contains(month) else { return false }
        let days = [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { return false }
        if i == b.count { return true }
        let separator = b[i]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ") else { return false }
        i += 1
        guard let hour = number(maxDigits: 2), hour < 24, i < b.count, b[i] == UInt8(ascii: ":") else { return false }
        i += 1
        guard let minute = number(maxDigits: 2), minute < 60, i < b.count, b[i] == UInt8(ascii: ":") else { return false }
        i += 1
        guard let second = number(maxDigits: 2), second < 60 else { return false }
        if i < b.count, b[i] == UInt8(ascii: "."), isDigit(i + 1) {
            i += 1
            while isDigit(i) { i += 1 }
        }
        if separator == UInt8(ascii: " ") { return i == b.count }
        guard i < b.count else { return false }
        if b[i] == UInt8(ascii: "Z") { return i + 1 == b.count }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return false }
        // ±07:00
        i += 1
        guard b.count - i == 5, isDigit(i), isDigit(i + 1), b[i + 2] == UInt8(ascii: ":"), isDigit(i + 3), isDigit(i + 4) else { return false }
        let zoneHours = Int(b[i] - 48) * 10 + Int(b[i + 1] - 48), zoneMinutes = Int(b[i + 3] - 48) * 10 + Int(b[i + 4] - 48)
        return zoneHours < 24 && zoneMinutes < 60
    }

    /// go-yaml's `floatv`: `strconv.FormatFloat(f, 'g', -1, 64)`, with `.inf`, `-.inf`, `.nan`.
    static func float(_ d: Double) -> String {
        if d.isNaN { return ".nan" }
        if d.isInfinite { return d < 0 ? "-.inf" : ".inf" }
        if d == 0 { return d.sign == .minus ? "-0" : "0" }
        // Shortest round-trip digits, then Go's %g layout: exponent form when exp < -4 || exp >= 6 (the shortest form's rule).
        let description = "\(d.magnitude)"
        var digits = "", exponent = 0
        if let e = description.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let mantissa = description[..<e]
            exponent = Int(description[description.index(after: e)...])!
            let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
            digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
            exponent += parts[0].count - 1
        } else {
            let parts = description.split(separator: ".", omittingEmptySubsequences: false)
            let whole = String(parts[0]), fraction = parts.count > 1 ? String(parts[1]) : ""
            if whole != "0" {
                digits = whole + fraction
                exponent = whole.count - 1
            } else {
                let zeros = fraction.prefix { $0 == "0" }.count
                digits = String(fraction.dropFirst(zeros))
                exponent = -zeros - 1
            }
        }
        while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
        while digits.count > 1 && digits.hasPrefix("0") { digits.removeFirst() }
        let sign = d < 0 ? "-" : ""
        if exponent < -4 || exponent >= 6 {
            let mantissa = digits.count > 1 ? "\(digits.first!).\(digits.dropFirst())" : digits
            let e = abs(exponent)
            return "\(sign)\(mantissa)e\(exponent < 0 ? "-" : "+")\(e < 10 ? "0" : "")\(e)"
        }
        if exponent < 0 { return sign + "0." + String(repeating: "0", count: -exponent - 1) + digits }
        if digits.count <= exponent + 1 { return sign + digits + String(repeating: "0", count: exponent + 1 - digits.count) }
        let split = digits.index(digits.startIndex, offsetBy: exponent + 1)
        return sign + digits[..<split] + "." + digits[split...]
    }
}
