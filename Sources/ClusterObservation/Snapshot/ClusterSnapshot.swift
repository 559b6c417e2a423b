/// What a participant could see of the cluster at one moment: the answers of `aws eks
/// describe-cluster`, `describe-update`, `describe-nodegroup`, `describe-addon`, `aws autoscaling
/// describe-auto-scaling-groups`, `kubectl get nodes`, `kubectl get pods` and `kubectl get pdb`.
///
/// Both sources fill it the same way — the simulator through its query API, a real cluster through
/// the real CLIs — so everything inferred from it reads the same on either.
public struct ClusterSnapshot: Sendable, Equatable {
    /// Seconds on the session's clock (simulated time on the simulator, wall time on a real cluster).
    public var time: Double
    /// The wall-clock epoch of `time`, to compare with creation times the APIs report.
    public var epoch: Double
    public var cluster: ClusterView
    public var updates: [UpdateView]
    public var nodegroups: [NodegroupView]
    public var groups: [AutoScalingGroupView]
    public var nodes: [NodeView]
    public var budgets: [BudgetView]
    public var addons: [AddonView]
    /// Pods no node has taken yet.
    public var pendingPods: Int

    public init(time: Double, epoch: Double, cluster: ClusterView, updates: [UpdateView] = [], nodegroups: [NodegroupView] = [],
                groups: [AutoScalingGroupView] = [], nodes: [NodeView] = [], budgets: [BudgetView] = [], addons: [AddonView] = [],
                pendingPods: Int = 0) {
        self.time = time
        self.epoch = epoch
        self.cluster = cluster
        self.updates = updates
        self.nodegroups = nodegroups
        self.groups = groups
        self.nodes = nodes
        self.budgets = budgets
        self.addons = addons
        self.pendingPods = pendingPods
    }

    public func nodegroup(_ name: String) -> NodegroupView? { nodegroups.first { $0.name == name } }
    public func group(_ name: String) -> AutoScalingGroupView? { groups.first { $0.name == name } }
    public func nodes(of nodegroup: String) -> [NodeView] { nodes.filter { $0.nodegroup == nodegroup } }
    public func update(_ id: String) -> UpdateView? { updates.first { $0.id == id } }
    /// The update of `subject` still in progress, if any.
    public func activeUpdate(_ subject: UpdateView.Subject) -> UpdateView? {
        updates.last { $0.subject == subject && $0.status == "InProgress" }
    }
}

/// `aws eks describe-cluster`, plus the server version `kubectl version` reports.
public struct ClusterView: Sendable, Equatable {
    public var name: String
    public var version: String
    public var platformVersion: String
    public var status: String
    /// The API server's own version (`kubectl version`): it moves at the control plane's cut-over,
    /// before describe-cluster's `version` does.
    public var serverVersion: String

    public init(name: String, version: String, platformVersion: String, status: String, serverVersion: String) {
        self.name = name
        self.version = version
        self.platformVersion = platformVersion
        self.status = status
        self.serverVersion = serverVersion
    }
}

/// A problem EKS reports with a code, words and the resources it concerns: an update's error or a
/// node group's health issue have the same three fields.
public struct ReportedProblem: Sendable, Equatable {
    public var code: String
    public var message: String
    public var resourceIds: [String]
    public init(code: String, message: String, resourceIds: [String]) {
        self.code = code
        self.message = message
        self.resourceIds = resourceIds
    }
}

/// `aws eks describe-update`.
public struct UpdateView: Sendable, Equatable {
    public enum Subject: Sendable, Hashable {
        case controlPlane
        case nodegroup(String)
        case addon(String)
    }

    /// An update's error (`errors[]` of describe-update).
    public typealias ErrorDetail = ReportedProblem

    public var id: String
    public var subject: Subject
    /// `VersionUpdate`, `ConfigUpdate`, `AddonUpdate` …
    public var type: String
    /// `InProgress`, `Successful`, `Failed`, `Cancelled`.
    public var status: String
    public var params: [String: String]
    public var createdEpoch: Double
    public var errors: [ErrorDetail]

    public init(id: String, subject: Subject, type: String, status: String, params: [String: String], createdEpoch: Double,
                errors: [ErrorDetail] = []) {
        self.id = id
        self.subject = subject
        self.type = type
        self.status = status
        self.params = params
        self.createdEpoch = createdEpoch
        self.errors = errors
    }
}

/// `aws eks describe-nodegroup`.
public struct NodegroupView: Sendable, Equatable {
    /// A node group's health issue (`health.issues[]` of describe-nodegroup).
    public typealias HealthIssue = ReportedProblem

    public var name: String
    public var status: String
    public var version: String
    public var releaseVersion: String
    /// The configured sizes (the update never changes them).
    public var minSize: Int
    public var maxSize: Int
    public var desiredSize: Int
    /// `maxUnavailable` of the update config, when it is a count; `maxUnavailablePercentage` otherwise.
    public var maxUnavailable: Int?
    public var maxUnavailablePercentage: Int?
    public var updateStrategy: String?
    public var autoScalingGroup: String?
    public var healthIssues: [HealthIssue]

    public init(name: String, status: String, version: String, releaseVersion: String, minSize: Int, maxSize: Int, desiredSize: Int,
                maxUnavailable: Int? = nil, maxUnavailablePercentage: Int? = nil, updateStrategy: String? = nil,
                autoScalingGroup: String? = nil, healthIssues: [HealthIssue] = []) {
        self.name = name
        self.status = status
        self.version = version
        self.releaseVersion = releaseVersion
        self.minSize = minSize
        self.maxSize = maxSize
        self.desiredSize = desiredSize
        self.maxUnavailable = maxUnavailable
        self.maxUnavailablePercentage = maxUnavailablePercentage
        self.updateStrategy = updateStrategy
        self.autoScalingGroup = autoScalingGroup
        self.healthIssues = healthIssues
    }

    /// How many nodes an update takes down at a time (`maxUnavailable`, or the percentage of the
    /// configured size, at least one).
    public var parallelism: Int {
        if let count = maxUnavailable { return max(1, count) }
        if let percent = maxUnavailablePercentage { return max(1, desiredSize * percent / 100) }
        return 1
    }
}

/// `aws autoscaling describe-auto-scaling-groups`.
public struct AutoScalingGroupView: Sendable, Equatable {
    public struct InstanceView: Sendable, Equatable {
        public var id: String
        public var zone: String
        /// `Pending`, `InService`, `Terminating` …
        public var lifecycleState: String
        public var launchTemplateVersion: String
        public init(id: String, zone: String, lifecycleState: String, launchTemplateVersion: String) {
            self.id = id
            self.zone = zone
            self.lifecycleState = lifecycleState
            self.launchTemplateVersion = launchTemplateVersion
        }
    }

    public var name: String
    public var minSize: Int
    public var maxSize: Int
    public var desiredCapacity: Int
    public var launchTemplateVersion: String
    public var zones: [String]
    public var instances: [InstanceView]

    public init(name: String, minSize: Int, maxSize: Int, desiredCapacity: Int, launchTemplateVersion: String, zones: [String],
                instances: [InstanceView]) {
        self.name = name
        self.minSize = minSize
        self.maxSize = maxSize
        self.desiredCapacity = desiredCapacity
        self.launchTemplateVersion = launchTemplateVersion
        self.zones = zones
        self.instances = instances
    }
}

/// `kubectl get node`, with how many pods each node holds.
public struct NodeView: Sendable, Equatable {
    public var name: String
    /// Its `eks.amazonaws.com/nodegroup` label.
    public var nodegroup: String?
    public var zone: String
    /// From `spec.providerID`.
    public var instanceId: String?
    public var createdEpoch: Double
    public var kubeletVersion: String
    /// Its `eks.amazonaws.com/nodegroup-image` label (the AMI).
    public var image: String?
    public var ready: Bool
    public var unschedulable: Bool
    /// `key=value:Effect` (or `key:Effect`).
    public var taints: [String]
    /// Pods on it that a drain evicts (not DaemonSet pods, not terminating).
    public var workloadPods: Int
    /// DaemonSet pods on it, which a drain leaves alone.
    public var daemonPods: Int

    public init(name: String, nodegroup: String?, zone: String, instanceId: String?, createdEpoch: Double, kubeletVersion: String,
                image: String?, ready: Bool, unschedulable: Bool, taints: [String], workloadPods: Int, daemonPods: Int) {
        self.name = name
        self.nodegroup = nodegroup
        self.zone = zone
        self.instanceId = instanceId
        self.createdEpoch = createdEpoch
        self.kubeletVersion = kubeletVersion
        self.image = image
        self.ready = ready
        self.unschedulable = unschedulable
        self.taints = taints
        self.workloadPods = workloadPods
        self.daemonPods = daemonPods
    }

    /// `ip-10-42-10-96` from `ip-10-42-10-96.us-west-2.compute.internal`.
    public var shortName: String { Self.short(name) }

    /// `ip-10-42-10-96` from any node name.
    public static func short(_ name: String) -> String { name.split(separator: ".").first.map(String.init) ?? name }
}

/// `kubectl get pdb`, with the nodes its pods run on.
public struct BudgetView: Sendable, Equatable {
    public var namespace: String
    public var name: String
    public var disruptionsAllowed: Int
    public var currentHealthy: Int
    public var desiredHealthy: Int
    /// Nodes that hold at least one pod the budget selects (sources may leave it empty for a budget
    /// that still allows disruptions: only one that allows none can hold a drain).
    public var nodes: [String]

    public init(namespace: String, name: String, disruptionsAllowed: Int, currentHealthy: Int, desiredHealthy: Int, nodes: [String]) {
        self.namespace = namespace
        self.name = name
        self.disruptionsAllowed = disruptionsAllowed
        self.currentHealthy = currentHealthy
        self.desiredHealthy = desiredHealthy
        self.nodes = nodes
    }

    public var key: String { "\(namespace)/\(name)" }
}

/// `aws eks describe-addon`.
public struct AddonView: Sendable, Equatable {
    public var name: String
    public var version: String
    public var status: String
    /// Whether this version is made for the cluster's Kubernetes version, when the source knows
    /// (`describe-addon-versions`); nil when it does not.
    public var compatibleWithCluster: Bool?
    /// Pods of the add-on not yet on this version, while it updates (nil when unknown).
    public var podsToReplace: Int?

    public init(name: String, version: String, status: String, compatibleWithCluster: Bool? = nil, podsToReplace: Int? = nil) {
        self.name = name
        self.version = version
        self.status = status
        self.compatibleWithCluster = compatibleWithCluster
        self.podsToReplace = podsToReplace
    }
}
