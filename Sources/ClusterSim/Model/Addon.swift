/// An EKS add-on installed on the cluster (DescribeAddon): the software EKS manages for it —
/// the VPC CNI, CoreDNS, kube-proxy, the Pod Identity Agent — at a version of its own.
public struct Addon: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case creating = "CREATING", active = "ACTIVE", createFailed = "CREATE_FAILED", updating = "UPDATING",
             deleting = "DELETING", deleteFailed = "DELETE_FAILED", degraded = "DEGRADED", updateFailed = "UPDATE_FAILED"
    }

    public var name: String
    public var clusterName: String
    public var status: Status
    public var version: String
    public var arn: String
    public var createdEpoch: Double
    public var modifiedEpoch: Double
    public var tags: [String: String]
    /// The IAM role its service account assumes (CreateAddon's `serviceAccountRoleArn`).
    public var serviceAccountRoleArn: String? = nil
}
