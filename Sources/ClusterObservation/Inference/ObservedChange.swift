/// The four phases of a managed node group update, as EKS documents them.
public enum UpgradePhaseName: String, Sendable, CaseIterable, Comparable {
    case setup, scaleUp = "scale up", upgrade, scaleDown = "scale down"

    /// 1 to 4.
    public var number: Int { Self.allCases.firstIndex(of: self)! + 1 }

    public static func < (a: Self, b: Self) -> Bool { a.number < b.number }
}

/// Something that happened between two snapshots, as a participant would put it.
public enum ObservedChange: Sendable, Equatable {
    // The control plane.
    case clusterUpdateAccepted(updateId: String, from: String, to: String)
    case clusterUpdating
    /// The API server answers with the new version (the cut-over), before describe-cluster does.
    case controlPlaneServing(version: String)
    case clusterVersionChanged(from: String, to: String, platform: String, nodegroupsBehind: [String], staleAddons: [String])

    // Add-ons.
    case addonUpdateAccepted(updateId: String, addon: String, from: String, to: String, podsToReplace: Int?)
    case addonUpdated(addon: String, version: String, compatible: Bool?, clusterVersion: String)

    // Node groups.
    case nodegroupUpdateAccepted(updateId: String, nodegroup: String, version: String, release: String, strategy: String, parallelism: Int)
    /// A phase began; `late` when it was already over by the time a snapshot could show it.
    case phaseStarted(nodegroup: String, phase: UpgradePhaseName, late: Bool)
    case groupScaledUp(nodegroup: String, fromDesired: Int, toDesired: Int, fromMax: Int, toMax: Int, zones: Int, parallelism: Int)
    case nodesJoined(nodegroup: String, nodes: [String], zones: [String])
    case drainStarted(nodegroup: String, node: String, oldNodesLeft: Int)
    case evictionsBlocked(nodegroup: String, budget: String, node: String, healthy: Int, required: Int)
    case nodeDrained(nodegroup: String, node: String)
    case nodeTerminating(nodegroup: String, node: String, instanceId: String?)
    case groupScaledDown(nodegroup: String, fromDesired: Int, toDesired: Int)
    case healthIssue(nodegroup: String, code: String, message: String)

    // Any update's end.
    case updateSucceeded(updateId: String, subject: UpdateView.Subject, type: String)
    case updateFailed(updateId: String, subject: UpdateView.Subject, code: String, message: String, resourceIds: [String])
}
