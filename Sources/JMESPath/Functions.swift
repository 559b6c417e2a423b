import JSON
/// JMESPath's built-in functions, with the specification's argument type checks.
enum Functions {
    private static func invalidType(_ name: String, _ expected: String, _ got: JSONValue) -> JMESPathError {
        JMESPathError(kind: .invalidType, message: "\(name)() expected \(expected), received \(got.typeName)")
    }

    private static func arity(_ name: String, _ arguments: [ExpressionNode], _ count: Int, variadic: Bool = false) throws(JMESPathError) {
        if variadic ? arguments.count < count : arguments.count != count {
            throw JMESPathError(kind: .invalidArity,
                                message: "\(name)() takes \(variadic ? "at least " : "")\(count) argument\(count == 1 ? "" : "s") but received \(arguments.count)")
        }
    }

    static let names: Set<String> = ["abs", "avg", "ceil", "contains", "ends_with", "floor", "join", "keys", "length", "map", "max",
                                     "max_by", "merge", "min", "min_by", "not_null", "reverse", "sort", "sort_by", "starts_with",
                                     "sum", "to_array", "to_string", "to_number", "type", "values"]

    static func call(_ name: String, _ arguments: [ExpressionNode], _ current: JSONValue) throws(JMESPathError) -> JSONValue {
        guard names.contains(name) else { throw JMESPathError(kind: .unknownFunction, message: "unknown function: \(name)()") }
        func arg(_ i: Int) throws(JMESPathError) -> JSONValue { try Interpreter.evaluate(arguments[i], current) }
        func expref(_ i: Int) throws(JMESPathError) -> ExpressionNode {
            guard case .expref(let node) = arguments[i] else {
                throw JMESPathError(kind: .invalidType, message: "\(name)() expected an expression reference (&expr) as argument \(i + 1)")
            }
            return node
        }
        func numberArg(_ i: Int) throws(JMESPathError) -> JSONValue {
            let v = try arg(i)
            guard v.isNumber else { throw invalidType(name, "a number", v) }
            return v
        }
        func stringArg(_ i: Int) throws(JMESPathError) -> String {
            let v = try arg(i)
            guard case .string(let s) = v else { throw invalidType(name, "a string", v) }
            return s
        }
        func arrayArg(_ i: Int) throws(JMESPathError) -> [JSONValue] {
            let v = try arg(i)
            guard case .array(let a) = v else { throw invalidType(name, "an array", v) }
            return a
        }
        func objectArg(_ i: Int) throws(JMESPathError) -> [(key: String, value: JSONValue)] {
            let v = try arg(i)
            guard case .object(let o) = v else { throw invalidType(name, "an object", v) }
            return o
        }

        switch name {
        case "abs":
            try arity(name, arguments, 1)
            switch try numberArg(0) {
            case .int(let i): return .int(abs(i))
            case .double(let d): return .double(abs(d))
            default: return .null
            }
        case "avg":
            try arity(name, arguments, 1)
            let items = try arrayArg(0)
            guard !items.isEmpty else { return .null }
            var sum = 0.0
            for item in items {
                guard let n = item.number else { throw invalidType(name, "an array of numbers", item) }
                sum += n
            }
            return .double(sum / Double(items.count))
        case "ceil", "floor":
            try arity(name, arguments, 1)
            let n = try numberArg(0).number!
            return integral(name == "ceil" ? n.rounded(.up) : n.rounded(.down))
        case "contains":
            try arity(name, arguments, 2)
            let subject = try arg(0)
            let needle = try arg(1)
            switch subject {
            case .array(let items): return .bool(items.contains(needle))
            case .string(let s):
                guard case .string(let n) = needle else { return .bool(false) }
                return .bool(n.isEmpty || s.unicodeScalars.containsSequence(n.unicodeScalars))
            default: throw invalidType(name, "an array or a string", subject)
            }
        case "ends_with", "starts_with":
            try arity(name, arguments, 2)
            let s = Array(try stringArg(0).unicodeScalars)
            let affix = Array(try stringArg(1).unicodeScalars)
            return .bool(name == "ends_with" ? s.reversed().starts(with: affix.reversed()) : s.starts(with: affix))
        case "join":
            try arity(name, arguments, 2)
            let glue = try stringArg(0)
            var parts: [String] = []
            for item in try arrayArg(1) {
                guard case .string(let s) = item else { throw invalidType(name, "an array of strings", item) }
                parts.append(s)
            }
            return .string(parts.joined(separator: glue))
        case "keys":
            try arity(name, arguments, 1)
            return .array(try objectArg(0).map { .string($0.key) })
        case "values":
            try arity(name, arguments, 1)
            return .array(try objectArg(0).map(\.value))
        case "length":
            try arity(name, arguments, 1)
            switch try arg(0) {
            case .string(let s): return .int(s.unicodeScalars.count)
            case .array(let a): return .int(a.count)
            case .object(let o): return .int(o.count)
            case let other: throw invalidType(name, "a string, array or object", other)
            }
        case "map":
            try arity(name, arguments, 2)
            let node = try expref(0)
            var result: [JSONValue] = []
            for item in try arrayArg(1) { result.append(try Interpreter.evaluate(node, item)) }
            return .array(result)
        case "max", "min":
            try arity(name, arguments, 1)
            let items = try arrayArg(0)
            guard let first = items.first else { return .null }
            let key = try sortKeys(name, items)
            var best = 0
            for i in 1..<items.count where name == "max" ? key[i] > key[best] : key[i] < key[best] { best = i }
            _ = first
            return items[best]
        case "max_by", "min_by", "sort_by":
            try arity(name, arguments, 2)
            let items = try arrayArg(0)
            let node = try expref(1)
            var keys: [JSONValue] = []
            for item in items { keys.append(try Interpreter.evaluate(node, item)) }
            if items.isEmpty { return name == "sort_by" ? .array([]) : .null }
            let sortable = try sortKeys(name, keys)
            if name == "sort_by" {
                let order = sortable.indices.sorted { sortable[$0] < sortable[$1] || (sortable[$0] == sortable[$1] && $0 < $1) }
                return .array(order.map { items[$0] })
            }
            var best = 0
            for i in 1..<items.count where name == "max_by" ? sortable[i] > sortable[best] : sortable[i] < sortable[best] { best = i }
            return items[best]
        case "merge":
            try arity(name, arguments, 1, variadic: true)
            var result: [(key: String, value: JSONValue)] = []
            for i in arguments.indices {
                for pair in try objectArg(i) {
                    if let existing = result.firstIndex(where: { $0.key == pair.key }) { result[existing].value = pair.value } else { result.append(pair) }
                }
            }
            return .object(result)
        case "not_null":
            try arity(name, arguments, 1, variadic: true)
            for i in arguments.indices {
                let v = try arg(i)
                if v != .null { return v }
            }
            return .null
        case "reverse":
            try arity(name, arguments, 1)
            switch try arg(0) {
            case .string(let s): return .string(String(String.UnicodeScalarView(s.unicodeScalars.reversed())))
            case .array(let a): return .array(a.reversed())
            case let other: throw invalidType(name, "a string or an array", other)
            }
        case "sort":
            try arity(name, arguments, 1)
            let items = try arrayArg(0)
            let keys = try sortKeys(name, items)
            let order = keys.indices.sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
            return .array(order.map { items[$0] })
        case "sum":
            try arity(name, arguments, 1)
            var total = 0.0
            var allIntegers = true
            var intTotal = 0
            for item in try arrayArg(0) {
                switch item {
                case .int(let i): intTotal += i; total += Double(i)
                case .double(let d): allIntegers = false; total += d
                default: throw invalidType(name, "an array of numbers", item)
                }
            }
            return allIntegers ? .int(intTotal) : .double(total)
        case "to_array":
            try arity(name, arguments, 1)
            let v = try arg(0)
            if case .array = v { return v }
            return .array([v])
        case "to_string":
            try arity(name, arguments, 1)
            let v = try arg(0)
            if case .string = v { return v }
            return .string(JSONSerializer.compact(v))
        case "to_number":
            try arity(name, arguments, 1)
            let v = try arg(0)
            switch v {
            case .int, .double: return v
            case .string(let s):
                if let parsed = try? JSONParser.parse(s), parsed.isNumber { return parsed }
                if let d = Double(s), !s.lowercased().contains("inf"), !s.lowercased().contains("nan") { return .double(d) }
                return .null
            default: return .null
            }
        case "type":
            try arity(name, arguments, 1)
            return .string(try arg(0).typeName)
        default:
            throw JMESPathError(kind: .unknownFunction, message: "unknown function: \(name)()")
        }
    }

    private static func integral(_ d: Double) -> JSONValue {
        abs(d) < 9e15 ? .int(Int(d)) : .double(d)
    }

    /// Sort keys for arrays of all numbers or all strings (code point order), else invalid-type.
    private enum SortKey: Comparable {
        case number(Double)
        case string([UInt32])

        static func < (a: SortKey, b: SortKey) -> Bool {
            switch (a, b) {
            case let (.number(x), .number(y)): return x < y
            case let (.string(x), .string(y)): return x.lexicographicallyPrecedes(y)
            default: return false
            }
        }
    }

    private static func sortKeys(_ name: String, _ values: [JSONValue]) throws(JMESPathError) -> [SortKey] {
        guard let first = values.first else { return [] }
        let wantsNumbers = first.isNumber
        var keys: [SortKey] = []
        for value in values {
            if wantsNumbers, let n = value.number {
                keys.append(.number(n))
            } else if !wantsNumbers, case .string(let s) = value {
                keys.append(.string(s.unicodeScalars.map(\.value)))
            } else {
                throw invalidType(name, "an array of numbers or an array of strings", value)
            }
        }
        return keys
    }
}

extension String.UnicodeScalarView {
    func containsSequence(_ needle: String.UnicodeScalarView) -> Bool {
        let hay = Array(self), n = Array(needle)
        guard n.count <= hay.count else { return false }
        for start in 0...(hay.count - n.count) where Array(hay[start..<start + n.count]) == n { return true }
        return false
    }
}
