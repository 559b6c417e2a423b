import ClusterObservation

/// How much Workshop explains while a cluster changes.
public enum NarrationLevel: String, Sendable, CaseIterable {
    /// Every phase and the notable events inside it.
    case full
    /// Phase changes and the result only.
    case brief
    case off
}

/// Explains what an observer inferred from successive looks at the cluster, tied to what a
/// participant can check themselves (`kubectl get nodes`, `aws eks describe-update`). The words
/// are the same whether the looks came from the simulator or a real cluster: it reads only
/// ``ObservedChange``s and the snapshot they came from, never lesson text or simulator internals,
/// so it also explains commands typed freely.
public struct Narrator: Sendable {
    public var level: NarrationLevel

    public init(level: NarrationLevel = .full) {
        self.level = level
    }

    /// The explanations for one look's changes, in order.
    public func narrate(_ observation: Observation) -> [String] {
        observation.changes.compactMap { narrate($0, snapshot: observation.snapshot) }
    }

    /// The explanation for one change, if it deserves one at this level.
    public func narrate(_ change: ObservedChange, snapshot: ClusterSnapshot) -> String? {
        guard level != .off else { return nil }
        let brief = level == .brief
        switch change {
        case let .clusterUpdateAccepted(_, from, to):
            return "EKS accepted the control plane update from Kubernetes \(from) to \(to). It starts new API server instances on \(to) next to the old ones, checks their health, then moves the cluster endpoint to them; the Kubernetes API stays available throughout. Your nodes are not touched: they keep running \(from) until you update each node group."
        case .clusterUpdating:
            return brief ? nil : "The cluster is UPDATING (aws eks describe-cluster --query cluster.status). You cannot start another cluster update until this one ends."
        case let .controlPlaneServing(version):
            return brief ? nil : "The new control plane instances passed their health checks and now serve the API endpoint: kubectl version reports a \(version) server, while describe-update still says InProgress until the old instances are gone."
        case let .clusterVersionChanged(from, to, platform, behind, stale):
            let next = behind.isEmpty ? "" : " Node group\(behind.count == 1 ? "" : "s") \(behind.joined(separator: ", ")) still run\(behind.count == 1 ? "s" : "") \(from): one minor version behind is allowed, but the control plane cannot move again until they follow (aws eks update-nodegroup-version --kubernetes-version \(to), or eksctl upgrade nodegroup)."
            let addons = stale.isEmpty ? "" : " These add-ons are not made for \(to) and need an update too: \(stale.joined(separator: ", ")) (aws eks describe-addon-versions --kubernetes-version \(to) shows the versions; aws eks update-addon moves them)."
            return "The control plane now runs Kubernetes \(to) on platform version \(platform), and the cluster is ACTIVE again.\(next)\(addons)"
        case let .addonUpdateAccepted(_, addon, from, to, pods):
            guard from != to else {
                return brief ? nil : "EKS re-applies the \(addon) add-on at \(to), the version it already runs: nothing changes on the nodes."
            }
            // DaemonSet add-ons roll a tenth of their pods at a time (at least one); CoreDNS, a Deployment, one by one.
            let batch = addon == "coredns" ? 1 : max(1, (pods ?? 0) / 10)
            let pace = batch == 1 ? "one at a time, each after the previous replacement is Ready" : "\(batch) at a time, each batch after the previous one is Ready"
            let replaced = pods.map { "\($0) pod\($0 == 1 ? "" : "s")" } ?? "pods"
            return "EKS accepted the update of the \(addon) add-on from \(from) to \(to). It applies the new version's manifests, then replaces the add-on's \(replaced) \(pace)."
        case let .addonUpdated(addon, version, compatible, clusterVersion):
            let fits = compatible ?? true
            return "The \(addon) add-on now runs \(version) and is ACTIVE again\(fits ? "" : ", though it is not made for Kubernetes \(clusterVersion) yet: look at aws eks describe-addon-versions --addon-name \(addon) --kubernetes-version \(clusterVersion)")."
        case let .nodegroupUpdateAccepted(_, nodegroup, version, release, strategy, parallelism):
            return "EKS accepted the update of node group \(nodegroup): every node will move to Kubernetes \(version), AMI release \(release). Strategy \(strategy), up to \(parallelism) node\(parallelism == 1 ? "" : "s") at a time."
        case let .phaseStarted(_, phase, late):
            let seen = late ? " (already over when Workshop looked)" : ""
            switch phase {
            case .setup:
                return "Phase 1/4, setup\(seen): EKS writes a new launch template version with the new AMI and points the Auto Scaling group at it."
            case .scaleUp:
                return "Phase 2/4, scale up\(seen): new nodes are started from the new template before any old node is touched."
            case .upgrade:
                return "Phase 3/4, upgrade\(seen): the old nodes are now SchedulingDisabled (cordoned and tainted eks.amazonaws.com/nodegroup=unschedulable:NoSchedule), so no new pod lands on them. EKS drains them one batch at a time."
            case .scaleDown:
                return "Phase 4/4, scale down\(seen): no old node is left. The Auto Scaling group shrinks one node at a time back to its configured size."
            }
        case let .groupScaledUp(_, fromDesired, toDesired, fromMax, toMax, zones, parallelism):
            return brief ? nil : "The Auto Scaling group grows from \(fromDesired) to \(toDesired) nodes (max \(fromMax) → \(toMax)): by the larger of 2 × \(zones) Availability Zone\(zones == 1 ? "" : "s") = \(2 * zones) and maxUnavailable = \(parallelism), so every zone gets a new node."
        case let .nodesJoined(_, nodes, zones):
            return brief ? nil : "\(nodes.count) new node\(nodes.count == 1 ? " is" : "s are") Ready (\(nodes.map(Self.short).joined(separator: ", "))) in \(zones.joined(separator: ", ")), on the new AMI."
        case let .drainStarted(_, node, left):
            return brief ? nil : "EKS is draining \(Self.short(node)) (\(left) old node\(left == 1 ? "" : "s") left): it evicts the node's pods through the Kubernetes eviction API, which honours PodDisruptionBudgets, and their controllers start replacements on schedulable nodes."
        case let .evictionsBlocked(_, budget, node, healthy, required):
            return brief ? nil : "Evictions from \(Self.short(node)) are being refused: PodDisruptionBudget \(budget) needs \(required) healthy pod\(required == 1 ? "" : "s") and has \(healthy) (kubectl get pdb -A shows ALLOWED DISRUPTIONS 0). EKS retries; after 15 minutes without success the update fails with PodEvictionFailure (unless --force)."
        case let .nodeDrained(_, node):
            return brief ? nil : "\(Self.short(node)) is empty. EKS waits 60 seconds before asking the Auto Scaling group to terminate it."
        case let .nodeTerminating(_, node, instanceId):
            return brief ? nil : "Terminating \(instanceId ?? "the instance") (\(Self.short(node))); the group replaces it from the new launch template."
        case let .groupScaledDown(_, fromDesired, toDesired):
            return brief ? nil : "The Auto Scaling group shrinks from \(fromDesired) to \(toDesired) nodes."
        case let .healthIssue(nodegroup, code, message):
            return "Node group \(nodegroup) reports a health issue: \(code): \(message) (aws eks describe-nodegroup --query nodegroup.health)."
        case let .updateSucceeded(id, subject, type):
            switch subject {
            case .nodegroup where type == "VersionUpdate":
                return "Update \(id) is Successful: every node runs the new AMI and the group is back to its configured size."
            case .nodegroup:
                return brief ? nil : "Update \(id) of the node group's configuration is Successful."
            default:
                // A control plane's or an add-on's end is told with its version change.
                return nil
            }
        case let .updateFailed(_, subject, code, message, ids):
            let advice: String
            switch code {
            case "PodEvictionFailure":
                advice = "Check the PodDisruptionBudgets (kubectl get pdb -A), or run the update again with --force to delete the pods instead."
            default:
                if case .nodegroup = subject {
                    advice = "Check capacity in the Availability Zones and the nodes' health (aws eks describe-nodegroup), then try again."
                } else {
                    advice = "aws eks describe-update shows the details; fix the cause, then try again."
                }
            }
            return "The update failed: \(code): \(message)\(ids.isEmpty ? "" : " (\(ids.map(Self.short).joined(separator: ", ")))"). \(advice)"
        }
    }

    /// `ip-10-42-10-96` from `ip-10-42-10-96.us-west-2.compute.internal`.
    static func short(_ name: String) -> String { NodeView.short(name) }
}
