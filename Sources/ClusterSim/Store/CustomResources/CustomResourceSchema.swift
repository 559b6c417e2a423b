import JSON

/// A custom resource checked against its version's `openAPIV3Schema`, as the API server does on
/// every write: fields the schema does not know are pruned (a client asking for strict field
/// validation — kubectl does — is refused them instead), nulls the schema does not allow are
/// dropped, `default`s are filled in, and what is left is validated with kube-openapi's messages.
public enum CustomResourceSchema {
    /// The object's fields (no `apiVersion`, `kind`, `metadata`) pruned and defaulted, and the
    /// paths of the fields pruned (`spec.colour`), sorted: what strict validation reports.
    public static func prepare(_ body: JSONValue, schema: JSONValue?) -> (body: JSONValue, unknown: [String]) {
        guard let schema else { return (body, []) }
        var unknown: [String] = []
        guard case .object(let fields) = body else { return (body, []) }
        let properties = schema["properties"]
        let preserve = schema["x-kubernetes-preserve-unknown-fields"] == .bool(true)
        var kept: [(key: String, value: JSONValue)] = []
        for (key, value) in fields {
            if let property = properties?[key] {
                if let prepared = prepare(value, schema: property, path: key, unknown: &unknown) { kept.append((key, prepared)) }
            } else if preserve {
                kept.append((key, value))
            } else {
                unknown.append(key)
            }
        }
        kept = defaults(kept, schema: schema, skipping: ["apiVersion", "kind", "metadata"])
        return (.object(kept), unknown.sorted())
    }

    /// The fields' problems, as `path: message` (kube-openapi's wording, apimachinery's field errors).
    public static func validate(_ body: JSONValue, schema: JSONValue?) -> [StoreError.FieldError] {
        guard let schema, case .object(let fields) = body else { return [] }
        var errors: [StoreError.FieldError] = []
        let properties = schema["properties"]
        for name in requiredFields(schema) where !["apiVersion", "kind", "metadata"].contains(name) && body[name] == nil {
            errors.append(.init(field: name, message: "Required value"))
        }
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            if let property = properties?[key] { check(value, schema: property, path: key, into: &errors) }
        }
        return errors
    }

    // MARK: Pruning and defaulting

    /// The value with unknown fields pruned below it (their paths added to `unknown`) and defaults
    /// filled in; nil when it is a null the schema does not allow (it is dropped).
    static func prepare(_ value: JSONValue, schema: JSONValue, path: String, unknown: inout [String]) -> JSONValue? {
        if value == .null { return schema["nullable"] == .bool(true) ? value : nil }
        let preserve = schema["x-kubernetes-preserve-unknown-fields"] == .bool(true)
        switch value {
        case .object(let fields):
            // An embedded object's apiVersion, kind and metadata are its own.
            let embedded = schema["x-kubernetes-embedded-resource"] == .bool(true)
            let properties = schema["properties"]
            let additional = schema["additionalProperties"]
            var kept: [(key: String, value: JSONValue)] = []
            for (key, field) in fields {
                let fieldPath = "\(path).\(key)"
                if let property = properties?[key] {
                    if let prepared = prepare(field, schema: property, path: fieldPath, unknown: &unknown) { kept.append((key, prepared)) }
                } else if case .object? = additional, let additional {
                    if let prepared = prepare(field, schema: additional, path: fieldPath, unknown: &unknown) { kept.append((key, prepared)) }
                } else if preserve || additional == .bool(true) || (embedded && ["apiVersion", "kind", "metadata"].contains(key)) {
                    kept.append((key, field))
                } else if properties == nil && additional == nil && schema["type"] == nil {
                    // No structure below (an int-or-string, say): nothing to prune against.
                    kept.append((key, field))
                } else {
                    unknown.append(fieldPath)
                }
            }
            return .object(defaults(kept, schema: schema, skipping: []))
        case .array(let items):
            guard let itemSchema = schema["items"] else { return value }
            return .array(items.enumerated().compactMap { index, item in
                prepare(item, schema: itemSchema, path: "\(path)[\(index)]", unknown: &unknown) ?? (item == .null ? .null : nil)
            })
        default:
            return value
        }
    }

    /// Absent properties with a `default` get it.
    static func defaults(_ fields: [(key: String, value: JSONValue)], schema: JSONValue, skipping: Set<String>) -> [(key: String, value: JSONValue)] {
        guard case .object(let properties)? = schema["properties"] else { return fields }
        var fields = fields
        for (name, property) in properties where !skipping.contains(name) && !fields.contains(where: { $0.key == name }) {
            if let value = property["default"] { fields.append((name, value)) }
        }
        return fields
    }

    // MARK: Validation

    static func requiredFields(_ schema: JSONValue) -> [String] {
        guard case .array(let names)? = schema["required"] else { return [] }
        return names.compactMap(\.stringValue)
    }

    /// The JSON type of a value, as kube-openapi names it in errors.
    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .string: "string"
        case .int: "integer"
        case .double(let number): number == number.rounded() && abs(number) < 1e15 ? "integer" : "number"
        case .bool: "boolean"
        case .array: "array"
        case .object: "object"
        case .null: "null"
        }
    }

    /// Go's `%v` of a value in "Invalid value: …" (strings quoted).
    static func shown(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .int(let number): String(number)
        case .double(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .bool(let flag): flag ? "true" : "false"
        default: "\"\(typeName(value))\""
        }
    }

    static func check(_ value: JSONValue, schema: JSONValue, path: String, into errors: inout [StoreError.FieldError]) {
        if value == .null, schema["nullable"] == .bool(true) { return }
        let actual = typeName(value)
        if schema["x-kubernetes-int-or-string"] == .bool(true) {
            if actual != "integer" && actual != "string" {
                errors.append(.init(field: path, message: "Invalid value: \"\(actual)\": \(path) in body must be of type integer,string: \"\(actual)\""))
            }
        } else if let type = schema["type"]?.stringValue {
            let matches = type == actual || (type == "number" && actual == "integer")
            guard matches else {
                errors.append(.init(field: path, message: "Invalid value: \"\(actual)\": \(path) in body must be of type \(type): \"\(actual)\""))
                return
            }
        }
        if case .array(let allowed)? = schema["enum"], !allowed.contains(value) {
            let values = allowed.map { $0.stringValue.map { "\"\($0)\"" } ?? JSONSerializer.compact($0) }.joined(separator: ", ")
            errors.append(.init(field: path, message: "Unsupported value: \(shown(value)): supported values: \(values)"))
        }
        switch value {
        case .int, .double:
            let number = value.number ?? 0
            if let minimum = schema["minimum"]?.number {
                let exclusive = schema["exclusiveMinimum"] == .bool(true)
                if exclusive ? number <= minimum : number < minimum {
                    errors.append(.init(field: path, message: "Invalid value: \(shown(value)): \(path) in body should be greater than \(exclusive ? "" : "or equal to ")\(shown(schema["minimum"]!))"))
                }
            }
            if let maximum = schema["maximum"]?.number {
                let exclusive = schema["exclusiveMaximum"] == .bool(true)
                if exclusive ? number >= maximum : number > maximum {
                    errors.append(.init(field: path, message: "Invalid value: \(shown(value)): \(path) in body should be less than \(exclusive ? "" : "or equal to ")\(shown(schema["maximum"]!))"))
                }
            }
        case .string(let text):
            let length = text.count
            if let maximum = schema["maxLength"]?.integer, length > maximum {
                errors.append(.init(field: path, message: "Too long: may not be more than \(maximum) bytes"))
            }
            if let minimum = schema["minLength"]?.integer, length < minimum {
                errors.append(.init(field: path, message: "Invalid value: \(shown(value)): \(path) in body should be at least \(minimum) chars long"))
            }
            if let pattern = schema["pattern"]?.stringValue, let regex = try? Regex(pattern), (try? regex.firstMatch(in: text)) == nil {
                errors.append(.init(field: path, message: "Invalid value: \(shown(value)): \(path) in body should match '\(pattern)'"))
            }
        case .array(let items):
            if let maximum = schema["maxItems"]?.integer, items.count > maximum {
                errors.append(.init(field: path, message: "Too many: \(items.count): must have at most \(maximum) items"))
            }
            if let minimum = schema["minItems"]?.integer, items.count < minimum {
                errors.append(.init(field: path, message: "Invalid value: \(items.count): \(path) in body should have at least \(minimum) items"))
            }
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { check(item, schema: itemSchema, path: "\(path)[\(index)]", into: &errors) }
            }
        case .object(let fields):
            for name in requiredFields(schema) where value[name] == nil {
                errors.append(.init(field: "\(path).\(name)", message: "Required value"))
            }
            let properties = schema["properties"], additional = schema["additionalProperties"]
            for (key, field) in fields.sorted(by: { $0.key < $1.key }) {
                if let property = properties?[key] {
                    check(field, schema: property, path: "\(path).\(key)", into: &errors)
                } else if case .object? = additional, let additional {
                    check(field, schema: additional, path: "\(path).\(key)", into: &errors)
                }
            }
        default:
            break
        }
    }
}
