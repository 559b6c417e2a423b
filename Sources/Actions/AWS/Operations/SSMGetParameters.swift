import ClusterSim
import JMESPath
import JSON

/// `aws ssm get-parameters --names A B …`: unknown names land in InvalidParameters, not an error.
struct SSMGetParameters: AWSOperation {
    static let service = "ssm"
    static let name = "get-parameters"
    static let apiName = "GetParameters"
    static let parameters = [
        AWSParameter(flag: "names", kind: .list, required: true, member: "Names"),
        AWSParameter(flag: "with-decryption", kind: .boolean, member: "WithDecryption"),
    ]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let catalog = AWSCatalogs.catalog(for: context)
        var found: [JSONValue] = []
        var invalid: [String] = []
        for name in arguments.list("names") ?? [] {
            if let parameter = catalog.parameter(named: name) { found.append(AWSShapes.parameter(parameter)) } else { invalid.append(name) }
        }
        return AWSShapes.object([("Parameters", .array(found)), ("InvalidParameters", AWSShapes.strings(invalid))])
    }
}
