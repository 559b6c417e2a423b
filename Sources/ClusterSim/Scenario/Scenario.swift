/// Everything that defines a simulated world before it starts: cluster, node groups, workloads,
/// budgets and faults. Same scenario + same seed ⇒ the same run.
public struct Scenario: Sendable, Equatable {
    public struct NodegroupSpec: Sendable, Equatable {
        public var name = "default"
        public var instanceType = "m5.large"
        public var amiType = AMIFamily.al2023x86
        /// Defaults to the cluster's version.
        public var kubernetesVersion: String?
        /// Defaults to the release before the latest, so an update has something to do.
        public var releaseVersion: String?
        public var minSize = 3
        public var maxSize = 6
        public var desiredSize = 3
        public var updateConfig = UpdateConfig()
        public var labels: [String: String] = ["workshop-default": "yes"]
        public var taints: [Taint] = []
        public var capacityType = "ON_DEMAND"

        public init() {}
    }

    public struct WorkloadSpec: Sendable, Equatable {
        public var kind = Workload.Kind.deployment
        public var namespace: String
        public var name: String
        public var replicas = 1
        public var cpuMillis = 100
        public var memoryMi = 128
        public var labels: [String: String] = [:]
        public var toleratesAllTaints = false
        public var budget: BudgetSpec?

        public init(kind: Workload.Kind = .deployment, namespace: String, name: String, replicas: Int = 1, cpuMillis: Int = 100,
                    memoryMi: Int = 128, labels: [String: String] = [:], toleratesAllTaints: Bool = false, budget: BudgetSpec? = nil) {
            self.kind = kind
            self.namespace = namespace
            self.name = name
            self.replicas = replicas
            self.cpuMillis = cpuMillis
            self.memoryMi = memoryMi
            self.labels = labels
            self.toleratesAllTaints = toleratesAllTaints
            self.budget = budget
        }
    }

    /// A PodDisruptionBudget over one workload's pods.
    public struct BudgetSpec: Sendable, Equatable {
        public var minAvailable: IntOrPercent?
        public var maxUnavailable: IntOrPercent?

        public init(minAvailable: IntOrPercent? = nil, maxUnavailable: IntOrPercent? = nil) {
            self.minAvailable = minAvailable
            self.maxUnavailable = maxUnavailable
        }
    }

    public enum Fault: Sendable, Equatable, CustomStringConvertible {
        /// A budget that can never allow an eviction (minAvailable 100 % on a workload).
        case pdbBlocks
        /// EC2 has no capacity for the instance type in this Availability Zone.
        case noCapacity(availabilityZone: String)
        /// Instances launched during an update never register with the cluster.
        case nodeJoinFailure

        public init?(_ text: String) {
            if text == "pdb-blocks" {
                self = .pdbBlocks
            } else if text == "node-join-failure" {
                self = .nodeJoinFailure
            } else if text.hasPrefix("no-capacity:"), text.count > "no-capacity:".count {
                self = .noCapacity(availabilityZone: String(text.dropFirst("no-capacity:".count)))
            } else {
                return nil
            }
        }

        public var description: String {
            switch self {
            case .pdbBlocks: return "pdb-blocks"
            case .nodeJoinFailure: return "node-join-failure"
            case .noCapacity(let az): return "no-capacity:\(az)"
            }
        }

        public static let forms = "pdb-blocks, no-capacity:<availability-zone>, node-join-failure"
    }

    public var clusterName = "eks-workshop"
    public var region = "us-west-2"
    public var accountId = "123456789012"
    public var kubernetesVersion = "1.33"
    public var availabilityZones = ["us-west-2a", "us-west-2b", "us-west-2c"]
    /// Unix seconds when the simulation starts (2025-11-20T09:00:00Z by default).
    public var startEpoch: Double = 1_763_629_200
    /// How long the cluster and its nodes have existed when the simulation starts.
    public var clusterAgeHours = 26.0
    public var nodegroups: [NodegroupSpec] = [NodegroupSpec()]
    public var workloads: [WorkloadSpec] = Scenario.sampleApplication
    public var faults: [Fault] = []
    public var timings = Timings()

    public init() {}

    /// The workshop's default: `eks-workshop` in us-west-2, node group `default` of 3 m5.large
    /// nodes across 3 AZs on an older AMI, and the sample retail application with PDBs.
    public static let `default` = Scenario()

    /// The retail store sample application the EKS Workshop deploys, plus the kube-system pods.
    public static let sampleApplication: [WorkloadSpec] = [
        WorkloadSpec(kind: .daemonSet, namespace: "kube-system", name: "aws-node", cpuMillis: 25, memoryMi: 64,
                     labels: ["k8s-app": "aws-node"], toleratesAllTaints: true),
        WorkloadSpec(kind: .daemonSet, namespace: "kube-system", name: "kube-proxy", cpuMillis: 100, memoryMi: 64,
                     labels: ["k8s-app": "kube-proxy"], toleratesAllTaints: true),
        WorkloadSpec(namespace: "kube-system", name: "coredns", replicas: 2, cpuMillis: 100, memoryMi: 70,
                     labels: ["k8s-app": "kube-dns"], budget: BudgetSpec(maxUnavailable: .count(1))),
        WorkloadSpec(namespace: "ui", name: "ui", replicas: 2, cpuMillis: 250, memoryMi: 1024,
                     labels: ["app.kubernetes.io/name": "ui"], budget: BudgetSpec(minAvailable: .count(1))),
        WorkloadSpec(namespace: "catalog", name: "catalog", replicas: 2, cpuMillis: 250, memoryMi: 512,
                     labels: ["app.kubernetes.io/name": "catalog"], budget: BudgetSpec(maxUnavailable: .count(1))),
        WorkloadSpec(kind: .statefulSet, namespace: "catalog", name: "catalog-mysql", cpuMillis: 250, memoryMi: 512,
                     labels: ["app.kubernetes.io/name": "catalog-mysql"]),
        WorkloadSpec(namespace: "carts", name: "carts", cpuMillis: 250, memoryMi: 512, labels: ["app.kubernetes.io/name": "carts"]),
        WorkloadSpec(namespace: "carts", name: "carts-dynamodb", cpuMillis: 250, memoryMi: 512,
                     labels: ["app.kubernetes.io/name": "carts-dynamodb"]),
        WorkloadSpec(namespace: "checkout", name: "checkout", cpuMillis: 250, memoryMi: 512,
                     labels: ["app.kubernetes.io/name": "checkout"]),
        WorkloadSpec(namespace: "checkout", name: "checkout-redis", cpuMillis: 250, memoryMi: 256,
                     labels: ["app.kubernetes.io/name": "checkout-redis"]),
        WorkloadSpec(namespace: "orders", name: "orders", cpuMillis: 250, memoryMi: 512, labels: ["app.kubernetes.io/name": "orders"]),
        WorkloadSpec(kind: .statefulSet, namespace: "orders", name: "orders-postgresql", cpuMillis: 250, memoryMi: 512,
                     labels: ["app.kubernetes.io/name": "orders-postgresql"]),
    ]

    /// Allocatable resources by instance type (EKS max-pods from the VPC CNI's ENI limits).
    public static let instanceTypes: [String: Node.Resources] = [
        "t3.medium": Node.Resources(cpuMillis: 1930, memoryMi: 3388, pods: 17),
        "t3.large": Node.Resources(cpuMillis: 1930, memoryMi: 7245, pods: 35),
        "m5.large": Node.Resources(cpuMillis: 1930, memoryMi: 7220, pods: 29),
        "m5.xlarge": Node.Resources(cpuMillis: 3920, memoryMi: 14_785, pods: 58),
        "m5.2xlarge": Node.Resources(cpuMillis: 7910, memoryMi: 29_775, pods: 58),
        "m5.4xlarge": Node.Resources(cpuMillis: 15_890, memoryMi: 59_890, pods: 234),
        "c5.large": Node.Resources(cpuMillis: 1930, memoryMi: 3388, pods: 29),
        "m6g.large": Node.Resources(cpuMillis: 1930, memoryMi: 7220, pods: 29),
        "g5.xlarge": Node.Resources(cpuMillis: 3920, memoryMi: 14_785, pods: 58),
    ]

    /// Checks the scenario; the messages say what to change.
    public func validate() -> [String] {
        var problems: [String] = []
        if !AMICatalog.kubernetesVersions.contains(kubernetesVersion) {
            problems.append("cluster.version \(kubernetesVersion) is not supported; use one of \(AMICatalog.kubernetesVersions.joined(separator: ", "))")
        }
        if availabilityZones.isEmpty || availabilityZones.count > 6 {
            problems.append("cluster.availabilityZones must list 1 to 6 zones")
        }
        for zone in availabilityZones where !zone.hasPrefix(region) {
            problems.append("availability zone \(zone) is not in region \(region)")
        }
        if nodegroups.isEmpty { problems.append("nodegroups must have at least one node group") }
        var seenGroups: Set<String> = []
        for group in nodegroups {
            if !seenGroups.insert(group.name).inserted { problems.append("node group \(group.name) is defined twice") }
            if Scenario.instanceTypes[group.instanceType] == nil {
                problems.append("node group \(group.name): instance type \(group.instanceType) is unknown; use one of \(Scenario.instanceTypes.keys.sorted().joined(separator: ", "))")
            }
            if !(group.minSize <= group.desiredSize && group.desiredSize <= group.maxSize) || group.maxSize < 1 {
                problems.append("node group \(group.name): sizes must satisfy minSize ≤ desiredSize ≤ maxSize and maxSize ≥ 1 (got \(group.minSize), \(group.desiredSize), \(group.maxSize))")
            }
            if group.desiredSize > 450 { problems.append("node group \(group.name): desiredSize \(group.desiredSize) is above the EKS quota of 450 nodes") }
            let version = group.kubernetesVersion ?? kubernetesVersion
            if !group.amiType.minors.contains(Int(version.split(separator: ".").last ?? "") ?? -1) {
                problems.append("node group \(group.name): \(group.amiType.rawValue) AMIs are not published for Kubernetes \(version)")
            }
            let config = group.updateConfig
            if (config.maxUnavailable == nil) == (config.maxUnavailablePercentage == nil) {
                problems.append("node group \(group.name): set exactly one of maxUnavailable and maxUnavailablePercentage")
            }
            if let n = config.maxUnavailable, !(1...100).contains(n) { problems.append("node group \(group.name): maxUnavailable must be 1 to 100") }
            if let p = config.maxUnavailablePercentage, !(1...100).contains(p) { problems.append("node group \(group.name): maxUnavailablePercentage must be 1 to 100") }
        }
        var seenWorkloads: Set<String> = []
        for workload in workloads {
            if !seenWorkloads.insert("\(workload.namespace)/\(workload.name)").inserted {
                problems.append("workload \(workload.namespace)/\(workload.name) is defined twice")
            }
            // They become stored objects: their names follow the API server's rules.
            if !ObjectValidation.isDNSLabel(workload.namespace) {
                problems.append("workload \(workload.name): namespace \"\(workload.namespace)\" must be lower-case letters, digits and '-' (at most 63, starting and ending with a letter or digit)")
            }
            if !ObjectValidation.name(workload.name, kind: ResourceKinds.deployment).isEmpty {
                problems.append("workload \"\(workload.name)\": the name must be lower-case letters, digits, '-' and '.' (at most 253, starting and ending with a letter or digit)")
            }
            if workload.replicas < 0 { problems.append("workload \(workload.name): replicas must be 0 or more") }
            if let budget = workload.budget, (budget.minAvailable == nil) == (budget.maxUnavailable == nil) {
                problems.append("workload \(workload.name): a pdb needs exactly one of minAvailable and maxUnavailable")
            }
        }
        for fault in faults {
            if case .noCapacity(let zone) = fault, !availabilityZones.contains(zone) {
                problems.append("fault no-capacity:\(zone) names a zone the cluster does not use (\(availabilityZones.joined(separator: ", ")))")
            }
        }
        return problems
    }
}
