import Actions
import ClusterSim
import JSON

/// The form-encoded protocols: EC2's (`InstanceId.1=…`, replies in lowerCamel XML with `<item>` list
/// entries, no result wrapper) and Auto Scaling's `query` (`Names.member.1=…`, PascalCase replies in
/// an `<OperationResult>` wrapper with `<member>` entries). Their errors are XML documents too.
enum QueryProtocol {
    enum Dialect {
        case ec2, query

        var service: String { self == .ec2 ? "ec2" : "autoscaling" }
        var namespace: String { self == .ec2 ? "http://ec2.amazonaws.com/doc/2016-11-15/" : "http://autoscaling.amazonaws.com/doc/2011-01-01/" }
    }

    static func handle(_ request: WireRequest, form: [(String, String)], dialect: Dialect, host: SimulationHost, region: String) -> WireResponse {
        guard let action = form.first(where: { $0.0 == "Action" })?.1, !action.isEmpty else {
            return error(ServiceError(code: "MissingAction", message: "The request must contain the parameter Action", httpStatus: 400), dialect)
        }
        guard AWSServiceAPI.supports(service: dialect.service, operation: action) else {
            return error(ServiceError(code: "InvalidAction", message: "\(action) is not available in Workshop's simulated \(dialect.service) yet", httpStatus: 400), dialect)
        }
        let input: JSONValue
        do {
            input = try decode(form.filter { $0.0 != "Action" && $0.0 != "Version" }, dialect: dialect)
        } catch {
            return self.error(error, dialect)
        }
        let result = host.access { simulator in
            AWSServiceAPI.call(service: dialect.service, operation: action, input: input, simulator: simulator, region: region)
        }
        switch result {
        case .failure(let failure): return error(failure, dialect)
        case .success(let reply):
            var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<\(action)Response xmlns=\"\(dialect.namespace)\">"
            if dialect == .ec2 {
                xml += "<requestId>\(requestId)</requestId>"
                encode(reply, dialect: dialect, into: &xml)
            } else {
                xml += "<\(action)Result>"
                encode(reply, dialect: dialect, into: &xml)
                xml += "</\(action)Result><ResponseMetadata><RequestId>\(requestId)</RequestId></ResponseMetadata>"
            }
            xml += "</\(action)Response>"
            return .complete(status: 200, headers: [("Content-Type", "text/xml;charset=UTF-8")], body: xml)
        }
    }

    static let requestId = "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE"

    // MARK: Requests

    /// `Filter.1.Name=a&Filter.1.Value.1=b` → `{"Filters":[{"Name":"a","Values":["b"]}]}` (EC2's
    /// singular wire names become the members' plural ones); `X.member.1` is an entry of list X.
    static func decode(_ pairs: [(String, String)], dialect: Dialect) throws(ServiceError) -> JSONValue {
        var root = Node.object([:])
        for (key, value) in pairs {
            var path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init).filter { $0 != "member" }
            guard !path.contains(where: \.isEmpty), path.count <= 8 else {
                throw ServiceError(code: "InvalidParameterValue", message: "Malformed parameter name: \(key)", httpStatus: 400)
            }
            if dialect == .ec2 { path = path.map { ec2Members[$0] ?? $0 } }
            try root.insert(path[...], value, key: key)
        }
        return root.json
    }

    static let ec2Members = ["InstanceId": "InstanceIds", "Filter": "Filters", "Value": "Values"]

    /// A form's values as a tree: numbered segments are list positions (1-based, in any order).
    indirect enum Node {
        case leaf(String)
        case object([String: Node])
        case list([Int: Node])

        mutating func insert(_ path: ArraySlice<String>, _ value: String, key: String) throws(ServiceError) {
            guard let head = path.first else {
                self = .leaf(value)
                return
            }
            let malformed = ServiceError(code: "InvalidParameterValue", message: "Malformed parameter name: \(key)", httpStatus: 400)
            if let index = Int(head) {
                guard index >= 1, index <= 1000 else { throw malformed }
                var items: [Int: Node]
                switch self {
                case .list(let existing): items = existing
                case .object(let fields) where fields.isEmpty: items = [:]
                default: throw malformed
                }
                var child = items[index] ?? .object([:])
                try child.insert(path.dropFirst(), value, key: key)
                items[index] = child
                self = .list(items)
            } else {
                guard case .object(var fields) = self else { throw malformed }
                var child = fields[head] ?? .object([:])
                try child.insert(path.dropFirst(), value, key: key)
                fields[head] = child
                self = .object(fields)
            }
        }

        var json: JSONValue {
            switch self {
            case .leaf(let text): return .string(text)
            case .object(let fields): return .object(fields.keys.sorted().map { ($0, fields[$0]!.json) })
            case .list(let items): return .array(items.keys.sorted().map { items[$0]!.json })
            }
        }
    }

    // MARK: Replies

    /// EC2's element names: the model's `locationName`s (lists end in `Set`, `State` is `instanceState`).
    static let ec2Elements = ["Reservations": "reservationSet", "Instances": "instancesSet", "Groups": "groupSet", "Tags": "tagSet",
                              "State": "instanceState", "NextToken": "nextToken"]

    static func encode(_ value: JSONValue, dialect: Dialect, into xml: inout String) {
        switch value {
        case .object(let pairs):
            for (key, member) in pairs where member != .null {
                let name = dialect == .ec2 ? ec2Elements[key] ?? (key.prefix(1).lowercased() + key.dropFirst()) : key
                xml += "<\(name)>"
                encode(member, dialect: dialect, into: &xml)
                xml += "</\(name)>"
            }
        case .array(let items):
            let entry = dialect == .ec2 ? "item" : "member"
            for item in items {
                xml += "<\(entry)>"
                encode(item, dialect: dialect, into: &xml)
                xml += "</\(entry)>"
            }
        case .string(let text): xml += escape(text)
        case .int(let number): xml += String(number)
        case .double(let number): xml += JSONSerializer.number(number)
        case .bool(let flag): xml += flag ? "true" : "false"
        case .null: break
        }
    }

    static func escape(_ text: String) -> String { XMLText.escape(text) }

    static func error(_ error: ServiceError, _ dialect: Dialect) -> WireResponse {
        let body: String
        if dialect == .ec2 {
            body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>\(escape(error.code))</Code><Message>\(escape(error.message))</Message></Error></Errors><RequestID>\(requestId)</RequestID></Response>"
        } else {
            body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"\(dialect.namespace)\"><Error><Type>Sender</Type><Code>\(escape(error.code))</Code><Message>\(escape(error.message))</Message></Error><RequestId>\(requestId)</RequestId></ErrorResponse>"
        }
        return .complete(status: error.httpStatus >= 400 && error.httpStatus < 500 ? error.httpStatus : 400,
                         headers: [("Content-Type", "text/xml;charset=UTF-8")], body: body)
    }
}
