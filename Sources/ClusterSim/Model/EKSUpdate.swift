/// An EKS update record (DescribeUpdate): of the cluster (its version) or of one node group.
public struct EKSUpdate: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case inProgress = "InProgress", failed = "Failed", cancelled = "Cancelled", successful = "Successful"
    }

    public struct Param: Sendable, Equatable {
        public var type: String
        public var value: String
    }

    public struct ErrorDetail: Sendable, Equatable {
        public var errorCode: String
        public var errorMessage: String
        public var resourceIds: [String]
    }

    public var id: String
    public var clusterName: String
    /// The node group it changes; nil for an update of the cluster itself.
    public var nodegroupName: String?
    public var status: Status
    /// `VersionUpdate` or `ConfigUpdate`.
    public var type: String
    public var params: [Param]
    public var createdEpoch: Double
    public var errors: [ErrorDetail]
    /// The add-on it changes, for an `AddonUpdate`.
    public var addonName: String? = nil
}
