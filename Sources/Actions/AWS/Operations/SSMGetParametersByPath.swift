import ClusterSim
import JMESPath
import JSON

/// `aws ssm get-parameters-by-path --path P [--recursive]` (awscli pages through every result).
struct SSMGetParametersByPath: AWSOperation {
    static let service = "ssm"
    static let name = "get-parameters-by-path"
    static let apiName = "GetParametersByPath"
    static let parameters = [
        AWSParameter(flag: "path", kind: .string, required: true, member: "Path"),
        AWSParameter(flag: "recursive", kind: .boolean, member: "Recursive"),
        AWSParameter(flag: "with-decryption", kind: .boolean, member: "WithDecryption"),
        AWSParameter(flag: "max-results", kind: .integer, member: "MaxResults"),
    ]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let path = arguments.string("path")!
        let found = AWSCatalogs.catalog(for: context).parameters(underPath: path, recursive: arguments.bool("recursive") ?? false)
        return AWSShapes.object([("Parameters", .array(found.map(AWSShapes.parameter)))])
    }
}
