/// An EKS upgrade insight (ListInsights, DescribeInsight): a check EKS runs against the cluster
/// for its next Kubernetes version, with its status and what to do about it.
public struct Insight: Sendable {
    public enum Status: String, Sendable, Equatable, CaseIterable {
        case passing = "PASSING", warning = "WARNING", error = "ERROR", unknown = "UNKNOWN"
    }

    public struct Resource: Sendable, Equatable {
        public var status: Status
        public var reason: String
        public var kubernetesResourceUri: String?
        public var arn: String?
    }

    public var id: String
    public var name: String
    public var category: String
    /// The version the check is for: the cluster's next minor version.
    public var kubernetesVersion: String
    public var lastRefreshEpoch: Double
    public var lastTransitionEpoch: Double
    public var description: String
    public var status: Status
    public var reason: String
    public var recommendation: String
    public var resources: [Resource]
    /// For the add-on check: each add-on and its versions made for the next version.
    public var addonCompatibility: [(name: String, compatibleVersions: [String])]
}

extension Simulator {
    /// The upgrade readiness checks for the next minor version, worked out from the cluster as it
    /// is now: kubelet version skew of each node group, add-on compatibility, cluster health and
    /// deprecated API use. They are refreshed whenever a version in the cluster changes.
    public func insights() -> [Insight] {
        let target = "1.\(Self.minor(cluster.version) + 1)"
        // When a version last changed (the cluster's, a node group's or an add-on's): insights
        // are refreshed then, and their status can only have changed then.
        let refreshed = events.last { event in
            switch event.kind {
            case .clusterVersionChanged, .addonVersionChanged: return true
            case .updateStatusChanged(_, _, "Successful"): return true
            default: return false
            }
        }?.time ?? .zero
        let epoch = calendar.epoch(refreshed)
        func insight(_ name: String, description: String, status: Insight.Status, reason: String, recommendation: String,
                     resources: [Insight.Resource] = [], addons: [(name: String, compatibleVersions: [String])] = []) -> Insight {
            let hex = Array(StableHash.hex("insight|\(cluster.name)|\(name)|\(target)", count: 32))
            let id = Self.awsUUID(String(hex[0..<12]) + "4" + String(hex[13..<32]))
            return Insight(id: id, name: name, category: "UPGRADE_READINESS", kubernetesVersion: target, lastRefreshEpoch: epoch,
                           lastTransitionEpoch: epoch, description: description, status: status, reason: reason,
                           recommendation: recommendation, resources: resources, addonCompatibility: addons)
        }
        var result: [Insight] = []

        // Node groups must run the control plane's version before it moves on (EKS refuses otherwise).
        let behind = nodegroupOrder.sorted().compactMap { nodegroups[$0] }.filter { $0.version != cluster.version }
        result.append(insight(
            "Kubelet version skew",
            description: "Checks the kubelet version of the worker nodes against the control plane. The control plane can move to \(target) only when every managed node group runs \(cluster.version).",
            status: behind.isEmpty ? .passing : .error,
            reason: behind.isEmpty ? "No kubelet version skew detected." : "Node groups behind the control plane: \(behind.map(\.name).joined(separator: ", ")).",
            recommendation: "Update every managed node group to Kubernetes \(cluster.version) (aws eks update-nodegroup-version) before updating the control plane.",
            resources: behind.map { Insight.Resource(status: .error, reason: "Node group \($0.name) runs \($0.version).", kubernetesResourceUri: nil, arn: $0.arn) }))

        // Add-ons whose version is not made for the target, and that could move first (kube-proxy
        // cannot: it is built for one minor version, so it follows the control plane).
        var incompatible: [(Addon, [String])] = []
        for name in addons.keys.sorted() {
            guard let addon = addons[name], let info = AddonCatalog.info(name),
                  let current = info.versions.first(where: { $0.version == addon.version }), !current.compatible(with: target) else { continue }
            let bridging = info.versions.filter { $0.compatible(with: target) && $0.compatible(with: cluster.version) }
            guard !bridging.isEmpty else { continue }
            incompatible.append((addon, info.versions.filter { $0.compatible(with: target) }.map(\.version)))
        }
        result.append(insight(
            "EKS add-on version compatibility",
            description: "Checks that the installed EKS add-ons have versions made for Kubernetes \(target).",
            status: incompatible.isEmpty ? .passing : .error,
            reason: incompatible.isEmpty ? "All installed add-on versions are compatible with \(target)."
                : "Add-ons not compatible with \(target): \(incompatible.map { "\($0.0.name) \($0.0.version)" }.joined(separator: ", ")).",
            recommendation: "Update the add-ons to a version compatible with both \(cluster.version) and \(target) (aws eks describe-addon-versions --kubernetes-version \(target)) before updating the control plane.",
            resources: incompatible.map { Insight.Resource(status: .error, reason: "\($0.0.name) \($0.0.version) is not compatible with \(target).",
                                                            kubernetesResourceUri: nil, arn: $0.0.arn) },
            addons: incompatible.map { ($0.0.name, $0.1) }))

        result.append(insight(
            "Cluster health issues",
            description: "Checks for cluster health issues that could make the upgrade fail (subnets, security groups, IAM role).",
            status: cluster.status == "ACTIVE" || cluster.status == "UPDATING" ? .passing : .error,
            reason: "No cluster health issues detected.",
            recommendation: "Fix the issues aws eks describe-cluster --query cluster.health lists before updating."))

        result.append(insight(
            "Deprecated APIs removed in Kubernetes v\(target)",
            description: "Checks for requests to Kubernetes APIs that are removed in v\(target).",
            status: .passing,
            reason: "No deprecated API usage detected within the last 30 days.",
            recommendation: "Update manifests and API clients to use the newer Kubernetes APIs before upgrading to v\(target)."))
        return result
    }

    public func listInsights(cluster clusterName: String) throws(ServiceError) -> [Insight] {
        guard clusterName == cluster.name else { throw .clusterNotFound(clusterName) }
        return insights()
    }

    public func describeInsight(cluster clusterName: String, id: String) throws(ServiceError) -> Insight {
        guard clusterName == cluster.name else { throw .clusterNotFound(clusterName) }
        guard let insight = insights().first(where: { $0.id == id }) else {
            throw ServiceError(code: "ResourceNotFoundException", message: "No insight found for id: \(id)", httpStatus: 404)
        }
        return insight
    }
}
