/// Reads annotations from a code block's meta string, under either reading's rules.
enum AnnotationParser {
    static let knownKeys = ["test", "timeout", "wait", "hook", "hookTimeout", "expectError", "raw"]
    /// A day: a longer timeout is almost certainly a typo (`timeout=1e9`).
    static let maximumSeconds = 86_400

    /// The harness's rules: split on single spaces, keep `key=value` pieces with exactly two parts,
    /// read numbers with JavaScript's `parseInt`, `test` false only for `false`, booleans true only for `true`.
    static func markdownSh(meta: String) -> Annotations {
        var annotations = Annotations()
        for pieceBytes in meta.utf8.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false) {
            let piece = Substring(pieceBytes)
            guard let equals = piece.utf8.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let valueText = piece[piece.utf8.index(after: equals)...]
            guard !valueText.utf8.contains(UInt8(ascii: "=")) else { continue }
            let parts = [piece[..<equals], valueText]
            let value = String(parts[1])
            switch parts[0] {
            case "test": annotations.test = value != "false"
            case "timeout": annotations.timeout = JavaScript.parseInt(value) ?? Annotations.defaultTimeout
            case "wait": annotations.wait = JavaScript.parseInt(value) ?? 0
            case "hook": annotations.hook = value
            case "hookTimeout":
                let seconds = JavaScript.parseInt(value) ?? 0
                annotations.hookTimeout = seconds == 0 ? nil : seconds
            case "expectError": annotations.expectError = value == "true"
            case "raw": annotations.raw = value == "true"
            default: annotations.unknown[String(parts[0])] = value
            }
        }
        return annotations
    }

    /// A reader's (strict) rules: blank-separated `key=value`, values validated; problems reported.
    static func reader(meta: String, language: String, file: String, line: Int, metaColumn: Int) -> (Annotations, [Diagnostic]) {
        var annotations = Annotations()
        var diagnostics: [Diagnostic] = []
        var seen: Set<String> = []
        for (token, offset) in tokens(of: meta) {
            let column = metaColumn + offset
            func report(_ severity: Diagnostic.Severity, _ code: String, _ message: String) {
                diagnostics.append(Diagnostic(severity, code: code, message: message, file: file, line: line, column: column))
            }
            guard let equals = token.firstIndex(of: "=") else {
                if token == language {
                    report(.warning, "repeated-language-word",
                           "'\(token)' repeats the block's language in its info string; remove it (the harness ignores it)")
                } else {
                    report(.warning, "annotation-without-value",
                           "'\(token)' is not an annotation (expected key=value, e.g. timeout=600); it is ignored")
                }
                continue
            }
            let key = String(token[..<equals])
            let value = String(token[token.index(after: equals)...])
            if seen.contains(key) {
                report(.warning, "duplicate-annotation", "\(key) is given more than once; the last one wins")
            }
            seen.insert(key)
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
                    annotations.hook = value
                } else {
                    report(.error, "annotation-value",
                           "hook=\(value) is not valid: use a name of letters, digits, '-', '_' or '.', e.g. hook=wait-node (runs tests/hook-wait-node.sh)")
                }
            default:
                annotations.unknown[key] = value
                let suggestion = knownKeys.first { $0.lowercased() == key.lowercased() }
                    .map { " (annotation keys are case-sensitive: did you mean \($0)?)" } ?? ""
                report(.warning, "unknown-annotation",
                       "unknown annotation '\(key)'\(suggestion); known: \(knownKeys.joined(separator: ", "))")
            }
        }
        return (annotations, diagnostics)
    }

    /// Blank-separated tokens with their byte offsets in `meta` (scanned as bytes: blanks are ASCII).
    private static func tokens(of meta: String) -> [(Substring, Int)] {
        var result: [(Substring, Int)] = []
        let bytes = meta.utf8
        var index = bytes.startIndex
        var offset = 0
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        while index < bytes.endIndex {
            while index < bytes.endIndex, isBlank(bytes[index]) { bytes.formIndex(after: &index); offset += 1 }
            let start = index
            let startOffset = offset
            while index < bytes.endIndex, !isBlank(bytes[index]) { bytes.formIndex(after: &index); offset += 1 }
            if start < index { result.append((meta[start..<index], startOffset)) }
        }
        return result
    }

    private static func boolean(_ value: String) -> Bool? {
        switch value {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    private static func seconds(_ value: String, minimum: Int) -> Int? {
        guard !value.isEmpty, value.utf8.count <= 6, value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let number = Int(value), number >= minimum, number <= maximumSeconds else { return nil }
        return number
    }
}
