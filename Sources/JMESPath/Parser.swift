import JSON
/// A compiled JMESPath expression.
indirect enum ExpressionNode: Sendable {
    case current
    case field(String)
    case subexpression(ExpressionNode, ExpressionNode)
    case indexExpression(ExpressionNode, ExpressionNode)
    case index(Int)
    case slice(Int?, Int?, Int?)
    case projection(ExpressionNode, ExpressionNode)
    case valueProjection(ExpressionNode, ExpressionNode)
    case filterProjection(ExpressionNode, ExpressionNode, condition: ExpressionNode)
    case flatten(ExpressionNode)
    case literal(JSONValue)
    case multiSelectList([ExpressionNode])
    case multiSelectHash([(String, ExpressionNode)])
    case or(ExpressionNode, ExpressionNode)
    case and(ExpressionNode, ExpressionNode)
    case not(ExpressionNode)
    case comparator(Comparator, ExpressionNode, ExpressionNode)
    case pipe(ExpressionNode, ExpressionNode)
    case function(String, [ExpressionNode])
    case expref(ExpressionNode)

    enum Comparator: Sendable { case eq, ne, lt, lte, gt, gte }
}

/// A top-down operator precedence parser, following the JMESPath specification's grammar and
/// binding powers (as the reference implementation does).
struct Parser {
    private var tokens: [Token]
    private var index = 0
    /// Depth of the tree being built: nested sub-expressions plus operators chained to their left.
    private var depth = 0
    /// Deeper trees are refused: parsing, evaluating and freeing them recurse once per level, and a
    /// hostile expression (`[[[[…` 10,000 deep, found by the fuzzer) would exhaust the stack.
    static let maximumDepth = 256

    init(tokens: [Token]) { self.tokens = tokens }

    static func parse(_ expression: String) throws(JMESPathError) -> ExpressionNode {
        var parser = Parser(tokens: try Lexer.tokenize(expression))
        let node = try parser.expression(0)
        guard parser.current.kind == .eof else { throw parser.unexpected() }
        return node
    }

    private var current: Token { tokens[index] }
    private func peek(_ n: Int = 1) -> TokenKind { tokens[min(index + n, tokens.count - 1)].kind }
    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    private func unexpected(_ token: Token? = nil) -> JMESPathError {
        let token = token ?? current
        return JMESPathError(kind: .syntax, message: token.kind == .eof ? "unexpected end of expression" : "unexpected token \(describe(token.kind))",
                             position: token.position)
    }

    private func describe(_ kind: TokenKind) -> String {
        switch kind {
        case .unquotedIdentifier(let s): return "'\(s)'"
        case .quotedIdentifier(let s): return "\"\(s)\""
        case .number(let n): return "\(n)"
        case .literal(let v): return "`\(v)`"
        default: return "'\(kind)'"
        }
    }

    private mutating func expect(_ kind: TokenKind) throws(JMESPathError) {
        guard current.kind == kind else { throw unexpected() }
        advance()
    }

    private static func bindingPower(_ kind: TokenKind) -> Int {
        switch kind {
        case .pipe: return 1
        case .or: return 2
        case .and: return 3
        case .eq, .ne, .lt, .lte, .gt, .gte: return 5
        case .flatten: return 9
        case .star: return 20
        case .filter: return 21
        case .dot: return 40
        case .not: return 45
        case .lbrace: return 50
        case .lbracket: return 55
        case .lparen: return 60
        default: return 0
        }
    }

    mutating func expression(_ bindingPower: Int) throws(JMESPathError) -> ExpressionNode {
        let entryDepth = depth
        defer { depth = entryDepth }
        try deepen(at: current)
        let token = current
        advance()
        var left = try nud(token)
        while bindingPower < Self.bindingPower(current.kind) {
            let next = current
            try deepen(at: next)
            advance()
            left = try led(next, left)
        }
        return left
    }

    private mutating func deepen(at token: Token) throws(JMESPathError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw JMESPathError(kind: .syntax, message: "expression nested too deeply (more than \(Self.maximumDepth) levels)", position: token.position)
        }
    }

    private mutating func nud(_ token: Token) throws(JMESPathError) -> ExpressionNode {
        switch token.kind {
        case .literal(let value):
            return .literal(value)
        case .unquotedIdentifier(let name):
            return .field(name)
        case .quotedIdentifier(let name):
            if current.kind == .lparen {
                throw JMESPathError(kind: .syntax, message: "quoted identifiers cannot name functions", position: current.position)
            }
            return .field(name)
        case .star:
            let right = try projectionRHS(Self.bindingPower(.star))
            return .valueProjection(.current, right)
        case .filter:
            return try led(token, .current)
        case .lbrace:
            return try multiSelectHash()
        case .flatten:
            let right = try projectionRHS(Self.bindingPower(.flatten))
            return .projection(.flatten(.current), right)
        case .lbracket:
            if case .number = current.kind {
                return try projectIfSlice(.current, try indexExpression())
            }
            if current.kind == .colon {
                return try projectIfSlice(.current, try indexExpression())
            }
            if current.kind == .star, peek() == .rbracket {
                advance()
                advance()
                let right = try projectionRHS(Self.bindingPower(.star))
                return .projection(.current, right)
            }
            return try multiSelectList()
        case .current:
            return .current
        case .expref:
            return .expref(try expression(Self.bindingPower(.expref)))
        case .not:
            return .not(try expression(Self.bindingPower(.not)))
        case .lparen:
            let inner = try expression(0)
            try expect(.rparen)
            return inner
        default:
            // Name the token that cannot start an expression (advance stops at end, so stepping
            // back would go before the first token of an empty expression).
            throw unexpected(token)
        }
    }

    private mutating func led(_ token: Token, _ left: ExpressionNode) throws(JMESPathError) -> ExpressionNode {
        switch token.kind {
        case .dot:
            if current.kind == .star {
                advance()
                let right = try projectionRHS(Self.bindingPower(.dot))
                return .valueProjection(left, right)
            }
            let right = try dotRHS(Self.bindingPower(.dot))
            return .subexpression(left, right)
        case .pipe:
            return .pipe(left, try expression(Self.bindingPower(.pipe)))
        case .or:
            return .or(left, try expression(Self.bindingPower(.or)))
        case .and:
            return .and(left, try expression(Self.bindingPower(.and)))
        case .eq, .ne, .lt, .lte, .gt, .gte:
            let op: ExpressionNode.Comparator
            switch token.kind {
            case .eq: op = .eq
            case .ne: op = .ne
            case .lt: op = .lt
            case .lte: op = .lte
            case .gt: op = .gt
            default: op = .gte
            }
            return .comparator(op, left, try expression(Self.bindingPower(token.kind)))
        case .lparen:
            guard case .field(let name) = left else {
                throw JMESPathError(kind: .syntax, message: "only a plain name can be called as a function", position: token.position)
            }
            var arguments: [ExpressionNode] = []
            while current.kind != .rparen {
                arguments.append(try expression(0))
                if current.kind == .comma {
                    advance()
                    if current.kind == .rparen { throw unexpected() }
                } else if current.kind != .rparen {
                    throw unexpected()
                }
            }
            advance()
            return .function(name, arguments)
        case .filter:
            let condition = try expression(0)
            try expect(.rbracket)
            let right: ExpressionNode = current.kind == .flatten ? .current : try projectionRHS(Self.bindingPower(.filter))
            return .filterProjection(left, right, condition: condition)
        case .flatten:
            let right = try projectionRHS(Self.bindingPower(.flatten))
            return .projection(.flatten(left), right)
        case .lbracket:
            if case .number = current.kind {
                return try projectIfSlice(left, try indexExpression())
            }
            if current.kind == .colon {
                return try projectIfSlice(left, try indexExpression())
            }
            try expect(.star)
            try expect(.rbracket)
            let right = try projectionRHS(Self.bindingPower(.star))
            return .projection(left, right)
        default:
            throw unexpected(token)
        }
    }

    private mutating func indexExpression() throws(JMESPathError) -> ExpressionNode {
        if peek() == .colon || current.kind == .colon {
            return try sliceExpression()
        }
        guard case .number(let n) = current.kind else { throw unexpected() }
        advance()
        try expect(.rbracket)
        return .index(n)
    }

    private mutating func sliceExpression() throws(JMESPathError) -> ExpressionNode {
        var parts: [Int?] = [nil, nil, nil]
        var position = 0
        while current.kind != .rbracket && position < 3 {
            if current.kind == .colon {
                position += 1
                if position > 2 { throw unexpected() }
                advance()
            } else if case .number(let n) = current.kind {
                parts[position] = n
                advance()
            } else {
                throw unexpected()
            }
        }
        try expect(.rbracket)
        return .slice(parts[0], parts[1], parts[2])
    }

    private mutating func projectIfSlice(_ left: ExpressionNode, _ index: ExpressionNode) throws(JMESPathError) -> ExpressionNode {
        let indexed = ExpressionNode.indexExpression(left, index)
        if case .slice = index {
            return .projection(indexed, try projectionRHS(Self.bindingPower(.star)))
        }
        return indexed
    }

    private mutating func projectionRHS(_ bindingPower: Int) throws(JMESPathError) -> ExpressionNode {
        if Self.bindingPower(current.kind) < 10 { return .current }
        switch current.kind {
        case .lbracket, .filter:
            return try expression(bindingPower)
        case .dot:
            advance()
            return try dotRHS(bindingPower)
        default:
            throw unexpected()
        }
    }

    private mutating func dotRHS(_ bindingPower: Int) throws(JMESPathError) -> ExpressionNode {
        switch current.kind {
        case .quotedIdentifier, .unquotedIdentifier, .star:
            return try expression(bindingPower)
        case .lbracket:
            advance()
            return try multiSelectList()
        case .lbrace:
            advance()
            return try multiSelectHash()
        default:
            throw unexpected()
        }
    }

    private mutating func multiSelectList() throws(JMESPathError) -> ExpressionNode {
        var items: [ExpressionNode] = []
        while true {
            items.append(try expression(0))
            if current.kind == .rbracket { break }
            try expect(.comma)
        }
        advance()
        return .multiSelectList(items)
    }

    private mutating func multiSelectHash() throws(JMESPathError) -> ExpressionNode {
        var pairs: [(String, ExpressionNode)] = []
        while true {
            let key: String
            switch current.kind {
            case .quotedIdentifier(let k), .unquotedIdentifier(let k): key = k
            default: throw unexpected()
            }
            advance()
            try expect(.colon)
            pairs.append((key, try expression(0)))
            if current.kind == .rbrace { break }
            try expect(.comma)
        }
        advance()
        return .multiSelectHash(pairs)
    }
}
