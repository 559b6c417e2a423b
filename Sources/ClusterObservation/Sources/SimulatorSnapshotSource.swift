import ClusterSim

/// Snapshots of the simulated cluster, read through the same queries its `aws` and `kubectl`
/// answer from (DescribeUpdate, DescribeNodegroup, DescribeAutoScalingGroups, the node and pod
/// lists) — never its private event stream, so a simulated session exercises the same inference a
/// real cluster gets.
public final class SimulatorSnapshotSource: SnapshotSource {
    public let simulator: Simulator

    public init(simulator: Simulator) {
        self.simulator = simulator
    }

    public func snapshot() -> ClusterSnapshot {
        let sim = simulator
        let name = sim.cluster.name
        let cluster = ClusterView(name: name, version: sim.cluster.version, platformVersion: sim.cluster.platformVersion,
                                  status: sim.cluster.status, serverVersion: sim.cluster.serverVersion)
        let nodegroupNames = (try? sim.listNodegroups(cluster: name)) ?? []
        var updates: [UpdateView] = []
        func collect(_ ids: [String], _ subject: UpdateView.Subject, nodegroup: String? = nil, addon: String? = nil) {
            for id in ids {
                guard let update = try? sim.describeUpdate(cluster: name, updateId: id, nodegroup: nodegroup, addon: addon) else { continue }
                updates.append(UpdateView(
                    id: update.id, subject: subject, type: update.type, status: update.status.rawValue,
                    params: Dictionary(update.params.map { ($0.type, $0.value) }, uniquingKeysWith: { _, last in last }),
                    createdEpoch: update.createdEpoch,
                    errors: update.errors.map { .init(code: $0.errorCode, message: $0.errorMessage, resourceIds: $0.resourceIds) }))
            }
        }
        collect((try? sim.listUpdates(cluster: name)) ?? [], .controlPlane)
        var nodegroups: [NodegroupView] = []
        for group in nodegroupNames {
            collect((try? sim.listUpdates(cluster: name, nodegroup: group)) ?? [], .nodegroup(group), nodegroup: group)
            guard let ng = try? sim.describeNodegroup(cluster: name, nodegroup: group) else { continue }
            nodegroups.append(NodegroupView(
                name: ng.name, status: ng.status.rawValue, version: ng.version, releaseVersion: ng.releaseVersion,
                minSize: ng.scalingConfig.minSize, maxSize: ng.scalingConfig.maxSize, desiredSize: ng.scalingConfig.desiredSize,
                maxUnavailable: ng.updateConfig.maxUnavailable ?? (ng.updateConfig.maxUnavailablePercentage == nil ? 1 : nil),
                maxUnavailablePercentage: ng.updateConfig.maxUnavailablePercentage,
                updateStrategy: ng.updateConfig.updateStrategy?.rawValue, autoScalingGroup: ng.autoScalingGroupName,
                healthIssues: ng.healthIssues.map { .init(code: $0.code, message: $0.message, resourceIds: $0.resourceIds) }))
        }
        var addons: [AddonView] = []
        let rollouts = sim.addonUpdates
        for addon in (try? sim.listAddons(cluster: name)) ?? [] {
            collect((try? sim.listUpdates(cluster: name, addon: addon)) ?? [], .addon(addon), addon: addon)
            guard let view = try? sim.describeAddon(cluster: name, addon: addon) else { continue }
            let compatible = AddonCatalog.info(addon)?.versions.first { $0.version == view.version }?.compatible(with: sim.cluster.version)
            addons.append(AddonView(name: addon, version: view.version, status: view.status.rawValue, compatibleWithCluster: compatible,
                                    podsToReplace: rollouts.first { $0.addon == addon }?.podsLeft))
        }
        let groups = sim.describeAutoScalingGroups().map { asg in
            AutoScalingGroupView(
                name: asg.name, minSize: asg.minSize, maxSize: asg.maxSize, desiredCapacity: asg.desiredCapacity,
                launchTemplateVersion: String(asg.launchTemplateVersion), zones: asg.availabilityZones,
                instances: asg.instanceIds.compactMap { id in
                    guard let instance = sim.instance(id: id) else { return nil }
                    let state: String
                    switch instance.state {
                    case .pending: state = "Pending"
                    case .running: state = "InService"
                    case .shuttingDown, .terminated: state = "Terminating"
                    }
                    return .init(id: id, zone: instance.availabilityZone, lifecycleState: state,
                                 launchTemplateVersion: String(instance.launchTemplateVersion))
                })
        }
        let withStatus = sim.budgetsWithStatus()
        // Pods counted node by node through the node's own pod index (no lookup per pod).
        var placed = 0
        let nodes = sim.nodeList().map { node -> NodeView in
            var workload = 0, daemon = 0
            sim.forEachPod(onNode: node.name) { pod in
                placed += 1
                if pod.isDaemon { daemon += 1 } else if !pod.terminating { workload += 1 }
            }
            return NodeView(name: node.name, nodegroup: node.labels["eks.amazonaws.com/nodegroup"] ?? node.nodegroup,
                            zone: node.labels["topology.kubernetes.io/zone"] ?? node.availabilityZone, instanceId: node.instanceId,
                            createdEpoch: sim.calendar.epoch(node.created), kubeletVersion: node.kubeletVersion,
                            image: node.labels["eks.amazonaws.com/nodegroup-image"], ready: node.readiness == .ready,
                            unschedulable: node.unschedulable,
                            taints: node.taints.map { "\($0.key)\($0.value.map { "=\($0)" } ?? ""):\($0.kubernetesEffect)" },
                            workloadPods: workload, daemonPods: daemon)
        }
        // A pod no node has taken is pending (a deleted pod leaves at once, so none of them is terminating).
        let pending = sim.podCount - placed
        let budgets = withStatus.map { entry in
            BudgetView(namespace: entry.budget.namespace, name: entry.budget.name, disruptionsAllowed: max(0, entry.healthy - entry.required),
                       currentHealthy: entry.healthy, desiredHealthy: entry.required, nodes: entry.exhaustedOn)
        }
        return ClusterSnapshot(time: sim.now.seconds, epoch: sim.calendar.epoch(sim.now), cluster: cluster, updates: updates,
                               nodegroups: nodegroups, groups: groups, nodes: nodes, budgets: budgets, addons: addons,
                               pendingPods: pending)
    }
}
