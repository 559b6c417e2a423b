/// The state of one node group version update, advanced by the controller loop through the four
/// documented phases: setup, scale up, upgrade, scale down (MINIMAL skips the scale phases).
struct UpgradeWorkflow {
    var updateId: String
    var nodegroup: String
    var target: AMIRelease
    var targetVersion: String
    var force: Bool
    var strategy: UpdateConfig.Strategy
    var parallelism: Int
    var phase: UpgradePhase
    var phaseStarted: SimTime
    /// The group's configured sizes: where scale down returns to.
    var original: AutoScalingGroup.Sizes
    var increment = 0
    var lastScaleDownStep: SimTime?
}

extension Simulator {
    /// Starts a version update's workflow (the caller has validated the request).
    func startWorkflow(update: EKSUpdate, nodegroup name: String, target: AMIRelease, version: String, force: Bool) {
        guard let group = nodegroups[name], let asg = autoScalingGroups[group.autoScalingGroupName] else { return }
        let parallelism = group.updateConfig.parallelism(nodes: inService(asg).count)
        let config = group.scalingConfig
        var workflow = UpgradeWorkflow(updateId: update.id, nodegroup: name, target: target, targetVersion: version, force: force,
                                       strategy: group.updateConfig.strategy, parallelism: parallelism, phase: .setup,
                                       phaseStarted: now,
                                       original: .init(min: config.minSize, max: config.maxSize, desired: config.desiredSize))
        emit(.updateStarted(updateId: update.id, nodegroup: name, version: version, releaseVersion: target.releaseVersion,
                            strategy: workflow.strategy.rawValue, parallelism: parallelism, force: force))
        setNodegroupStatus(name, .updating)
        emit(.phaseStarted(.setup, nodegroup: name))
        // Setup: a new launch template version with the target AMI, and the ASG switched to it.
        var template = launchTemplates[group.launchTemplateId]!
        let next = template.latest.number + 1
        template.versions.append(LaunchTemplate.Version(number: next, imageId: target.imageId, instanceType: template.latest.instanceType,
                                                        createdEpoch: calendar.epoch(now)))
        launchTemplates[template.id] = template
        emit(.launchTemplateVersionCreated(name: template.name, version: next, imageId: target.imageId))
        autoScalingGroups[asg.name]!.launchTemplateVersion = next
        emit(.autoScalingGroupUsesLaunchTemplate(group: asg.name, version: next))
        workflow.phaseStarted = now
        workflows[name] = workflow
        ensureTick()
    }

    func advanceWorkflow(nodegroup name: String) {
        guard var workflow = workflows[name], let group = nodegroups[name],
              let asg = autoScalingGroups[group.autoScalingGroupName] else { return }
        switch workflow.phase {
        case .setup:
            guard now - workflow.phaseStarted >= .seconds(timings.setup) else { return }
            emit(.phaseFinished(.setup, nodegroup: name))
            if workflow.strategy == .default {
                workflow.phase = .scaleUp
                workflow.phaseStarted = now
                // Larger of twice the AZ count and maxUnavailable, so every zone gets a new node.
                let zones = asg.availabilityZones.count
                workflow.increment = max(2 * max(zones, 1), workflow.parallelism)
                workflows[name] = workflow
                emit(.phaseStarted(.scaleUp, nodegroup: name))
                resize(autoScalingGroup: asg.name, max: workflow.original.max + workflow.increment,
                       desired: workflow.original.desired + workflow.increment, reason: "scale-up")
            } else {
                workflow.phase = .upgrade
                workflow.phaseStarted = now
                workflows[name] = workflow
                emit(.phaseStarted(.upgrade, nodegroup: name))
            }
        case .scaleUp:
            let active = inService(asg)
            let fresh = active.filter { $0.imageId == workflow.target.imageId }
            let oldZones = Set(active.filter { $0.imageId != workflow.target.imageId }.map(\.availabilityZone))
            let readyFresh = fresh.filter { instance in instance.nodeName.flatMap { nodes[$0] }?.readiness == .ready }
            let coveredZones = Set(readyFresh.map(\.availabilityZone))
            let complete = active.count >= asg.desiredCapacity && readyFresh.count == fresh.count && oldZones.isSubset(of: coveredZones)
            if complete {
                emit(.phaseFinished(.scaleUp, nodegroup: name))
                // Old nodes: no new pods, and out of load balancers before they go.
                for instance in active where instance.imageId != workflow.target.imageId {
                    guard let nodeName = instance.nodeName, var node = nodes[nodeName] else { continue }
                    setUnschedulable(nodeName, true)
                    node = nodes[nodeName]!
                    node.labels["node.kubernetes.io/exclude-from-external-load-balancers"] = "true"
                    node.taints.append(Taint(key: "eks.amazonaws.com/nodegroup", value: "unschedulable", effect: "NO_SCHEDULE"))
                    nodes[nodeName] = node
                    invalidateSchedulerCache(node: nodeName)
                    emit(.nodeLabelled(node: nodeName, label: "node.kubernetes.io/exclude-from-external-load-balancers=true"))
                    emit(.nodeTainted(node: nodeName, taint: "eks.amazonaws.com/nodegroup=unschedulable:NoSchedule"))
                }
                workflow.phase = .upgrade
                workflow.phaseStarted = now
                workflows[name] = workflow
                emit(.phaseStarted(.upgrade, nodegroup: name))
            } else if now - workflow.phaseStarted >= .seconds(timings.nodeJoinLimit) {
                let missingZones = oldZones.subtracting(coveredZones).sorted()
                if let zone = missingZones.first, scenario.faults.contains(.noCapacity(availabilityZone: zone)) {
                    let type = launchTemplates[asg.launchTemplateId]?.latest.instanceType ?? "m5.large"
                    failWorkflow(nodegroup: name, code: "NodeCreationFailure",
                                 message: Self.insufficientCapacityMessage(type: type, zone: zone), resourceIds: [asg.name])
                } else {
                    let stuck = fresh.filter { instance in instance.nodeName.flatMap { nodes[$0] }?.readiness != .ready }.map(\.id)
                    failWorkflow(nodegroup: name, code: "NodeCreationFailure", message: "Instances failed to join the kubernetes cluster",
                                 resourceIds: stuck.isEmpty ? [asg.name] : stuck)
                }
            }
        case .upgrade:
            let mine = retirements.filter { $0.workflow == name }
            guard mine.isEmpty else { return }
            let active = inService(asg)
            if workflow.strategy == .minimal {
                // Wait for the replacements of the last batch before taking more capacity away.
                let notReady = active.contains { $0.imageId == workflow.target.imageId && $0.nodeName.flatMap { nodes[$0] }?.readiness != .ready }
                guard active.count >= asg.desiredCapacity, !notReady else {
                    if now - workflow.phaseStarted >= .seconds(timings.nodeJoinLimit) {
                        let stuck = active.filter { $0.nodeName.flatMap { nodes[$0] }?.readiness != .ready }.map(\.id)
                        failWorkflow(nodegroup: name, code: "NodeCreationFailure", message: "Instances failed to join the kubernetes cluster",
                                     resourceIds: stuck.isEmpty ? [asg.name] : stuck)
                    }
                    return
                }
            }
            let old = active.filter { $0.imageId != workflow.target.imageId }
            if old.isEmpty {
                emit(.phaseFinished(.upgrade, nodegroup: name))
                if workflow.strategy == .minimal {
                    completeWorkflow(nodegroup: name)
                } else {
                    workflow.phase = .scaleDown
                    workflow.phaseStarted = now
                    workflows[name] = workflow
                    emit(.phaseStarted(.scaleDown, nodegroup: name))
                }
                return
            }
            // A random pick of up to maxUnavailable old nodes.
            var pool = old
            var batch: [Instance] = []
            while batch.count < workflow.parallelism, !pool.isEmpty {
                let index = Int(rng.next() % UInt64(pool.count))
                batch.append(pool.remove(at: index))
            }
            workflow.phaseStarted = now
            workflows[name] = workflow
            for instance in batch {
                if let nodeName = instance.nodeName { emit(.nodePickedForUpgrade(node: nodeName, nodegroup: name, candidates: old.count)) }
                startRetirement(instanceId: instance.id, reason: .upgrade, force: workflow.force, workflow: name)
            }
        case .scaleDown:
            let scalingIn = retirements.contains { $0.reason == .scaleIn && instances[$0.instanceId]?.autoScalingGroup == asg.name }
            guard !scalingIn else { return }
            if let last = workflow.lastScaleDownStep, now - last < .seconds(timings.scaleDownStep) { return }
            if asg.maxSize > workflow.original.max || asg.desiredCapacity > workflow.original.desired {
                workflow.lastScaleDownStep = now
                workflows[name] = workflow
                resize(autoScalingGroup: asg.name, max: max(workflow.original.max, asg.maxSize - 1),
                       desired: max(workflow.original.desired, asg.desiredCapacity - 1), reason: "scale-down")
            } else if inService(asg).count == asg.desiredCapacity {
                emit(.phaseFinished(.scaleDown, nodegroup: name))
                completeWorkflow(nodegroup: name)
            }
        }
    }

    private func completeWorkflow(nodegroup name: String) {
        guard let workflow = workflows[name] else { return }
        workflows[name] = nil
        nodegroups[name]!.releaseVersion = workflow.target.releaseVersion
        nodegroups[name]!.version = workflow.targetVersion
        nodegroups[name]!.modifiedEpoch = calendar.epoch(now)
        setUpdateStatus(workflow.updateId, .successful)
        setNodegroupStatus(name, .active)
    }

    func failWorkflow(nodegroup name: String, code: String, message: String, resourceIds: [String]) {
        guard let workflow = workflows[name] else { return }
        workflows[name] = nil
        retirements.removeAll { $0.workflow == name }
        updates[workflow.updateId]!.errors = [EKSUpdate.ErrorDetail(errorCode: code, errorMessage: message, resourceIds: resourceIds)]
        emit(.updateFailed(updateId: workflow.updateId, errorCode: code, message: message, resourceIds: resourceIds))
        setUpdateStatus(workflow.updateId, .failed)
        nodegroups[name]!.modifiedEpoch = calendar.epoch(now)
        if code == "NodeCreationFailure" {
            // Failed scale-out is a health problem of the group: DEGRADED with an issue, as EKS reports it.
            nodegroups[name]!.healthIssues = [Nodegroup.HealthIssue(code: message.hasPrefix("We currently do not have sufficient") ? "AsgInstanceLaunchFailures" : "NodeCreationFailure",
                                                                    message: message, resourceIds: resourceIds)]
            setNodegroupStatus(name, .degraded)
        } else {
            setNodegroupStatus(name, .active)
        }
    }

    func setUpdateStatus(_ id: String, _ status: EKSUpdate.Status) {
        guard let before = updates[id]?.status, before != status else { return }
        updates[id]!.status = status
        emit(.updateStatusChanged(updateId: id, from: before.rawValue, to: status.rawValue))
    }

    func setNodegroupStatus(_ name: String, _ status: Nodegroup.Status) {
        guard let before = nodegroups[name]?.status, before != status else { return }
        nodegroups[name]!.status = status
        emit(.nodegroupStatusChanged(nodegroup: name, from: before.rawValue, to: status.rawValue))
    }
}
