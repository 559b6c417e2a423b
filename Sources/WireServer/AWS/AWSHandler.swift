import Actions
import ClusterSim

/// The AWS side of the served cluster, one endpoint for every service: each request goes to its
/// service's protocol by its signature's scope (or, unsigned, by its shape).
struct AWSHandler: Sendable {
    let host: SimulationHost
    let defaultRegion: String
    let access: AccessPolicy

    func handle(_ request: WireRequest) -> WireResponse {
        let scope = AWSCredentialScope(authorization: request.headers["authorization"])
        let isForm = request.headers["content-type"]?.hasPrefix("application/x-www-form-urlencoded") ?? false
        let form = isForm ? FormDecoding.pairs(String(decoding: request.body, as: UTF8.self)) : []
        let route = AWSServiceRoute(request, scope: scope, form: form)
        if !access.admitsAWS(scope) {
            let refusal = ServiceError(code: "UnrecognizedClientException", message: "The security token included in the request is invalid.", httpStatus: 403)
            switch route {
            case .ssm: return JSON11Protocol.error(refusal)
            case .ec2: return QueryProtocol.error(ServiceError(code: "AuthFailure", message: "AWS was not able to validate the provided access credentials", httpStatus: 401), .ec2)
            case .autoscaling: return QueryProtocol.error(ServiceError(code: "InvalidClientTokenId", message: "The security token included in the request is invalid.", httpStatus: 403), .query)
            case .eks, .unknown: return RestJSONProtocol.error(refusal)
            }
        }
        let region = scope?.region ?? defaultRegion
        switch route {
        case .eks: return RestJSONProtocol.handle(request, host: host, region: region)
        case .ssm: return JSON11Protocol.handle(request, host: host, region: region, service: "ssm", targetPrefix: "AmazonSSM")
        case .ec2: return QueryProtocol.handle(request, form: form, dialect: .ec2, host: host, region: region)
        case .autoscaling: return QueryProtocol.handle(request, form: form, dialect: .query, host: host, region: region)
        case .unknown:
            return RestJSONProtocol.error(ServiceError(code: "UnknownOperationException",
                                                       message: "Workshop serves EKS, SSM, EC2 and Auto Scaling; this request is for none of them", httpStatus: 404))
        }
    }
}
