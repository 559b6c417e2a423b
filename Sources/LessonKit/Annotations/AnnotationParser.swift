/// Reads annotations from a code block's meta string, under either reading's rules.
enum AnnotationParser {
    static let knownKeys = ["test", "timeout", "wait", "hook", "hookTimeout", "expectError", "raw"]
    /// A day: a longer timeout is almost certainly a typo (`timeout=1e9`).
    static let maximumSeconds = 86_400

    /// The harness's rules: split on single spaces, keep `key=value` pieces with exactly two parts,
    /// read numbers with JavaScript's `parseInt`, `test` false only for `false`, booleans true only for `true`.
    static func markdownSh(meta: Substring) -> Annotations {
        var annotations = Annotations()
        var rest = meta
        while true {
            let end = rest.utf8.firstIndex(of: UInt8(ascii: " ")) ?? rest.endIndex
            let piece = rest[..<end]
            if let equals = piece.utf8.firstIndex(of: UInt8(ascii: "=")) {
                let key = piece[..<equals]
                let value = piece[piece.utf8.index(after: equals)...]
                if !value.utf8.contains(UInt8(ascii: "=")) {
                    switch key {
                    case "test": annotations.test = value != "false"
                    case "timeout": annotations.timeout = JavaScript.parseInt(value) ?? Annotations.defaultTimeout
                    case "wait": annotations.wait = JavaScript.parseInt(value) ?? 0
                    case "hook": annotations.hook = String(value)
                    case "hookTimeout":
                        let seconds = JavaScript.parseInt(value) ?? 0
                        annotations.hookTimeout = seconds == 0 ? nil : seconds
                    case "expectError": annotations.expectError = value == "true"
                    case "raw": annotations.raw = value == "true"
                    default: annotations.unknown[String(key)] = String(value)
                    }
                }
            }
            guard end < rest.endIndex else { return annotations }
            rest = rest[rest.utf8.index(after: end)...]
        }
    }

    /// A reader's (strict) rules: blank-separated `key=value`, values validated; problems reported.
    static func reader(meta: Substring, language: String, file: String, line: Int, metaColumn: Int,
                       diagnostics: inout [Diagnostic]) -> Annotations {
        var annotations = Annotations()
        // A block has a handful of annotations: a list is cheaper than hashing them.
        var seen: [Substring] = []
        var tokens = Tokens(meta: meta)
        while let (token, offset) = tokens.next() {
            let column = metaColumn + offset
            func report(_ severity: Diagnostic.Severity, _ code: String, _ message: String) {
                diagnostics.append(Diagnostic(severity, code: code, message: message, file: file, line: line, column: column))
            }
            guard let equals = token.utf8.firstIndex(of: UInt8(ascii: "=")) else {
                if token == language {
                    report(.warning, "repeated-language-word",
                           "'\(token)' repeats the block's language in its info string; remove it (the harness ignores it)")
                } else {
                    report(.warning, "annotation-without-value",
                           "'\(token)' is not an annotation (expected key=value, e.g. timeout=600); it is ignored")
                }
                continue
            }
            let key = token[..<equals]
            let value = token[token.utf8.index(after: equals)...]
            if seen.contains(key) {
                report(.warning, "duplicate-annotation", "\(key) is given more than once; the last one wins")
            } else {
                seen.append(key)
            }
            switch key {
            case "test":
                if let flag = boolean(value) { annotations.test = flag } else {
                    report(.error, "annotation-value", "test=\(value) is not valid: use test=true or test=false")
                }
            case "expectError":
                if let flag = boolean(value) { annotations.expectError = flag } else {
                    report(.error, "annotation-value", "expectError=\(value) is not valid: use expectError=true or expectError=false")
                }
            case "raw":
                if let flag = boolean(value) { annotations.raw = flag } else {
                    report(.error, "annotation-value", "raw=\(value) is not valid: use raw=true or raw=false")
                }
            case "timeout":
                if let seconds = seconds(value, minimum: 1) { annotations.timeout = seconds } else {
                    report(.error, "annotation-value",
                           "timeout=\(value) is not valid: use a whole number of seconds from 1 to \(maximumSeconds), e.g. timeout=600")
                }
            case "wait":
                if let seconds = seconds(value, minimum: 0) { annotations.wait = seconds } else {
                    report(.error, "annotation-value",
                           "wait=\(value) is not valid: use a whole number of seconds from 0 to \(maximumSeconds), e.g. wait=30")
                }
            case "hookTimeout":
                if let seconds = seconds(value, minimum: 0) { annotations.hookTimeout = seconds == 0 ? nil : seconds } else {
                    report(.error, "annotation-value",
                           "hookTimeout=\(value) is not valid: use a whole number of seconds from 0 to \(maximumSeconds) (0 = the run's default), e.g. hookTimeout=600")
                }
            case "hook":
                if !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) {
                    annotations.hook = String(value)
                } else {
                    report(.error, "annotation-value",
                           "hook=\(value) is not valid: use a name of letters, digits, '-', '_' or '.', e.g. hook=wait-node (runs tests/hook-wait-node.sh)")
                }
            default:
                annotations.unknown[String(key)] = String(value)
                let suggestion = knownKeys.first { $0.lowercased() == key.lowercased() }
                    .map { " (annotation keys are case-sensitive: did you mean \($0)?)" } ?? ""
                report(.warning, "unknown-annotation",
                       "unknown annotation '\(key)'\(suggestion); known: \(knownKeys.joined(separator: ", "))")
            }
        }
        return annotations
    }

    /// Blank-separated tokens with their byte offsets in the meta text (scanned as bytes: blanks are ASCII).
    private struct Tokens {
        let meta: Substring
        var index: Substring.Index
        var offset = 0

        init(meta: Substring) {
            self.meta = meta
            index = meta.startIndex
        }

        private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

        mutating func next() -> (Substring, Int)? {
            let bytes = meta.utf8
            while index < bytes.endIndex, Self.isBlank(bytes[index]) { bytes.formIndex(after: &index); offset += 1 }
            guard index < bytes.endIndex else { return nil }
            let start = index
            let startOffset = offset
            while index < bytes.endIndex, !Self.isBlank(bytes[index]) { bytes.formIndex(after: &index); offset += 1 }
            return (meta[start..<index], startOffset)
        }
    }

    private static func boolean(_ value: Substring) -> Bool? {
        switch value {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    private static func seconds(_ value: Substring, minimum: Int) -> Int? {
        guard !value.isEmpty, value.utf8.count <= 6, value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let number = Int(value), number >= minimum, number <= maximumSeconds else { return nil }
        return number
    }
}
