import ClusterSim
import ClusterObservation

extension Narrator {
    /// What is happening right now and what comes next (the shell's `:explain`), from the last look.
    public static func explain(_ snapshot: ClusterSnapshot, observer: UpgradeObserver) -> String {
        var lines: [String] = []
        for addon in snapshot.addons where addon.status == "UPDATING" {
            let update = snapshot.activeUpdate(.addon(addon.name))
            let left = addon.podsToReplace.map { ": \($0) pod\($0 == 1 ? "" : "s") still to replace" } ?? ""
            lines.append("Update \(update?.id ?? "") moves the \(addon.name) add-on from \(addon.version) to \(update?.params["AddonVersion"] ?? "a new version")\(left).")
        }
        let cluster = snapshot.cluster
        if let update = snapshot.activeUpdate(.controlPlane), update.type == "VersionUpdate" {
            let to = update.params["Version"] ?? cluster.serverVersion
            lines.append("Update \(update.id) moves the control plane from Kubernetes \(cluster.version) to \(to): "
                + (cluster.serverVersion == to
                    ? "the new API server instances already serve the endpoint (kubectl version reports \(to)); the old ones are being removed, then the cluster is ACTIVE on \(to)."
                    : "new API server instances on \(to) are starting and being health-checked; the endpoint still reaches the \(cluster.version) servers. The API stays available."))
        } else {
            lines.append("The control plane runs Kubernetes \(cluster.version) (\(cluster.platformVersion)) and is \(cluster.status). Move it one minor version with `aws eks update-cluster-version` or `eksctl upgrade cluster --approve`, once every node group runs \(cluster.version).")
        }
        for group in snapshot.nodegroups {
            let nodes = snapshot.nodes(of: group.name)
            guard let update = snapshot.activeUpdate(.nodegroup(group.name)), update.type == "VersionUpdate",
                  let phase = observer.phase(nodegroup: group.name) else {
                lines.append("Node group \(group.name) is \(group.status) on release \(group.releaseVersion) with \(nodes.count) node\(nodes.count == 1 ? "" : "s"). Nothing is changing. Start an update with `aws eks update-nodegroup-version` or `eksctl upgrade nodegroup`.")
                continue
            }
            let fresh = nodes.filter { $0.createdEpoch >= update.createdEpoch }.count
            let elapsed = duration(snapshot.epoch - update.createdEpoch)
            let next: String
            switch phase {
            case .setup: next = "next, scale up: new nodes start in every zone"
            case .scaleUp: next = "waiting for the new nodes to be Ready in every zone; next, old nodes are cordoned and drained"
            case .upgrade: next = "old nodes are drained \(group.parallelism) at a time; next, scale down to the configured size"
            case .scaleDown: next = "the group shrinks one node at a time; then the update is Successful"
            }
            let release = update.params["ReleaseVersion"].map { " (\($0))" } ?? ""
            lines.append("Update \(update.id) of \(group.name): \(phase.rawValue) phase, \(elapsed) since the update started. \(fresh)/\(nodes.count) nodes on the new AMI\(release). \(next.prefix(1).uppercased() + next.dropFirst()).")
        }
        return lines.joined(separator: "\n")
    }

    /// One progress line for long waits: phase, nodes on the new AMI, pods pending, time elapsed
    /// since the update started, and an estimate of what is left.
    public static func progress(_ snapshot: ClusterSnapshot, observer: UpgradeObserver) -> String? {
        let clock = clockText(snapshot.time)
        if let update = snapshot.activeUpdate(.controlPlane), update.type == "VersionUpdate" {
            let to = update.params["Version"] ?? ""
            return "[\(clock)] control plane \(snapshot.cluster.version) → \(to): " + (snapshot.cluster.serverVersion == to ? "new API servers serve the endpoint, old ones going" : "new API servers starting")
        }
        for group in snapshot.nodegroups {
            guard let update = snapshot.activeUpdate(.nodegroup(group.name)), update.type == "VersionUpdate",
                  let phase = observer.phase(nodegroup: group.name) else { continue }
            let nodes = snapshot.nodes(of: group.name)
            let fresh = nodes.filter { $0.createdEpoch >= update.createdEpoch && $0.ready }.count
            let old = nodes.filter { $0.createdEpoch < update.createdEpoch }.count
            // Rough: about two minutes to bring up new nodes, then per batch of old nodes the drain,
            // the 60-second wait and the next pick, then a short scale down.
            let batches = (old + group.parallelism - 1) / max(1, group.parallelism)
            var left = Double(batches) * 100 + (phase == .scaleDown ? 60 : 120)
            if phase == .setup || phase == .scaleUp { left += 120 }
            let pending = snapshot.pendingPods
            return "[\(clock)] \(phase.rawValue): \(fresh)/\(nodes.count) nodes on the new AMI, \(pending) pod\(pending == 1 ? "" : "s") pending, \(duration(snapshot.epoch - update.createdEpoch)) elapsed, about \(duration(left)) left"
        }
        return nil
    }

    static func clockText(_ seconds: Double) -> String { SimTime.seconds(seconds).clockText }

    static func duration(_ seconds: Double) -> String { SimTime.seconds(max(0, seconds)).durationText }
}
