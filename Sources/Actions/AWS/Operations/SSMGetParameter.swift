import ClusterSim
import JMESPath
import JSON

/// `aws ssm get-parameter --name NAME`.
struct SSMGetParameter: AWSOperation {
    static let service = "ssm"
    static let name = "get-parameter"
    static let apiName = "GetParameter"
    static let parameters = [
        AWSParameter(flag: "name", kind: .string, required: true, member: "Name"),
        AWSParameter(flag: "with-decryption", kind: .boolean, member: "WithDecryption"),
    ]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let name = arguments.string("name")!
        guard let parameter = AWSCatalogs.catalog(for: context).parameter(named: name) else { throw .parameterNotFound(name) }
        return AWSShapes.object([("Parameter", AWSShapes.parameter(parameter))])
    }
}

/// The public parameters of any region (AMI ids differ per region).
enum AWSCatalogs {
    static func catalog(for context: AWSCallContext) -> AMICatalog {
        context.isHomeRegion ? context.simulator.catalog : AMICatalog(region: context.region)
    }
}
