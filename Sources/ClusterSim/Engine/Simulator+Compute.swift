/// EC2 and Auto Scaling: launching and terminating instances, and keeping each group at its
/// desired capacity across Availability Zones.
extension Simulator {
    /// Starts an instance in `zone` for an Auto Scaling group; it registers as a node after booting.
    @discardableResult
    func launchInstance(group: String, zone: String, joins: Bool, announce: Bool = true) -> String {
        var asg = autoScalingGroups[group]!
        let template = launchTemplates[asg.launchTemplateId]!
        let version = template.version(asg.launchTemplateVersion) ?? template.latest
        nextInstanceSequence += 1
        let id = "i-0" + rng.hex(16)
        let ip = allocateAddress(zone: zone)
        let subnet = environment.subnets.first { $0.availabilityZone == zone }!
        instances[id] = Instance(id: id, availabilityZone: zone, subnetId: subnet.id, privateIp: ip,
                                 privateDnsName: environment.privateDNSName(ip: ip), instanceType: version.instanceType,
                                 imageId: version.imageId, launchTemplateId: template.id, launchTemplateVersion: version.number,
                                 state: announce ? .pending : .running, launchEpoch: calendar.epoch(now), autoScalingGroup: group,
                                 nodeName: nil, joinsCluster: joins)
        instanceOrder.append(id)
        asg.instanceIds.append(id)
        autoScalingGroups[group] = asg
        if announce {
            emit(.instanceLaunched(instanceId: id, availabilityZone: zone, imageId: version.imageId))
            schedule(.instanceBooted(id), after: rng.jitter(timings.instanceBoot.low, timings.instanceBoot.high))
        }
        return id
    }

    func instanceBooted(_ id: String) {
        guard var instance = instances[id], instance.state == .pending else { return }
        instance.state = .running
        instances[id] = instance
        if instance.joinsCluster { registerNode(instanceId: id, ready: false, announce: true) }
    }

    /// Instances of a group that count toward its capacity (not shutting down).
    func inService(_ asg: AutoScalingGroup) -> [Instance] {
        asg.instanceIds.compactMap { instances[$0] }.filter { $0.state == .pending || $0.state == .running }
    }

    /// Brings a group to its desired capacity: launches into the zones with the fewest instances
    /// (skipping zones without capacity), or retires instances when it is above.
    func reconcile(autoScalingGroup name: String) {
        guard let asg = autoScalingGroups[name] else { return }
        var active = inService(asg)
        let retiring = Set(retirements.map(\.instanceId))
        let nodegroupName = asg.tags["eks:nodegroup-name"] ?? ""
        let updating = workflows[nodegroupName] != nil
        if active.count < asg.desiredCapacity {
            var failedZones: Set<String> = []
            for _ in 0..<(asg.desiredCapacity - active.count) {
                let counts = Dictionary(grouping: active, by: \.availabilityZone).mapValues(\.count)
                let candidates = asg.availabilityZones.filter { !failedZones.contains($0) && !noCapacity($0) }
                for zone in asg.availabilityZones where noCapacity(zone) && !failedZones.contains(zone) {
                    failedZones.insert(zone)
                    let type = launchTemplates[asg.launchTemplateId]?.latest.instanceType ?? "m5.large"
                    emit(.instanceLaunchFailed(availabilityZone: zone, reason: Self.insufficientCapacityMessage(type: type, zone: zone)))
                }
                guard let zone = candidates.min(by: { (counts[$0] ?? 0, asg.availabilityZones.firstIndex(of: $0)!) < (counts[$1] ?? 0, asg.availabilityZones.firstIndex(of: $1)!) }) else {
                    scheduleLaunchRetry(name)
                    break
                }
                let joins = !(updating && scenario.faults.contains(.nodeJoinFailure))
                let id = launchInstance(group: name, zone: zone, joins: joins)
                active.append(instances[id]!)
            }
            if !failedZones.isEmpty { scheduleLaunchRetry(name) }
        } else if active.count > asg.desiredCapacity {
            let surplus = active.count - asg.desiredCapacity - active.filter { retiring.contains($0.id) }.count
            for _ in 0..<max(0, surplus) {
                guard let victim = scaleInVictim(asg, excluding: Set(retirements.map(\.instanceId))) else { break }
                startRetirement(instanceId: victim, reason: .scaleIn, force: false, workflow: nil)
            }
        }
    }

    static func insufficientCapacityMessage(type: String, zone: String) -> String {
        "We currently do not have sufficient \(type) capacity in the Availability Zone you requested (\(zone)). Our system will be working on provisioning additional capacity."
    }

    private func noCapacity(_ zone: String) -> Bool {
        scenario.faults.contains(.noCapacity(availabilityZone: zone)) && !workflows.isEmpty
    }

    private func scheduleLaunchRetry(_ group: String) {
        guard asgRetryScheduled.insert(group).inserted else { return }
        schedule(.retryLaunches(group), after: .seconds(timings.launchRetry))
    }

    /// The default termination policy: the zone with the most instances, then the oldest launch
    /// template version, then a random pick.
    private func scaleInVictim(_ asg: AutoScalingGroup, excluding: Set<String>) -> String? {
        let candidates = inService(asg).filter { !excluding.contains($0.id) }
        guard !candidates.isEmpty else { return nil }
        let counts = Dictionary(grouping: candidates, by: \.availabilityZone).mapValues(\.count)
        let busiest = counts.values.max()!
        let zone = asg.availabilityZones.first { counts[$0] == busiest }!
        let inZone = candidates.filter { $0.availabilityZone == zone }
        let oldest = inZone.map(\.launchTemplateVersion).min()!
        let pool = inZone.filter { $0.launchTemplateVersion == oldest }
        return rng.pick(pool)?.id
    }

    /// Changes a group's sizes, emitting the change, then reconciles.
    func resize(autoScalingGroup name: String, min: Int? = nil, max: Int? = nil, desired: Int? = nil, reason: String) {
        guard var asg = autoScalingGroups[name] else { return }
        let before = asg.sizes
        if let min { asg.minSize = min }
        if let max { asg.maxSize = max }
        if let desired { asg.desiredCapacity = desired }
        guard asg.sizes != before else { return }
        autoScalingGroups[name] = asg
        emit(.autoScalingGroupResized(group: name, nodegroup: nodegroupName(ofGroup: name), from: before, to: asg.sizes, reason: reason))
        reconcile(autoScalingGroup: name)
    }

    /// Asks the group to terminate an instance (optionally lowering desired capacity so it is not replaced).
    func terminate(instanceId id: String, decrementDesired: Bool) {
        guard var instance = instances[id], instance.state == .pending || instance.state == .running else { return }
        instance.state = .shuttingDown
        instances[id] = instance
        if let nodeName = instance.nodeName { invalidateSchedulerCache(node: nodeName) }
        emit(.instanceTerminating(instanceId: id, nodeName: instance.nodeName, nodegroup: nodegroupName(ofGroup: instance.autoScalingGroup)))
        if decrementDesired, let asg = autoScalingGroups[instance.autoScalingGroup] {
            resize(autoScalingGroup: asg.name, desired: Swift.max(asg.minSize, asg.desiredCapacity - 1), reason: "terminate-instance")
        } else {
            reconcile(autoScalingGroup: instance.autoScalingGroup)
        }
        if instance.nodeName != nil {
            schedule(.nodeStopsReporting(instance.nodeName!), after: .seconds(timings.nodeNotReadyAfterTermination))
        }
        schedule(.instanceGone(id), after: .seconds(timings.instanceTermination))
    }

    func instanceGone(_ id: String) {
        guard var instance = instances[id] else { return }
        instance.state = .terminated
        instances[id] = instance
        usedAddresses.remove(instance.privateIp)
        if var asg = autoScalingGroups[instance.autoScalingGroup] {
            asg.instanceIds.removeAll { $0 == id }
            autoScalingGroups[asg.name] = asg
        }
        emit(.instanceTerminated(instanceId: id))
        if let name = instance.nodeName { deleteNode(name) }
    }
}
