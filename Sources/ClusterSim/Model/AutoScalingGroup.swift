/// An EC2 launch template and its versions (EKS writes a new version for every AMI update).
public struct LaunchTemplate: Sendable, Equatable {
    public struct Version: Sendable, Equatable {
        public var number: Int
        public var imageId: String
        public var instanceType: String
        public var createdEpoch: Double
    }

    public var id: String
    public var name: String
    public var versions: [Version]

    public var latest: Version { versions[versions.count - 1] }

    public func version(_ number: Int) -> Version? { versions.first { $0.number == number } }
}

/// The Auto Scaling group behind a managed node group.
public struct AutoScalingGroup: Sendable, Equatable {
    public var name: String
    public var arn: String
    public var minSize: Int
    public var maxSize: Int
    public var desiredCapacity: Int
    public var launchTemplateId: String
    public var launchTemplateName: String
    public var launchTemplateVersion: Int
    public var availabilityZones: [String]
    public var subnetIds: [String]
    /// Instance ids in launch order (terminated ones leave the list).
    public var instanceIds: [String]
    public var createdEpoch: Double
    public var tags: [String: String]

    public var sizes: Sizes { Sizes(min: minSize, max: maxSize, desired: desiredCapacity) }

    /// The three sizes, for events and comparisons.
    public struct Sizes: Sendable, Equatable, CustomStringConvertible {
        public var min: Int
        public var max: Int
        public var desired: Int

        public var description: String { "min \(min), max \(max), desired \(desired)" }
    }
}

/// An EC2 instance.
public struct Instance: Sendable, Equatable {
    public enum State: String, Sendable, Equatable {
        case pending, running, shuttingDown = "shutting-down", terminated
    }

    public var id: String
    public var availabilityZone: String
    public var subnetId: String
    public var privateIp: String
    public var privateDnsName: String
    public var instanceType: String
    public var imageId: String
    public var launchTemplateId: String
    public var launchTemplateVersion: Int
    public var state: State
    public var launchEpoch: Double
    public var autoScalingGroup: String
    /// The Kubernetes node this instance registered as (nil until it joins, or if it never does).
    public var nodeName: String?
    /// False for a `node-join-failure` fault: the instance runs but kubelet never registers.
    public var joinsCluster: Bool
}
