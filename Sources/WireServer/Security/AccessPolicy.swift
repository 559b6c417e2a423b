/// Who may use the served cluster. On loopback anyone on the machine may (as with any local AWS
/// emulator); listening elsewhere needs a token — Kubernetes clients send it as a bearer token, AWS
/// clients as their access key id — and requests without it are refused as the real services refuse.
public struct AccessPolicy: Sendable, Equatable {
    public let token: String?

    public init(token: String?) { self.token = token }

    public static let loopback = AccessPolicy(token: nil)

    func admitsAWS(_ scope: AWSCredentialScope?) -> Bool {
        guard let token else { return true }
        return scope?.accessKeyId == token
    }

    func admitsKubernetes(authorization: String?) -> Bool {
        guard let token else { return true }
        return authorization == "Bearer \(token)"
    }
}
