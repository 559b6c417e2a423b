import JSON
/// Why an expression could not be compiled or evaluated. The kinds match the JMESPath
/// compliance suite's error names.
public struct JMESPathError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case syntax
        case invalidType = "invalid-type"
        case invalidValue = "invalid-value"
        case invalidArity = "invalid-arity"
        case unknownFunction = "unknown-function"
    }

    public var kind: Kind
    public var message: String
    /// Character offset in the expression, for syntax errors.
    public var position: Int?

    public var description: String {
        position.map { "\(message) (at character \($0 + 1))" } ?? message
    }
}

enum TokenKind: Equatable {
    case dot, star, flatten, filter, lbracket, rbracket, lbrace, rbrace, lparen, rparen, comma, colon
    case current, expref, pipe, or, and, not, eq, ne, lt, lte, gt, gte
    case unquotedIdentifier(String), quotedIdentifier(String), literal(JSONValue), number(Int)
    case eof
}

struct Token {
    var kind: TokenKind
    var position: Int
}

/// Splits a JMESPath expression into tokens.
enum Lexer {
    static func tokenize(_ expression: String) throws(JMESPathError) -> [Token] {
        let chars = Array(expression.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        func syntax(_ message: String, _ at: Int) -> JMESPathError { JMESPathError(kind: .syntax, message: message, position: at) }
        func isIdentStart(_ c: Unicode.Scalar) -> Bool { c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        func isIdentChar(_ c: Unicode.Scalar) -> Bool { isIdentStart(c) || ("0"..."9").contains(c) }
        while i < chars.count {
            let c = chars[i]
            let start = i
            switch c {
            case " ", "\t", "\n", "\r":
                i += 1
            case ".": tokens.append(Token(kind: .dot, position: i)); i += 1
            case "*": tokens.append(Token(kind: .star, position: i)); i += 1
            case "]": tokens.append(Token(kind: .rbracket, position: i)); i += 1
            case "{": tokens.append(Token(kind: .lbrace, position: i)); i += 1
            case "}": tokens.append(Token(kind: .rbrace, position: i)); i += 1
            case "(": tokens.append(Token(kind: .lparen, position: i)); i += 1
            case ")": tokens.append(Token(kind: .rparen, position: i)); i += 1
            case ",": tokens.append(Token(kind: .comma, position: i)); i += 1
            case ":": tokens.append(Token(kind: .colon, position: i)); i += 1
            case "@": tokens.append(Token(kind: .current, position: i)); i += 1
            case "[":
                if i + 1 < chars.count, chars[i + 1] == "]" {
                    tokens.append(Token(kind: .flatten, position: i)); i += 2
                } else if i + 1 < chars.count, chars[i + 1] == "?" {
                    tokens.append(Token(kind: .filter, position: i)); i += 2
                } else {
                    tokens.append(Token(kind: .lbracket, position: i)); i += 1
                }
            case "|":
                if i + 1 < chars.count, chars[i + 1] == "|" { tokens.append(Token(kind: .or, position: i)); i += 2 } else { tokens.append(Token(kind: .pipe, position: i)); i += 1 }
            case "&":
                if i + 1 < chars.count, chars[i + 1] == "&" { tokens.append(Token(kind: .and, position: i)); i += 2 } else { tokens.append(Token(kind: .expref, position: i)); i += 1 }
            case "!":
                if i + 1 < chars.count, chars[i + 1] == "=" { tokens.append(Token(kind: .ne, position: i)); i += 2 } else { tokens.append(Token(kind: .not, position: i)); i += 1 }
            case "=":
                guard i + 1 < chars.count, chars[i + 1] == "=" else { throw syntax("'=' is not an operator; use '=='", i) }
                tokens.append(Token(kind: .eq, position: i)); i += 2
            case "<":
                if i + 1 < chars.count, chars[i + 1] == "=" { tokens.append(Token(kind: .lte, position: i)); i += 2 } else { tokens.append(Token(kind: .lt, position: i)); i += 1 }
            case ">":
                if i + 1 < chars.count, chars[i + 1] == "=" { tokens.append(Token(kind: .gte, position: i)); i += 2 } else { tokens.append(Token(kind: .gt, position: i)); i += 1 }
            case "-", "0"..."9":
                i += 1
                while i < chars.count, ("0"..."9").contains(chars[i]) { i += 1 }
                let text = String(String.UnicodeScalarView(chars[start..<i]))
                guard text != "-", let value = Int(text) else { throw syntax("invalid number '\(text)'", start) }
                tokens.append(Token(kind: .number(value), position: start))
            case "\"":
                i += 1
                var raw = String.UnicodeScalarView()
                while i < chars.count, chars[i] != "\"" {
                    if chars[i] == "\\", i + 1 < chars.count { raw.append(chars[i]); i += 1 }
                    raw.append(chars[i]); i += 1
                }
                guard i < chars.count else { throw syntax("unterminated quoted identifier", start) }
                i += 1
                guard case .string(let name)? = try? JSONParser.parse("\"" + String(raw) + "\"") else {
                    throw syntax("invalid quoted identifier", start)
                }
                tokens.append(Token(kind: .quotedIdentifier(name), position: start))
            case "'":
                i += 1
                var text = String.UnicodeScalarView()
                // As the reference lexer: a backslash skips the next character while scanning,
                // and only \' becomes ' in the value.
                while i < chars.count, chars[i] != "'" {
                    if chars[i] == "\\", i + 1 < chars.count {
                        if chars[i + 1] == "'" { text.append("'") } else { text.append(chars[i]); text.append(chars[i + 1]) }
                        i += 2
                        continue
                    }
                    text.append(chars[i]); i += 1
                }
                guard i < chars.count else { throw syntax("unterminated raw string literal", start) }
                i += 1
                tokens.append(Token(kind: .literal(.string(String(text))), position: start))
            case "`":
                i += 1
                var text = String.UnicodeScalarView()
                while i < chars.count, chars[i] != "`" {
                    if chars[i] == "\\", i + 1 < chars.count, chars[i + 1] == "`" { text.append("`"); i += 2; continue }
                    text.append(chars[i]); i += 1
                }
                guard i < chars.count else { throw syntax("unterminated JSON literal", start) }
                i += 1
                let body = String(text)
                if let value = try? JSONParser.parse(body) {
                    tokens.append(Token(kind: .literal(value), position: start))
                } else if let value = try? JSONParser.parse("\"" + body.trimmingLeadingAndTrailingSpaces() + "\"") {
                    // Deprecated, still accepted: `foo` as the string "foo".
                    tokens.append(Token(kind: .literal(value), position: start))
                } else {
                    throw syntax("invalid JSON literal `\(body)`", start)
                }
            default:
                guard isIdentStart(c) else { throw syntax("unexpected character '\(c)'", i) }
                i += 1
                while i < chars.count, isIdentChar(chars[i]) { i += 1 }
                tokens.append(Token(kind: .unquotedIdentifier(String(String.UnicodeScalarView(chars[start..<i]))), position: start))
            }
        }
        tokens.append(Token(kind: .eof, position: chars.count))
        return tokens
    }
}

extension String {
    /// The text without leading and trailing spaces.
    public func trimmingLeadingAndTrailingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
