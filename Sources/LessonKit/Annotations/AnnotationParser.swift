import Foundation

/// Reads annotations from a code block's meta string, under either reading's rules.
///
/// Both readers work on the meta text's bytes (every character that matters is ASCII): a lesson
/// has a block every few lines, and comparing Substrings character by character cost more than
/// the rest of reading the block.
enum AnnotationParser {
    static let knownKeys = ["test", "timeout", "wait", "hook", "hookTimeout", "expectError", "raw"]
    /// A day: a longer timeout is almost certainly a typo (`timeout=1e9`).
    static let maximumSeconds = 86_400

    /// The harness's rules: split on single spaces, keep `key=value` pieces with exactly two parts,
    /// read numbers with JavaScript's `parseInt`, `test` false only for `false`, booleans true only for `true`.
    static func markdownSh(meta buffer: UnsafeBufferPointer<UInt8>) -> Annotations {
        var annotations = Annotations()
        // Unknown keys are gathered here and stored once: added to the annotations one by one,
        // each would copy all before it.
        var unknown: [String: String] = [:]
        // Pieces between single spaces, found in place (`split` built an array of them per block).
        var pieceStart = 0
        while pieceStart <= buffer.count {
            let pieceEnd = buffer[pieceStart...].firstIndex(of: UInt8(ascii: " ")) ?? buffer.count
            let piece = buffer[pieceStart..<pieceEnd]
            pieceStart = pieceEnd + 1
            guard let equals = piece.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let key = piece[..<equals]
            let value = piece[(equals + 1)...]
            guard !value.contains(UInt8(ascii: "=")) else { continue }
            switch Key(key) {
            case .test: annotations.test = !value.equals("false")
            case .timeout: annotations.timeout = JavaScript.parseInt(bytes: value) ?? Annotations.defaultTimeout
            case .wait: annotations.wait = JavaScript.parseInt(bytes: value) ?? 0
            case .hook: annotations.hook = value.string
            case .hookTimeout:
                let seconds = JavaScript.parseInt(bytes: value) ?? 0
                annotations.hookTimeout = seconds == 0 ? nil : seconds
            case .expectError: annotations.expectError = value.equals("true")
            case .raw: annotations.raw = value.equals("true")
            case nil: unknown[key.string] = value.string
            }
        }
        if !unknown.isEmpty { annotations.unknown = unknown }
        return annotations
    }

    /// A reader's (strict) rules: blank-separated `key=value`, values validated; problems reported.
    static func reader(meta buffer: UnsafeBufferPointer<UInt8>, language: UnsafeBufferPointer<UInt8>, file: String, line: Int,
                       metaColumn: Int, diagnostics: inout [Diagnostic]) -> Annotations {
        var annotations = Annotations()
        // Known keys seen so far as bits; unknown ones (rare) in their own table, which tells a repeated
        // key by lookup and is stored once at the end. No allocation for a usual block.
        var seenKnown: UInt8 = 0
        var unknown: [String: String] = [:]
        var start = 0
        while start < buffer.count {
            guard !buffer[start].isBlank else {
                start += 1
                continue
            }
            var end = start
            while end < buffer.count, !buffer[end].isBlank { end += 1 }
            let token = buffer[start..<end]
            let column = metaColumn + start
            start = end
            func report(_ severity: Diagnostic.Severity, _ code: String, _ message: String) {
                diagnostics.append(Diagnostic(severity, code: code, message: message, file: file, line: line, column: column))
            }
            guard let equals = token.firstIndex(of: UInt8(ascii: "=")) else {
                if token.elementsEqual(language) {
                    report(.warning, "repeated-language-word",
                           "'\(token.string)' repeats the block's language in its info string; remove it (the harness ignores it)")
                } else {
                    report(.warning, "annotation-without-value",
                           "'\(token.string)' is not an annotation (expected key=value, e.g. timeout=600); it is ignored")
                }
                continue
            }
            let key = token[..<equals]
            let value = token[(equals + 1)...]
            let known = Key(key)
            let repeated: Bool
            if let known {
                repeated = seenKnown & known.bit != 0
                seenKnown |= known.bit
            } else {
                repeated = unknown[key.string] != nil
            }
            if repeated {
                report(.warning, "duplicate-annotation", "\(key.string) is given more than once; the last one wins")
            }
            switch known {
            case .test:
                if let flag = boolean(value) { annotations.test = flag } else {
                    report(.error, "annotation-value", "test=\(value.string) is not valid: use test=true or test=false")
                }
            case .expectError:
                if let flag = boolean(value) { annotations.expectError = flag } else {
                    report(.error, "annotation-value", "expectError=\(value.string) is not valid: use expectError=true or expectError=false")
                }
            case .raw:
                if let flag = boolean(value) { annotations.raw = flag } else {
                    report(.error, "annotation-value", "raw=\(value.string) is not valid: use raw=true or raw=false")
                }
            case .timeout:
                if let seconds = seconds(value, minimum: 1) { annotations.timeout = seconds } else {
                    report(.error, "annotation-value",
                           "timeout=\(value.string) is not valid: use a whole number of seconds from 1 to \(maximumSeconds), e.g. timeout=600")
                }
            case .wait:
                if let seconds = seconds(value, minimum: 0) { annotations.wait = seconds } else {
                    report(.error, "annotation-value",
                           "wait=\(value.string) is not valid: use a whole number of seconds from 0 to \(maximumSeconds), e.g. wait=30")
                }
            case .hookTimeout:
                if let seconds = seconds(value, minimum: 0) { annotations.hookTimeout = seconds == 0 ? nil : seconds } else {
                    report(.error, "annotation-value",
                           "hookTimeout=\(value.string) is not valid: use a whole number of seconds from 0 to \(maximumSeconds) (0 = the run's default), e.g. hookTimeout=600")
                }
            case .hook:
                if !value.isEmpty, value.allSatisfy(isHookNameByte) {
                    annotations.hook = value.string
                } else {
                    report(.error, "annotation-value",
                           "hook=\(value.string) is not valid: use a name of letters, digits, '-', '_' or '.', e.g. hook=wait-node (runs tests/hook-wait-node.sh)")
                }
            case nil:
                let name = key.string
                unknown[name] = value.string
                let suggestion = knownKeys.first { $0.lowercased() == name.lowercased() }
                    .map { " (annotation keys are case-sensitive: did you mean \($0)?)" } ?? ""
                report(.warning, "unknown-annotation",
                       "unknown annotation '\(name)'\(suggestion); known: \(knownKeys.joined(separator: ", "))")
            }
        }
        if !unknown.isEmpty { annotations.unknown = unknown }
        return annotations
    }

    /// The annotation keys the harness knows, recognised from bytes.
    private enum Key {
        case test, timeout, wait, hook, hookTimeout, expectError, raw

        init?(_ bytes: ByteSlice) {
            // By length first: most keys are then settled by one comparison.
            switch bytes.count {
            case 3 where bytes.equals("raw"): self = .raw
            case 4 where bytes.equals("test"): self = .test
            case 4 where bytes.equals("wait"): self = .wait
            case 4 where bytes.equals("hook"): self = .hook
            case 7 where bytes.equals("timeout"): self = .timeout
            case 11 where bytes.equals("hookTimeout"): self = .hookTimeout
            case 11 where bytes.equals("expectError"): self = .expectError
            default: return nil
            }
        }

        var bit: UInt8 {
            switch self {
            case .test: 1
            case .timeout: 2
            case .wait: 4
            case .hook: 8
            case .hookTimeout: 16
            case .expectError: 32
            case .raw: 64
            }
        }
    }

    private static func isHookNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }

    private static func boolean(_ value: ByteSlice) -> Bool? {
        if value.equals("true") { return true }
        if value.equals("false") { return false }
        return nil
    }

    private static func seconds(_ value: ByteSlice, minimum: Int) -> Int? {
        guard !value.isEmpty, value.count <= 6, value.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        let number = value.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return number >= minimum && number <= maximumSeconds ? number : nil
    }
}

extension ByteSlice {
    /// Whether these bytes are exactly `literal`'s.
    func equals(_ literal: StaticString) -> Bool {
        guard count == literal.utf8CodeUnitCount else { return false }
        guard let address = base.baseAddress, count > 0 else { return count == 0 }
        return memcmp(address + startIndex, literal.utf8Start, count) == 0
    }

    /// The bytes as text (they are slices of valid UTF-8 cut at ASCII bytes).
    var string: String { String(decoding: self, as: UTF8.self) }
}
