import Foundation
import JSON

/// Reads the protobuf bodies typed Kubernetes clients send (`kubectl create namespace|deployment|
/// configmap|secret|service|serviceaccount|poddisruptionbudget`, which client-go encodes as
/// `application/vnd.kubernetes.protobuf` with no JSON fallback) into the JSON the store takes.
/// The envelope is `k8s\0` and a `runtime.Unknown` naming the type; the message is read with its
/// schema (``schemas``, generated from the API's .proto files).
enum KubernetesProtobuf {
    indirect enum FieldType: Sendable {
        case string, bytes, bool, int, double, float
        case intOrString, quantity, time, raw, duration
        case message(String)
        case map(FieldType)
    }

    struct Field: Sendable {
        let name: String
        let type: FieldType
        let repeated: Bool
        init(_ name: String, _ type: FieldType, repeated: Bool = false) {
            self.name = name
            self.type = type
            self.repeated = repeated
        }
    }

    struct Failure: Error {
        let message: String
    }

    /// Fields whose zero is a choice (Go pointers) rather than an unset value the encoder writes anyway.
    static let zeroMatters: Set<String> = ["replicas"]

    /// The object a `k8s\0` body carries, as JSON with `apiVersion` and `kind`.
    static func decode(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        guard bytes.count >= 4, Array(bytes[0..<4]) == [0x6b, 0x38, 0x73, 0x00] else { throw Failure(message: "missing the k8s protobuf prefix") }
        var apiVersion = "", kind = "", raw: [UInt8] = []
        var reader = Reader(bytes: bytes, position: 4, end: bytes.count)
        while let (number, wire) = try reader.key() {
            switch (number, wire) {
            case (1, 2):
                var typeMeta = try reader.nested()
                while let (field, fieldWire) = try typeMeta.key() {
                    if field == 1, fieldWire == 2 { apiVersion = try typeMeta.string() }
                    else if field == 2, fieldWire == 2 { kind = try typeMeta.string() }
                    else { try typeMeta.skip(fieldWire) }
                }
            case (2, 2): raw = try reader.lengthDelimited()
            default: try reader.skip(wire)
            }
        }
        let package = apiVersion == "v1" ? "core/v1" : apiVersion
        let name = "\(package).\(kind)"
        guard schemas[name] != nil else { throw Failure(message: "no protobuf schema for \(apiVersion) \(kind)") }
        var message = Reader(bytes: raw, position: 0, end: raw.count)
        guard case .object(let fields) = try read(&message, schema: name) else { throw Failure(message: "not an object") }
        return .object([("apiVersion", .string(apiVersion)), ("kind", .string(kind))] + fields)
    }

    /// One message: fields in the order they came, repeated ones gathered, empty values (which the
    /// encoder writes for every non-pointer field) left out as JSON's omitempty would.
    static func read(_ reader: inout Reader, schema name: String) throws(Failure) -> JSONValue {
        let schema = schemas[name] ?? [:]
        var fields: [(key: String, value: JSONValue)] = []
        func put(_ key: String, _ value: JSONValue, repeated: Bool) {
            if let index = fields.firstIndex(where: { $0.key == key }) {
                if repeated, case .array(let items) = fields[index].value { fields[index].value = .array(items + [value]) }
                else if case .object(let existing) = fields[index].value, case .object(let more) = value { fields[index].value = .object(existing + more) }
                else { fields[index].value = value }
            } else {
                fields.append((key, repeated ? .array([value]) : value))
            }
        }
        while let (number, wire) = try reader.key() {
            guard let field = schema[number] else {
                try reader.skip(wire)
                continue
            }
            if case .map(let valueType) = field.type {
                var entry = try reader.nested()
                var key = "", value: JSONValue = .string("")
                while let (entryField, entryWire) = try entry.key() {
                    if entryField == 1 { key = try entry.string() } else if entryField == 2 { value = try scalar(&entry, valueType, wire: entryWire) ?? .null } else { try entry.skip(entryWire) }
                }
                put(field.name, .object([(key, value)]), repeated: false)
                continue
            }
            // Packed repeated numbers arrive as one length-delimited run.
            if field.repeated, wire == 2, case .int = field.type {
                var packed = try reader.nested()
                while !packed.atEnd { put(field.name, .int(Int(truncatingIfNeeded: try packed.varint())), repeated: true) }
                continue
            }
            guard let value = try scalar(&reader, field.type, wire: wire) else { continue }
            if !field.repeated, !zeroMatters.contains(field.name), isEmpty(value, field.type) { continue }
            put(field.name, value, repeated: field.repeated)
        }
        return .object(fields)
    }

    private static func isEmpty(_ value: JSONValue, _ type: FieldType) -> Bool {
        switch (value, type) {
        case (.string(let text), .string), (.string(let text), .bytes): return text.isEmpty
        case (.int(0), .int), (.bool(false), .bool), (.double(0), _): return true
        default: return false
        }
    }

    /// A field's value; nil for a value that stands for nothing (a zero time).
    private static func scalar(_ reader: inout Reader, _ type: FieldType, wire: Int) throws(Failure) -> JSONValue? {
        switch type {
        case .string: return .string(try reader.string())
        case .bytes: return .string(Data(try reader.lengthDelimited()).base64EncodedString())
        case .bool: return .bool(try reader.varint() != 0)
        case .int: return .int(Int(truncatingIfNeeded: try reader.varint()))
        case .double: return .double(Double(bitPattern: try reader.fixed64()))
        case .float: return .double(Double(Float(bitPattern: try reader.fixed32())))
        case .message(let name):
            var nested = try reader.nested()
            return try read(&nested, schema: name)
        case .map: return nil
        case .quantity:
            var nested = try reader.nested()
            var text = ""
            while let (field, fieldWire) = try nested.key() { if field == 1 { text = try nested.string() } else { try nested.skip(fieldWire) } }
            return .string(text)
        case .intOrString:
            var nested = try reader.nested()
            var kind = 0, number = 0, text = ""
            while let (field, fieldWire) = try nested.key() {
                switch field {
                case 1: kind = Int(try nested.varint())
                case 2: number = Int(truncatingIfNeeded: try nested.varint())
                case 3: text = try nested.string()
                default: try nested.skip(fieldWire)
                }
            }
            return kind == 1 ? .string(text) : .int(number)
        case .time:
            var nested = try reader.nested()
            var seconds = 0
            while let (field, fieldWire) = try nested.key() { if field == 1 { seconds = Int(truncatingIfNeeded: try nested.varint()) } else { try nested.skip(fieldWire) } }
            guard seconds != 0 else { return nil }
            let formatter = ISO8601DateFormatter()
            return .string(formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))))
        case .duration:
            var nested = try reader.nested()
            var nanoseconds = 0
            while let (field, fieldWire) = try nested.key() { if field == 1 { nanoseconds = Int(truncatingIfNeeded: try nested.varint()) } else { try nested.skip(fieldWire) } }
            return .string("\(nanoseconds / 1_000_000_000)s")
        case .raw:
            var nested = try reader.nested()
            var raw: [UInt8] = []
            while let (field, fieldWire) = try nested.key() { if field == 1 { raw = try nested.lengthDelimited() } else { try nested.skip(fieldWire) } }
            return (try? JSONParser.parse(String(decoding: raw, as: UTF8.self))) ?? .null
        }
    }

    /// A bounded view of protobuf bytes.
    struct Reader {
        let bytes: [UInt8]
        var position: Int
        let end: Int

        var atEnd: Bool { position >= end }

        /// The next field's number and wire type, nil at the end.
        mutating func key() throws(Failure) -> (Int, Int)? {
            guard !atEnd else { return nil }
            let key = try varint()
            return (Int(key >> 3), Int(key & 7))
        }

        mutating func varint() throws(Failure) -> UInt64 {
            var result: UInt64 = 0, shift: UInt64 = 0
            while true {
                guard position < end, shift < 64 else { throw Failure(message: "truncated varint") }
                let byte = bytes[position]
                position += 1
                result |= UInt64(byte & 0x7f) << shift
                if byte & 0x80 == 0 { return result }
                shift += 7
            }
        }

        mutating func fixed64() throws(Failure) -> UInt64 {
            guard position + 8 <= end else { throw Failure(message: "truncated fixed64") }
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
            position += 8
            return value
        }

        mutating func fixed32() throws(Failure) -> UInt32 {
            guard position + 4 <= end else { throw Failure(message: "truncated fixed32") }
            var value: UInt32 = 0
            for index in 0..<4 { value |= UInt32(bytes[position + index]) << (8 * UInt32(index)) }
            position += 4
            return value
        }

        mutating func lengthDelimited() throws(Failure) -> [UInt8] {
            let length = Int(try varint())
            guard length >= 0, position + length <= end else { throw Failure(message: "truncated field") }
            defer { position += length }
            return Array(bytes[position..<(position + length)])
        }

        /// A reader over the next length-delimited field, which this one then skips.
        mutating func nested() throws(Failure) -> Reader {
            let length = Int(try varint())
            guard length >= 0, position + length <= end else { throw Failure(message: "truncated message") }
            defer { position += length }
            return Reader(bytes: bytes, position: position, end: position + length)
        }

        mutating func string() throws(Failure) -> String { String(decoding: try lengthDelimited(), as: UTF8.self) }

        mutating func skip(_ wire: Int) throws(Failure) {
            switch wire {
            case 0: _ = try varint()
            case 1: _ = try fixed64()
            case 2: _ = try lengthDelimited()
            case 5: _ = try fixed32()
            default: throw Failure(message: "unsupported wire type \(wire)")
            }
        }
    }
}
