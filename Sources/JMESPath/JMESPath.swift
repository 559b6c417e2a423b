import JSON
/// A compiled JMESPath expression (https://jmespath.org), as `--query` and `workshop jp` use it.
public struct JMESPathExpression: Sendable {
    let root: ExpressionNode
    public let source: String

    /// Compiles `expression`; throws a syntax error naming the position.
    public init(_ expression: String) throws(JMESPathError) {
        root = try Parser.parse(expression)
        source = expression
    }

    /// Evaluates the expression against `value`.
    public func search(_ value: JSONValue) throws(JMESPathError) -> JSONValue {
        try Interpreter.evaluate(root, value)
    }
}

enum Interpreter {
    static func evaluate(_ node: ExpressionNode, _ value: JSONValue) throws(JMESPathError) -> JSONValue {
        switch node {
        case .current:
            return value
        case .field(let name):
            return value[name] ?? .null
        case .subexpression(let left, let right):
            return try evaluate(right, try evaluate(left, value))
        case .indexExpression(let left, let index):
            return try evaluate(index, try evaluate(left, value))
        case .index(let i):
            guard case .array(let items) = value else { return .null }
            let position = i < 0 ? items.count + i : i
            return position >= 0 && position < items.count ? items[position] : .null
        case .slice(let start, let stop, let step):
            guard case .array(let items) = value else { return .null }
            return .array(try slice(items, start, stop, step))
        case .projection(let left, let right):
            guard case .array(let items) = try evaluate(left, value) else { return .null }
            var result: [JSONValue] = []
            for item in items {
                let projected = try evaluate(right, item)
                if projected != .null { result.append(projected) }
            }
            return .array(result)
        case .valueProjection(let left, let right):
            guard case .object(let pairs) = try evaluate(left, value) else { return .null }
            var result: [JSONValue] = []
            for pair in pairs {
                let projected = try evaluate(right, pair.value)
                if projected != .null { result.append(projected) }
            }
            return .array(result)
        case .filterProjection(let left, let right, let condition):
            guard case .array(let items) = try evaluate(left, value) else { return .null }
            var result: [JSONValue] = []
            for item in items where try evaluate(condition, item).isTruthy {
                let projected = try evaluate(right, item)
                if projected != .null { result.append(projected) }
            }
            return .array(result)
        case .flatten(let inner):
            guard case .array(let items) = try evaluate(inner, value) else { return .null }
            var result: [JSONValue] = []
            for item in items {
                if case .array(let nested) = item { result.append(contentsOf: nested) } else { result.append(item) }
            }
            return .array(result)
        case .literal(let literal):
            return literal
        case .multiSelectList(let nodes):
            if value == .null { return .null }
            var result: [JSONValue] = []
            for node in nodes { result.append(try evaluate(node, value)) }
            return .array(result)
        case .multiSelectHash(let pairs):
            if value == .null { return .null }
            var result: [(key: String, value: JSONValue)] = []
            for (key, node) in pairs { result.append((key, try evaluate(node, value))) }
            return .object(result)
        case .or(let left, let right):
            let l = try evaluate(left, value)
            return l.isTruthy ? l : try evaluate(right, value)
        case .and(let left, let right):
            let l = try evaluate(left, value)
            return l.isTruthy ? try evaluate(right, value) : l
        case .not(let inner):
            return .bool(!(try evaluate(inner, value)).isTruthy)
        case .comparator(let op, let left, let right):
            let l = try evaluate(left, value)
            let r = try evaluate(right, value)
            switch op {
            case .eq: return .bool(l == r)
            case .ne: return .bool(l != r)
            default:
                guard let a = l.number, let b = r.number else { return .null }
                switch op {
                case .lt: return .bool(a < b)
                case .lte: return .bool(a <= b)
                case .gt: return .bool(a > b)
                default: return .bool(a >= b)
                }
            }
        case .pipe(let left, let right):
            return try evaluate(right, try evaluate(left, value))
        case .function(let name, let arguments):
            return try Functions.call(name, arguments, value)
        case .expref:
            // Only meaningful as a function argument; evaluated there.
            return .null
        }
    }

    /// Python slice semantics.
    static func slice<T>(_ items: [T], _ start: Int?, _ stop: Int?, _ step: Int?) throws(JMESPathError) -> [T] {
        let step = step ?? 1
        guard step != 0 else { throw JMESPathError(kind: .invalidValue, message: "slice step cannot be 0") }
        let count = items.count
        func clamp(_ value: Int?, _ defaultValue: Int) -> Int {
            guard var v = value else { return defaultValue }
            if v < 0 {
                v += count
                if v < 0 { v = step < 0 ? -1 : 0 }
            } else if v >= count {
                v = step < 0 ? count - 1 : count
            }
            return v
        }
        let begin = clamp(start, step < 0 ? count - 1 : 0)
        let end = clamp(stop, step < 0 ? -1 : count)
        var result: [T] = []
        var i = begin
        if step > 0 {
            while i < end { result.append(items[i]); i += step }
        } else {
            while i > end { result.append(items[i]); i += step }
        }
        return result
    }
}
