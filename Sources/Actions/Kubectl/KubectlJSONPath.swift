import JSON

/// kubectl's JSONPath templates (client-go util/jsonpath), as `-o jsonpath=…` and
/// `-o custom-columns=…` use them: text with `{…}` actions — fields (`.a.b`, `['a.b']`), `[*]`,
/// indexes and slices, `..` recursion, unions (`[a,b]`), filters (`[?(@.x=="y")]`, `[?(@.x)]`),
/// `{range …}…{end}`, and quoted text (`{"\n"}`). Missing keys give nothing, as with kubectl's
/// default `--allow-missing-template-keys=true`.
struct KubectlJSONPath: Sendable {
    struct ParseError: Error, Equatable, Sendable {
        var message: String
    }

    indirect enum Step: Equatable, Sendable {
        case field(String)
        case wildcard
        case recursive
        case slice(start: Int?, end: Int?, step: Int?)
        case union([[Step]])
        case filter(left: [Step], op: String, right: Operand?)
    }

    enum Operand: Equatable, Sendable {
        case path([Step])
        case literal(JSONValue)
    }

    enum Node: Equatable, Sendable {
        case text(String)
        case path([Step])
        case range([Step])
        case end
    }

    let nodes: [Node]

    init(_ template: String) throws(ParseError) {
        nodes = try Self.parseTemplate(template)
    }

    // MARK: Parsing

    private static func parseTemplate(_ template: String) throws(ParseError) -> [Node] {
        var nodes: [Node] = []
        var rest = Substring(template)
        while !rest.isEmpty {
            guard let open = rest.firstIndex(of: "{") else { nodes.append(.text(String(rest))); break }
            if open > rest.startIndex { nodes.append(.text(String(rest[..<open]))) }
            let inside = rest[rest.index(after: open)...]
            guard let close = closingBrace(in: inside) else { throw ParseError(message: "unclosed action") }
            let action = inside[..<close].trimmedOfSpaces
            rest = inside[inside.index(after: close)...]
            if action == "end" {
                nodes.append(.end)
            } else if action.hasPrefix("range ") || action == "range" {
                nodes.append(.range(try parsePath(String(action.dropFirst(5)).trimmedOfSpaces)))
            } else if let quote = action.first, quote == "\"" || quote == "'" {
                nodes.append(.text(try unquote(action)))
            } else {
                nodes.append(.path(try parsePath(action)))
            }
        }
        return nodes
    }

    /// The `}` that ends an action, skipping quoted strings.
    private static func closingBrace(in text: Substring) -> Substring.Index? {
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if let open = quote {
                if c == "\\" { index = text.index(after: index) } else if c == open { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "}" {
                return index
            }
            if index < text.endIndex { index = text.index(after: index) }
        }
        return nil
    }

    private static func unquote(_ text: String) throws(ParseError) -> String {
        guard text.count >= 2, text.last == text.first else { throw ParseError(message: "unterminated quoted string") }
        var out = ""
        var escaped = false
        for c in text.dropFirst().dropLast() {
            if escaped {
                switch c {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: out.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// `.a.b[0]['c.d'][*]..e[?(@.x=="y")]` (a leading `$` or missing first dot allowed, as kubectl's relaxed form).
    static func parsePath(_ text: String) throws(ParseError) -> [Step] {
        var chars = Array(text.trimmedOfSpaces)
        if chars.first == "$" { chars.removeFirst() }
        var steps: [Step] = []
        var i = 0
        /// A key up to the next `.` or `[`; `\.` is a dot inside the key (`topology\.kubernetes\.io/zone`).
        func identifier() -> String {
            var name = ""
            while i < chars.count, chars[i] != ".", chars[i] != "[" {
                if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                name.append(chars[i])
                i += 1
            }
            return name
        }
        if i < chars.count, chars[i] != ".", chars[i] != "[" {
            let name = identifier()
            steps.append(name == "*" ? .wildcard : .field(name))
        }
        while i < chars.count {
            switch chars[i] {
            case ".":
                if i + 1 < chars.count, chars[i + 1] == "." {
                    steps.append(.recursive)
                    i += 2
                    if i < chars.count, chars[i] != "[" {
                        let name = identifier()
                        steps.append(name == "*" ? .wildcard : .field(name))
                    }
                } else {
                    i += 1
                    let name = identifier()
                    if name.isEmpty { continue }
                    steps.append(name == "*" ? .wildcard : .field(name))
                }
            case "[":
                var depth = 0
                var j = i
                var quote: Character?
                while j < chars.count {
                    let c = chars[j]
                    if let open = quote { if c == open { quote = nil } } else if c == "'" || c == "\"" { quote = c } else if c == "[" { depth += 1 } else if c == "]" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    j += 1
                }
                guard j < chars.count else { throw ParseError(message: "unterminated array") }
                steps.append(try parseBracket(String(chars[(i + 1)..<j])))
                i = j + 1
            default:
                throw ParseError(message: "unrecognized character in action: \(chars[i])")
            }
        }
        return steps
    }

    private static func parseBracket(_ inner: String) throws(ParseError) -> Step {
        let text = inner.trimmedOfSpaces
        if text == "*" { return .wildcard }
        if text.hasPrefix("?(") && text.hasSuffix(")") { return try parseFilter(String(text.dropFirst(2).dropLast())) }
        if let quote = text.first, quote == "'" || quote == "\"", !text.contains(",") {
            return .field(try unquote(text))
        }
        if text.contains(",") {
            let members = text.split(separator: ",").map { $0.trimmedOfSpaces }
            var union: [[Step]] = []
            for member in members {
                if let quote = member.first, quote == "'" || quote == "\"" { union.append([.field(try unquote(member))]) } else { union.append(try parsePath(member.first == "." ? member : "[" + member + "]")) }
            }
            return .union(union)
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmedOfSpaces }
        guard parts.count <= 3, parts.allSatisfy({ $0.isEmpty || Int($0) != nil }) else {
            throw ParseError(message: "invalid array index \(text)")
        }
        if parts.count == 1 {
            guard let index = Int(parts[0]) else { throw ParseError(message: "invalid array index \(text)") }
            return .slice(start: index, end: index == -1 ? nil : index + 1, step: nil)
        }
        return .slice(start: Int(parts[0]), end: Int(parts[1]), step: parts.count == 3 ? Int(parts[2]) : nil)
    }

    private static func parseFilter(_ text: String) throws(ParseError) -> Step {
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            if let range = text.range(of: op) {
                let left = text[..<range.lowerBound].trimmedOfSpaces
                let right = text[range.upperBound...].trimmedOfSpaces
                return .filter(left: try parseOperandPath(left), op: op, right: try parseOperand(right))
            }
        }
        return .filter(left: try parseOperandPath(text.trimmedOfSpaces), op: "exists", right: nil)
    }

    private static func parseOperandPath(_ text: String) throws(ParseError) -> [Step] {
        guard text.hasPrefix("@") else { throw ParseError(message: "a filter compares @… with a value") }
        return try parsePath(String(text.dropFirst()))
    }

    private static func parseOperand(_ text: String) throws(ParseError) -> Operand {
        if text.hasPrefix("@") { return .path(try parseOperandPath(text)) }
        if let quote = text.first, quote == "'" || quote == "\"" { return .literal(.string(try unquote(text))) }
        if let int = Int(text) { return .literal(.int(int)) }
        if let double = Double(text) { return .literal(.double(double)) }
        if text == "true" || text == "false" { return .literal(.bool(text == "true")) }
        throw ParseError(message: "unrecognized filter value \(text)")
    }

    // MARK: Evaluating

    /// The template's output for `data`: each action's results separated by spaces.
    func execute(_ data: JSONValue) throws(ParseError) -> String {
        var out = ""
        try run(nodes[...], data, into: &out)
        return out
    }

    /// Every result of each action, in order (what custom-columns joins with commas).
    func results(_ data: JSONValue) -> [JSONValue] {
        nodes.flatMap { node -> [JSONValue] in
            guard case .path(let steps) = node else { return [] }
            return Self.evaluate(steps, [data])
        }
    }

    /// The results of each action apart (client-go's `FindResults`: one list per action).
    func resultsByAction(_ data: JSONValue) -> [[JSONValue]] {
        nodes.compactMap { node -> [JSONValue]? in
            guard case .path(let steps) = node else { return nil }
            return Self.evaluate(steps, [data])
        }
    }

    private func run(_ nodes: ArraySlice<Node>, _ data: JSONValue, into out: inout String) throws(ParseError) {
        var index = nodes.startIndex
        while index < nodes.endIndex {
            switch nodes[index] {
            case .text(let text):
                out += text
            case .path(let steps):
                out += Self.evaluate(steps, [data]).map(Self.text).joined(separator: " ")
            case .range(let steps):
                // The body runs once per result, up to the matching {end}.
                var depth = 0
                var end = index + 1
                while end < nodes.endIndex {
                    if case .range = nodes[end] { depth += 1 }
                    if case .end = nodes[end] { if depth == 0 { break }; depth -= 1 }
                    end += 1
                }
                guard end < nodes.endIndex else { throw ParseError(message: "range without end") }
                for item in Self.evaluate(steps, [data]) { try run(nodes[(index + 1)..<end], item, into: &out) }
                index = end
            case .end:
                throw ParseError(message: "not in range, nothing to end")
            }
            index += 1
        }
    }

    static func evaluate(_ steps: [Step], _ input: [JSONValue]) -> [JSONValue] {
        var current = input
        for step in steps { current = apply(step, current) }
        return current
    }

    private static func apply(_ step: Step, _ input: [JSONValue]) -> [JSONValue] {
        var out: [JSONValue] = []
        switch step {
        case .field(let name):
            for value in input { if case .object(let pairs) = value, let found = pairs.first(where: { $0.key == name }) { out.append(found.value) } }
        case .wildcard:
            for value in input {
                switch value {
                case .object(let pairs): out += pairs.map(\.value)
                case .array(let items): out += items
                default: break
                }
            }
        case .recursive:
            func visit(_ value: JSONValue) {
                switch value {
                case .object(let pairs):
                    out.append(value)
                    for pair in pairs { visit(pair.value) }
                case .array(let items):
                    out.append(value)
                    for item in items { visit(item) }
                default:
                    break
                }
            }
            input.forEach(visit)
        case .slice(let start, let end, let stride):
            for value in input {
                guard case .array(let items) = value else { continue }
                var from = start ?? 0, to = end ?? items.count
                if from < 0 { from += items.count }
                if to < 0 { to += items.count }
                from = max(0, min(from, items.count))
                to = max(from, min(to, items.count))
                out += Swift.stride(from: from, to: to, by: max(1, stride ?? 1)).map { items[$0] }
            }
        case .union(let members):
            for member in members { out += evaluate(member, input) }
        case .filter(let left, let op, let right):
            for value in input {
                guard case .array(let items) = value else { continue }
                for item in items {
                    let lefts = evaluate(left, [item])
                    if op == "exists" { if !lefts.isEmpty { out.append(item) }; continue }
                    guard lefts.count == 1, let right else { continue }
                    let rights: [JSONValue]
                    switch right {
                    case .path(let steps): rights = evaluate(steps, [item])
                    case .literal(let literal): rights = [literal]
                    }
                    guard rights.count == 1 else { continue }
                    if compare(lefts[0], op, rights[0]) { out.append(item) }
                }
            }
        }
        return out
    }

    private static func compare(_ a: JSONValue, _ op: String, _ b: JSONValue) -> Bool {
        func number(_ v: JSONValue) -> Double? {
            switch v {
            case .int(let i): return Double(i)
            case .double(let d): return d
            default: return nil
            }
        }
        if let x = number(a), let y = number(b) { return ordered(x, op, y) }
        if case .string(let x) = a, case .string(let y) = b { return ordered(x, op, y) }
        switch op {
        case "==": return a == b
        case "!=": return a != b
        default: return false
        }
    }

    /// Numbers compare as numbers and strings as strings; anything else only for (in)equality.
    private static func ordered<T: Comparable>(_ x: T, _ op: String, _ y: T) -> Bool {
        switch op {
        case "==": return x == y
        case "!=": return x != y
        case "<": return x < y
        case ">": return x > y
        case "<=": return x <= y
        default: return x >= y
        }
    }

    /// How kubectl prints one result: scalars as Go prints them, maps and lists as compact JSON.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return d == d.rounded() && abs(d) < 1e21 ? String(Int(d)) : String(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "<nil>"
        case .array, .object: return JSONSerializer.compact(sortedKeys(value))
        }
    }

    /// Go's encoding/json writes a map's keys sorted.
    private static func sortedKeys(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let pairs): return .object(pairs.sorted { $0.key < $1.key }.map { ($0.key, sortedKeys($0.value)) })
        case .array(let items): return .array(items.map(sortedKeys))
        default: return value
        }
    }
}

/// `kubectl get … -o custom-columns=HEADER:PATH,…`: one row per object through the same tabwriter
/// as the built-in tables; a column with no value shows `<none>`, several values are joined with commas.
struct KubectlCustomColumns {
    let headers: [String]
    let paths: [KubectlJSONPath]

    init(_ spec: String) throws(KubectlJSONPath.ParseError) {
        var headers: [String] = [], paths: [KubectlJSONPath] = []
        for column in spec.split(separator: ",", omittingEmptySubsequences: false) {
            guard let colon = column.firstIndex(of: ":") else {
                throw .init(message: "unexpected custom-columns spec: \(column), expected <header>:<json-path-expr>")
            }
            headers.append(String(column[..<colon]))
            var path = String(column[column.index(after: colon)...])
            if !path.hasPrefix("{") { path = "{" + path + "}" }
            paths.append(try KubectlJSONPath(path))
        }
        self.headers = headers
        self.paths = paths
    }

    func rows(_ objects: [JSONValue]) -> [[String]] {
        objects.map { object in
            paths.map { path in
                let values = path.results(object)
                return values.isEmpty ? "<none>" : values.map(KubectlJSONPath.text).joined(separator: ",")
            }
        }
    }
}

private extension StringProtocol {
    var trimmedOfSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
