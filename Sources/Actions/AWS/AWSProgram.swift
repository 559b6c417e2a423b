import ClusterSim
import JMESPath
import JSON

/// `aws`: awscli v1's command line, run natively against the simulated cluster.
public struct AWSProgram: Program {
    public let name = "aws"

    public init() {}

    /// Every operation Workshop runs natively, by service.
    static let operations: [String: [any AWSOperation.Type]] = [
        "ssm": [SSMGetParameter.self, SSMGetParameters.self, SSMGetParametersByPath.self],
        "eks": [EKSListClusters.self, EKSDescribeCluster.self, EKSListNodegroups.self, EKSDescribeNodegroup.self,
                EKSUpdateNodegroupVersion.self, EKSUpdateNodegroupConfig.self, EKSDescribeUpdate.self, EKSListUpdates.self,
                EKSUpdateClusterVersion.self, EKSListAddons.self, EKSDescribeAddon.self, EKSDescribeAddonVersions.self, EKSUpdateAddon.self,
                EKSCreateAddon.self, EKSDeleteAddon.self,
                EKSListInsights.self, EKSDescribeInsight.self],
        "ec2": [EC2DescribeInstances.self],
        "autoscaling": [AutoscalingDescribeAutoScalingGroups.self],
    ]

    static let globalOptionsWithValues: Set<String> = ["--region", "--output", "--query", "--profile", "--endpoint-url",
                                                       "--cli-input-json", "--color", "--cli-read-timeout",
                                                       "--cli-connect-timeout", "--ca-bundle"]
    static let globalFlags: Set<String> = ["--no-cli-pager", "--no-paginate", "--debug", "--no-verify-ssl", "--no-sign-request"]
    static let outputs = ["json", "text", "table"]

    struct Globals {
        var region: String?
        var output = "json"
        var query: JMESPathExpression?
        var cliInputJSON: JSONValue?
    }

    public func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        // Global options may stand anywhere on the line.
        var globals = Globals()
        var rest: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let (flag, inlineValue) = Self.splitFlag(argument)
            if Self.globalOptionsWithValues.contains(flag) {
                guard let value = inlineValue ?? (index + 1 < arguments.count ? arguments[index + 1] : nil) else {
                    context.err(AWSUsage.header + "aws: error: argument \(flag): expected one argument\n")
                    return AWSUsage.status
                }
                if inlineValue == nil { index += 1 }
                switch flag {
                case "--region": globals.region = value
                case "--output":
                    guard Self.outputs.contains(value) else {
                        context.err(AWSUsage.invalidChoice(argument: "--output", value: value, choices: Self.outputs))
                        return AWSUsage.status
                    }
                    globals.output = value
                case "--query":
                    do {
                        globals.query = try JMESPathExpression(value)
                    } catch {
                        context.err("\nBad value for --query \(value): \(error)\n\n")
                        return 255
                    }
                case "--cli-input-json":
                    guard let parsed = try? JSONParser.parse(value) else {
                        context.err("\nError parsing parameter 'cli-input-json': Invalid JSON: \(value)\n")
                        return 255
                    }
                    globals.cliInputJSON = parsed
                default: break
                }
            } else if Self.globalFlags.contains(flag) {
                // Nothing to do: no pager, no real pagination, no debug log.
            } else {
                rest.append(argument)
            }
            index += 1
        }
        guard let service = rest.first else {
            context.err(AWSUsage.header + "aws: error: the following arguments are required: command\n")
            return AWSUsage.status
        }
        guard let operations = Self.operations[service] else {
            if AWSCommandNames.services.contains(service) {
                context.err("not available in the simulated cluster: aws \(service)\n")
                return Session.unavailableStatus
            }
            context.err(AWSUsage.invalidChoice(argument: "command", value: service, choices: AWSCommandNames.services))
            return AWSUsage.status
        }
        guard rest.count >= 2 else {
            context.err(AWSUsage.header + "aws: error: the following arguments are required: operation\n")
            return AWSUsage.status
        }
        let operationName = rest[1]
        let region = globals.region ?? context.environment["AWS_DEFAULT_REGION"]
        if service == "eks" && operationName == "wait" {
            return AWSWaiter.run(Array(rest.dropFirst(2)), region: region, globals: globals, context: context)
        }
        guard let operation = operations.first(where: { $0.name == operationName }) else {
            let choices = service == "eks" ? AWSCommandNames.eks : service == "ssm" ? AWSCommandNames.ssm : operations.map { $0.name }
            if choices.contains(operationName) || service == "ec2" || service == "autoscaling" {
                context.err("not available in the simulated cluster: aws \(service) \(operationName)\n")
                return Session.unavailableStatus
            }
            context.err(AWSUsage.invalidChoice(argument: "operation", value: operationName, choices: choices))
            return AWSUsage.status
        }
        guard let region else {
            context.err("You must specify a region. You can also configure your region by running \"aws configure\".\n")
            return 255
        }
        let parsed: AWSArguments
        switch Self.parse(Array(rest.dropFirst(2)), parameters: operation.parameters, cliInputJSON: globals.cliInputJSON) {
        case .success(let arguments): parsed = arguments
        case .failure(let failure):
            context.err(failure.text)
            return failure.status
        }
        do {
            let response = try operation.invoke(parsed, AWSCallContext(simulator: context.simulator, region: region))
            return Self.render(response, globals: globals, title: operation.apiName, context: context)
        } catch {
            context.err("\nAn error occurred (\(error.code)) when calling the \(operation.apiName) operation: \(error.message)\n")
            return 255
        }
    }

    static func splitFlag(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    /// Prints a response in the chosen output, after `--query`; `title` is the operation's API name
    /// (the table's title).
    static func render(_ response: JSONValue, globals: Globals, title: String, context: ProgramContext) -> Int32 {
        var result = response
        if let query = globals.query {
            do {
                result = try query.search(response)
            } catch {
                context.err("\n\(error)\n")
                return 255
            }
        }
        switch globals.output {
        case "table":
            do {
                context.out(try AWSTableFormatter.render(result, title: title))
            } catch {
                context.err("\n\(error.message)\n")
                return 255
            }
        case "text":
            do {
                context.out(try AWSTextFormatter.render(result))
            } catch {
                context.out(error.partialOutput)
                context.err("\n\(error.message)\n")
                return 255
            }
        default:
            // awscli prints nothing for an empty response and a null query result.
            if case .object(let pairs) = result, pairs.isEmpty, globals.query == nil { return 0 }
            if result == .null && globals.query != nil { return 0 }
            context.out(JSONSerializer.pretty(result) + "\n")
        }
        return 0
    }

    struct ParseFailure: Error {
        var text: String
        var status: Int32
    }

    /// awscli's parameter parsing: `--flag value`, `--flag=value`, booleans `--x`/`--no-x`, lists,
    /// structures as JSON or shorthand (`minSize=1,maxSize=3`).
    static func parse(_ arguments: [String], parameters: [AWSParameter], cliInputJSON: JSONValue?) -> Result<AWSArguments, ParseFailure> {
        var parsed = AWSArguments()
        if case .object(let pairs)? = cliInputJSON {
            for pair in pairs {
                if let parameter = parameters.first(where: { $0.member == pair.key }) { parsed.values[parameter.flag] = pair.value }
            }
        }
        var unknown: [String] = []
        var index = 0
        while index < arguments.count {
            let (flag, inline) = splitFlag(arguments[index])
            index += 1
            guard flag.hasPrefix("--") else {
                unknown.append(arguments[index - 1])
                continue
            }
            let name = String(flag.dropFirst(2))
            if let parameter = parameters.first(where: { $0.flag == name }) {
                switch parameter.kind {
                case .boolean:
                    parsed.values[name] = .bool(true)
                case .filters:
                    var items: [JSONValue] = []
                    var words: [String] = inline.map { [$0] } ?? []
                    while inline == nil, index < arguments.count, !arguments[index].hasPrefix("--") {
                        words.append(arguments[index])
                        index += 1
                    }
                    for word in words {
                        if let json = try? JSONParser.parse(word), case .array(let list) = json {
                            items += list
                            continue
                        }
                        // Name=tag:eks:nodegroup-name,Values=default,other
                        guard let nameRange = word.range(of: "Name="), let valuesRange = word.range(of: ",Values=") else {
                            return .failure(ParseFailure(text: "\nError parsing parameter '--\(name)': Expected: 'Name=…,Values=…', received: '\(word)'\n", status: 255))
                        }
                        let filterName = String(word[nameRange.upperBound..<valuesRange.lowerBound])
                        let values = word[valuesRange.upperBound...].split(separator: ",").map { JSONValue.string(String($0)) }
                        items.append(.object([("Name", .string(filterName)), ("Values", .array(values))]))
                    }
                    parsed.values[name] = .array(items)
                case .list:
                    var items: [JSONValue] = inline.map { [.string($0)] } ?? []
                    while inline == nil, index < arguments.count, !arguments[index].hasPrefix("--") {
                        items.append(.string(arguments[index]))
                        index += 1
                    }
                    if items.isEmpty {
                        return .failure(ParseFailure(text: AWSUsage.header + "aws: error: argument --\(name): expected at least one argument\n", status: 2))
                    }
                    parsed.values[name] = .array(items)
                default:
                    guard let value = inline ?? (index < arguments.count ? arguments[index] : nil) else {
                        return .failure(ParseFailure(text: AWSUsage.header + "aws: error: argument --\(name): expected one argument\n", status: 2))
                    }
                    if inline == nil { index += 1 }
                    switch parameter.kind {
                    case .integer:
                        guard let number = Int(value) else {
                            return .failure(ParseFailure(text: "\nInvalid value for parameter --\(name): \(value)\n", status: 255))
                        }
                        parsed.values[name] = .int(number)
                    case .structure:
                        guard let structure = structure(value) else {
                            return .failure(ParseFailure(text: "\nError parsing parameter '--\(name)': Expected: '=', received: 'EOF' for input:\n\(value)\n", status: 255))
                        }
                        parsed.values[name] = structure
                    default:
                        parsed.values[name] = .string(value)
                    }
                }
            } else if name.hasPrefix("no-"), let parameter = parameters.first(where: { $0.flag == String(name.dropFirst(3)) && $0.kind == .boolean }) {
                parsed.values[parameter.flag] = .bool(false)
            } else {
                unknown.append(arguments[index - 1])
                if inline == nil, index < arguments.count, !arguments[index].hasPrefix("--") {
                    unknown.append(arguments[index])
                    index += 1
                }
            }
        }
        let missing = parameters.filter { $0.required && parsed.values[$0.flag] == nil }.map { "--\($0.flag)" }
        if !missing.isEmpty { return .failure(ParseFailure(text: AWSUsage.missing(missing), status: AWSUsage.status)) }
        if !unknown.isEmpty { return .failure(ParseFailure(text: AWSUsage.unknownOptions(unknown), status: 255)) }
        return .success(parsed)
    }

    /// A structure argument: JSON, or awscli shorthand `key=value,key2=value2` (numbers become numbers).
    static func structure(_ text: String) -> JSONValue? {
        let trimmed = text.trimmingLeadingAndTrailingSpaces()
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") { return try? JSONParser.parse(trimmed) }
        var pairs: [(key: String, value: JSONValue)] = []
        for part in trimmed.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            // `statuses=ERROR,WARNING`: a part without `=` continues the previous key's list.
            if kv.count == 1, !pairs.isEmpty {
                switch pairs[pairs.count - 1].value {
                case .array(let items): pairs[pairs.count - 1].value = .array(items + [.string(kv[0])])
                case let single: pairs[pairs.count - 1].value = .array([single, .string(kv[0])])
                }
                continue
            }
            guard kv.count == 2, !kv[0].isEmpty else { return nil }
            let value: JSONValue = Int(kv[1]).map { .int($0) } ?? (kv[1] == "true" ? .bool(true) : kv[1] == "false" ? .bool(false) : .string(kv[1]))
            pairs.append((kv[0], value))
        }
        return pairs.isEmpty ? nil : .object(pairs)
    }
}
