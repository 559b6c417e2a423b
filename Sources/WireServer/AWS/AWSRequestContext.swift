/// What a SigV4 `Authorization` header says about a request: who signed it (the access key id), for
/// which region and service. Signatures are not checked, as local AWS emulators do not check them.
struct AWSCredentialScope: Equatable {
    var accessKeyId: String
    var region: String
    var service: String

    /// `AWS4-HMAC-SHA256 Credential=KEY/20261204/us-west-2/eks/aws4_request, SignedHeaders=…, Signature=…`.
    init?(authorization: String?) {
        guard let authorization, let start = authorization.range(of: "Credential=") else { return nil }
        let credential = authorization[start.upperBound...].prefix { $0 != "," && $0 != " " }
        let parts = credential.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 5, !parts[0].isEmpty else { return nil }
        accessKeyId = String(parts[0])
        region = String(parts[2])
        service = String(parts[3])
    }
}

/// Which service a request is for: its signature's scope, else what the protocol shows (an EKS
/// path, an `X-Amz-Target: AmazonSSM.*`, a form `Version`).
enum AWSServiceRoute {
    case eks, ssm, ec2, autoscaling, unknown

    init(_ request: WireRequest, scope: AWSCredentialScope?, form: [(String, String)]) {
        switch scope?.service {
        case "eks": self = .eks; return
        case "ssm": self = .ssm; return
        case "ec2": self = .ec2; return
        case "autoscaling": self = .autoscaling; return
        default: break
        }
        if request.path.hasPrefix("/clusters") || request.path.hasPrefix("/addons") { self = .eks; return }
        if request.headers["x-amz-target"]?.hasPrefix("AmazonSSM.") == true { self = .ssm; return }
        switch form.first(where: { $0.0 == "Version" })?.1 {
        case "2016-11-15": self = .ec2
        case "2011-01-01": self = .autoscaling
        default: self = .unknown
        }
    }
}
