import ClusterSim

/// How much Workshop explains while a cluster changes.
public enum NarrationLevel: String, Sendable, CaseIterable {
    /// Every phase and the notable events inside it.
    case full
    /// Phase changes and the result only.
    case brief
    case off
}

/// Turns the simulator's event stream into plain explanations tied to what a participant can
/// see (`kubectl get nodes`, `aws eks describe-update`). It reads events and observable state,
/// never lesson text, so it also explains commands typed freely.
public struct Narrator {
    public var level: NarrationLevel
    private var reportedRefusals: Set<String> = []
    private var pickedCount = 0

    public init(level: NarrationLevel = .full) {
        self.level = level
    }

    /// The explanation for one event, if it deserves one at this level.
    public mutating func narrate(_ event: SimEvent, simulator: Simulator) -> String? {
        guard level != .off else { return nil }
        let brief = level == .brief
        switch event.kind {
        case let .clusterUpdateStarted(_, from, to):
            return "EKS accepted the control plane update from Kubernetes \(from) to \(to). It starts new API server instances on \(to) next to the old ones, checks their health, then moves the cluster endpoint to them; the Kubernetes API stays available throughout. Your nodes are not touched: they keep running \(from) until you update each node group."
        case .clusterStatusChanged(_, "UPDATING"):
            return brief ? nil : "The cluster is UPDATING (aws eks describe-cluster --query cluster.status). You cannot start another cluster update until this one ends."
        case let .controlPlaneCutOver(version):
            return brief ? nil : "The new control plane instances passed their health checks and now serve the API endpoint: kubectl version reports a \(version) server, while describe-update still says InProgress until the old instances are gone."
        case let .clusterVersionChanged(from, to, platform):
            let behind = simulator.scenario.nodegroups.map(\.name).filter { name in
                (try? simulator.describeNodegroup(cluster: simulator.cluster.name, nodegroup: name))?.version == from
            }
            let next = behind.isEmpty ? "" : " Node group\(behind.count == 1 ? "" : "s") \(behind.joined(separator: ", ")) still run\(behind.count == 1 ? "s" : "") \(from): one minor version behind is allowed, but the control plane cannot move again until they follow (aws eks update-nodegroup-version --kubernetes-version \(to), or eksctl upgrade nodegroup)."
            let stale = AddonCatalog.addons.compactMap { info -> String? in
                guard let addon = try? simulator.describeAddon(cluster: simulator.cluster.name, addon: info.name),
                      let version = info.versions.first(where: { $0.version == addon.version }), !version.compatible(with: to) else { return nil }
                return "\(info.name) \(addon.version)"
            }
            let addons = stale.isEmpty ? "" : " These add-ons are not made for \(to) and need an update too: \(stale.joined(separator: ", ")) (aws eks describe-addon-versions --kubernetes-version \(to) shows the versions; aws eks update-addon moves them)."
            return "The control plane now runs Kubernetes \(to) on platform version \(platform), and the cluster is ACTIVE again.\(next)\(addons)"
        case let .requestRefused(operation, code, message):
            return Self.refusal(operation: operation, code: code, message: message, simulator: simulator)
        case let .addonUpdateStarted(_, addon, from, to):
            guard from != to else {
                return brief ? nil : "EKS re-applies the \(addon) add-on at \(to), the version it already runs: nothing changes on the nodes."
            }
            let update = simulator.addonUpdates.first { $0.addon == addon }
            let pods = update?.podsLeft ?? 0, batch = update?.batch ?? 1
            let pace = batch == 1 ? "one at a time, each after the previous replacement is Ready" : "\(batch) at a time, each batch after the previous one is Ready"
            return "EKS accepted the update of the \(addon) add-on from \(from) to \(to). It applies the new version's manifests, then replaces the add-on's \(pods) pod\(pods == 1 ? "" : "s") \(pace)."
        case let .addonVersionChanged(addon, _, to):
            let compatible = AddonCatalog.info(addon)?.versions.first { $0.version == to }?.compatible(with: simulator.cluster.version) ?? true
            return "The \(addon) add-on now runs \(to) and is ACTIVE again\(compatible ? "" : ", though it is not made for Kubernetes \(simulator.cluster.version) yet: look at aws eks describe-addon-versions --addon-name \(addon) --kubernetes-version \(simulator.cluster.version)")."
        case let .updateStarted(_, nodegroup, version, release, strategy, parallelism, force):
            pickedCount = 0
            reportedRefusals = []
            return "EKS accepted the update of node group \(nodegroup): every node will move to Kubernetes \(version), AMI release \(release). Strategy \(strategy), up to \(parallelism) node\(parallelism == 1 ? "" : "s") at a time\(force ? ", forced (PodDisruptionBudgets will not stop it)" : "")."
        case .phaseStarted(.setup, _):
            return "Phase 1/4, setup: EKS writes a new launch template version with the new AMI and points the Auto Scaling group at it."
        case .phaseStarted(.scaleUp, _):
            return "Phase 2/4, scale up: new nodes are started from the new template before any old node is touched."
        case let .autoScalingGroupResized(group, nodegroup, from, to, "scale-up"):
            // The group's own zones and its own update: another node group may be updating too.
            let zones = simulator.describeAutoScalingGroups(names: [group]).first?.availabilityZones.count
                ?? simulator.scenario.availabilityZones.count
            let parallelism = simulator.activeUpdate(nodegroup: nodegroup)?.parallelism ?? 1
            return brief ? nil : "The Auto Scaling group grows from \(from.desired) to \(to.desired) nodes (max \(from.max) → \(to.max)): by the larger of 2 × \(zones) Availability Zone\(zones == 1 ? "" : "s") = \(2 * zones) and maxUnavailable = \(parallelism), so every zone gets a new node."
        case .phaseStarted(.upgrade, _):
            return "Phase 3/4, upgrade: the old nodes are now SchedulingDisabled (cordoned and tainted eks.amazonaws.com/nodegroup=unschedulable:NoSchedule), so no new pod lands on them. EKS drains them one batch at a time."
        case let .nodePickedForUpgrade(node, _, candidates):
            pickedCount += 1
            return brief ? nil : "EKS picked \(Self.short(node)) at random among \(candidates) old node\(candidates == 1 ? "" : "s") and evicts its pods through the Kubernetes eviction API, which honours PodDisruptionBudgets."
        case let .podEvicted(pod, node, nodegroup) where level == .full && simulator.activeUpdate(nodegroup: nodegroup) != nil:
            return "Evicted \(pod) from \(Self.short(node)); its controller starts a replacement on a schedulable node."
        case let .evictionRefused(pod, _, budget, healthy, required):
            guard !brief, reportedRefusals.insert(pod).inserted else { return nil }
            return "The eviction of \(pod) was refused: PodDisruptionBudget \(budget) needs \(required) healthy pod\(required == 1 ? "" : "s") and has \(healthy). EKS retries; after 15 minutes without success the update fails with PodEvictionFailure (unless --force)."
        case let .nodeCordoned(node, wait):
            return brief ? nil : "\(Self.short(node)) is empty. EKS waits \(wait) seconds before asking the Auto Scaling group to terminate it."
        case let .instanceTerminating(id, node?, nodegroup) where simulator.activeUpdate(nodegroup: nodegroup)?.phase == .upgrade:
            return brief ? nil : "Terminating \(id) (\(Self.short(node))); the group replaces it from the new launch template."
        case .phaseStarted(.scaleDown, _):
            return "Phase 4/4, scale down: no old node is left. The Auto Scaling group shrinks one node at a time back to its configured size."
        case let .updateStatusChanged(id, _, "Successful"):
            // A cluster update's end is told with the version change, just before.
            guard (try? simulator.describeUpdate(cluster: simulator.cluster.name, updateId: id))?.nodegroupName != nil else { return nil }
            return "Update \(id) is Successful: every node runs the new AMI and the group is back to its configured size."
        case let .updateFailed(_, code, message, ids):
            let advice = code == "PodEvictionFailure"
                ? "Check the PodDisruptionBudgets (kubectl get pdb -A), or run the update again with --force to delete the pods instead."
                : "Check capacity in the Availability Zones and the nodes' health (aws eks describe-nodegroup), then try again."
            return "The update failed: \(code): \(message)\(ids.isEmpty ? "" : " (\(ids.map(Self.short).joined(separator: ", ")))"). \(advice)"
        default:
            return nil
        }
    }

    /// Why EKS refused an update request, in terms of the upgrade's rules, and what to do instead.
    static func refusal(operation: String, code: String, message: String, simulator: Simulator) -> String? {
        let cluster = simulator.cluster
        let next = "1.\(Simulator.minor(cluster.version) + 1)"
        switch (operation, code) {
        case ("UpdateNodegroupVersion", "InvalidParameterException") where message.contains("cannot be greater than the cluster version"):
            return "A node group may not run a newer Kubernetes version than its control plane (\(cluster.version)). Move the control plane first (aws eks update-cluster-version --kubernetes-version \(next), or eksctl upgrade cluster --approve), then the node group."
        case ("UpdateClusterVersion", "InvalidParameterException") where message.hasPrefix("Unsupported Kubernetes minor version update"):
            return "The control plane moves one minor version at a time, and only forward: from \(cluster.version) the next is \(next)."
        case ("UpdateClusterVersion", "InvalidParameterException") where message.contains("must be updated to match cluster version"):
            return "Every managed node group must run the control plane's version (\(cluster.version)) before the control plane moves again: update the node groups first (aws eks update-nodegroup-version --kubernetes-version \(cluster.version))."
        case ("UpdateClusterVersion", "InvalidStateException"):
            return "An upgrade insight reports an error for \(next): aws eks list-insights --cluster-name \(cluster.name) --filter statuses=ERROR shows which, and aws eks describe-insight what to do. --force overrides the check, at your own risk."
        case (_, "ResourceInUseException"):
            return "Another update of the same thing is still in progress: wait for it to end (aws eks describe-update, or the matching aws eks wait) and try again."
        case ("UpdateAddon", "InvalidParameterException") where message == "Addon version specified is not supported":
            return "That add-on version is not made for Kubernetes \(cluster.version): aws eks describe-addon-versions --kubernetes-version \(cluster.version) --addon-name NAME lists the ones that are."
        default:
            return nil
        }
    }

    /// `ip-10-42-10-96` from `ip-10-42-10-96.us-west-2.compute.internal`.
    static func short(_ name: String) -> String {
        name.split(separator: ".").first.map(String.init) ?? name
    }

    /// What is happening right now and what comes next (the shell's `explain`).
    public static func explain(_ simulator: Simulator) -> String {
        var lines: [String] = []
        for update in simulator.addonUpdates {
            lines.append("Update \(update.updateId) moves the \(update.addon) add-on from \(update.from) to \(update.to): \(update.podsLeft) pod\(update.podsLeft == 1 ? "" : "s") still to replace, one at a time.")
        }
        if let update = simulator.controlPlaneUpdate {
            lines.append("Update \(update.updateId) moves the control plane from Kubernetes \(update.from) to \(update.to): "
                + (update.cutOver
                    ? "the new API server instances already serve the endpoint (kubectl version reports \(update.to)); the old ones are being removed, then the cluster is ACTIVE on \(update.to)."
                    : "new API server instances on \(update.to) are starting and being health-checked; the endpoint still reaches the \(update.from) servers. The API stays available."))
        } else {
            lines.append("The control plane runs Kubernetes \(simulator.cluster.version) (\(simulator.cluster.platformVersion)) and is \(simulator.cluster.status). Move it one minor version with `aws eks update-cluster-version` or `eksctl upgrade cluster --approve`, once every node group runs \(simulator.cluster.version).")
        }
        for name in simulator.scenario.nodegroups.map(\.name) {
            guard let group = try? simulator.describeNodegroup(cluster: simulator.cluster.name, nodegroup: name) else { continue }
            let nodes = simulator.nodeList().filter { $0.nodegroup == name }
            guard let active = simulator.activeUpdate(nodegroup: name), let target = simulator.updateTarget(nodegroup: name) else {
                lines.append("Node group \(name) is \(group.status.rawValue) on release \(group.releaseVersion) with \(nodes.count) node\(nodes.count == 1 ? "" : "s"). Nothing is changing. Start an update with `aws eks update-nodegroup-version` or `eksctl upgrade nodegroup`.")
                continue
            }
            let fresh = nodes.filter { $0.imageId == target.imageId }.count
            let elapsed = (simulator.now - active.phaseStarted).durationText
            let next: String
            switch active.phase {
            case .setup: next = "next, scale up: new nodes start in every zone"
            case .scaleUp: next = "waiting for the new nodes to be Ready in every zone; next, old nodes are cordoned and drained"
            case .upgrade: next = "old nodes are drained \(active.parallelism) at a time; next, scale down to the configured size"
            case .scaleDown: next = "the group shrinks one node at a time; then the update is Successful"
            }
            lines.append("Update \(active.updateId) of \(name): \(active.phase.rawValue) phase for \(elapsed). \(fresh)/\(nodes.count) nodes on the new AMI (\(target.releaseVersion)). \(next.prefix(1).uppercased() + next.dropFirst()).")
        }
        return lines.joined(separator: "\n")
    }

    /// One progress line for long waits: phase, nodes on the new AMI, pods pending, time elapsed
    /// since the update started, and an estimate of what is left.
    public static func progress(_ simulator: Simulator) -> String? {
        if let update = simulator.controlPlaneUpdate {
            return "[\(simulator.now.clockText)] control plane \(update.from) → \(update.to): " + (update.cutOver ? "new API servers serve the endpoint, old ones going" : "new API servers starting")
        }
        for name in simulator.scenario.nodegroups.map(\.name) {
            guard let active = simulator.activeUpdate(nodegroup: name), let target = simulator.updateTarget(nodegroup: name) else { continue }
            let nodes = simulator.nodeList().filter { $0.nodegroup == name }
            let fresh = nodes.filter { $0.imageId == target.imageId && $0.readiness == .ready }.count
            let old = nodes.filter { $0.imageId != target.imageId }.count
            let pending = simulator.podList().filter { $0.nodeName == nil }.count
            let started = simulator.events.last { event in
                if case .updateStarted(active.updateId, _, _, _, _, _, _) = event.kind { return true }
                return false
            }?.time ?? active.phaseStarted
            let elapsed = simulator.now - started
            // Rough: about two minutes to bring up new nodes, then per batch of old nodes the drain,
            // the 60-second wait and the next pick, then a short scale down.
            let batches = (old + active.parallelism - 1) / max(1, active.parallelism)
            var left = Double(batches) * 100 + (active.phase == .scaleDown ? 60 : 120)
            if active.phase == .setup || active.phase == .scaleUp { left += 120 }
            return "[\(simulator.now.clockText)] \(active.phase.rawValue): \(fresh)/\(nodes.count) nodes on the new AMI, \(pending) pod\(pending == 1 ? "" : "s") pending, \(elapsed.durationText) elapsed, about \(SimTime.seconds(left).durationText) left"
        }
        return nil
    }
}
