/// `maxUnavailable` (a count) or `maxUnavailablePercentage`, and the update strategy.
public struct UpdateConfig: Sendable, Equatable {
    public enum Strategy: String, Sendable, Equatable, CaseIterable {
        case `default` = "DEFAULT"
        case minimal = "MINIMAL"
    }

    public var maxUnavailable: Int?
    public var maxUnavailablePercentage: Int?
    public var updateStrategy: Strategy?

    public init(maxUnavailable: Int? = 1, maxUnavailablePercentage: Int? = nil, updateStrategy: Strategy? = nil) {
        self.maxUnavailable = maxUnavailable
        self.maxUnavailablePercentage = maxUnavailablePercentage
        self.updateStrategy = updateStrategy
    }

    public var strategy: Strategy { updateStrategy ?? .default }

    /// How many nodes may be upgraded at once for a group of `nodes` (at least 1, at most 100).
    public func parallelism(nodes: Int) -> Int {
        if let percentage = maxUnavailablePercentage {
            return min(100, max(1, nodes * percentage / 100))
        }
        return min(100, max(1, maxUnavailable ?? 1))
    }
}

/// A Kubernetes taint as EKS reports it (`NO_SCHEDULE`), with its Kubernetes spelling.
public struct Taint: Sendable, Equatable, Hashable {
    public var key: String
    public var value: String?
    /// `NO_SCHEDULE`, `NO_EXECUTE` or `PREFER_NO_SCHEDULE`.
    public var effect: String

    public init(key: String, value: String?, effect: String) {
        self.key = key
        self.value = value
        self.effect = effect
    }

    /// `NoSchedule` …, as Kubernetes spells the effect.
    public var kubernetesEffect: String {
        switch effect {
        case "NO_EXECUTE": return "NoExecute"
        case "PREFER_NO_SCHEDULE": return "PreferNoSchedule"
        default: return "NoSchedule"
        }
    }
}

/// A managed node group.
public struct Nodegroup: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case creating = "CREATING", active = "ACTIVE", updating = "UPDATING", deleting = "DELETING"
        case createFailed = "CREATE_FAILED", deleteFailed = "DELETE_FAILED", degraded = "DEGRADED"
    }

    public struct ScalingConfig: Sendable, Equatable {
        public var minSize: Int
        public var maxSize: Int
        public var desiredSize: Int

        public init(minSize: Int, maxSize: Int, desiredSize: Int) {
            self.minSize = minSize
            self.maxSize = maxSize
            self.desiredSize = desiredSize
        }
    }

    public struct HealthIssue: Sendable, Equatable {
        public var code: String
        public var message: String
        public var resourceIds: [String]
    }

    public var name: String
    public var arn: String
    public var clusterName: String
    public var version: String
    public var releaseVersion: String
    public var createdEpoch: Double
    public var modifiedEpoch: Double
    public var status: Status
    public var capacityType: String
    public var scalingConfig: ScalingConfig
    public var instanceTypes: [String]
    public var subnets: [String]
    public var amiType: AMIFamily
    public var nodeRole: String
    public var labels: [String: String]
    public var taints: [Taint]
    public var diskSize: Int
    public var updateConfig: UpdateConfig
    public var healthIssues: [HealthIssue]
    public var autoScalingGroupName: String
    public var launchTemplateId: String
    public var launchTemplateName: String
    public var tags: [String: String]
}
