/// A node on its way out: drained through the eviction API, then (after the cordon wait, for
/// upgrades) terminated through its Auto Scaling group.
struct Retirement {
    enum Reason {
        /// Picked by an update's upgrade phase.
        case upgrade
        /// Removed because its Auto Scaling group shrank.
        case scaleIn
    }

    var instanceId: String
    var nodeName: String?
    var reason: Reason
    var force: Bool
    /// The nodegroup whose update owns this retirement (nil for plain scale-in).
    var workflow: String?
    var started: SimTime
    var drained: SimTime?
    var terminateAt: SimTime?
    /// Last time each refused pod's refusal was reported (refusals repeat every tick; reports once a minute).
    var lastRefusalReport: [Int: SimTime] = [:]
}

extension Simulator {
    func startRetirement(instanceId: String, reason: Retirement.Reason, force: Bool, workflow: String?) {
        guard !retirements.contains(where: { $0.instanceId == instanceId }) else { return }
        let nodeName = instances[instanceId]?.nodeName
        retirements.append(Retirement(instanceId: instanceId, nodeName: nodeName, reason: reason,
                                      force: force, workflow: workflow, started: now))
        if let nodeName {
            setUnschedulable(nodeName, true)
            let count = (podsByNode[nodeName] ?? []).filter { !(pods[$0]?.isDaemon ?? true) }.count
            emit(.nodeDrainStarted(node: nodeName, pods: count))
        }
        processRetirement(at: retirements.count - 1)
        ensureTick()
    }

    func processRetirements() {
        var index = 0
        while index < retirements.count {
            let before = retirements.count
            processRetirement(at: index)
            if retirements.count == before { index += 1 }
        }
    }

    /// Advances one retirement; it removes itself from the list once its instance is terminating.
    private func processRetirement(at index: Int) {
        var retirement = retirements[index]
        guard let instance = instances[retirement.instanceId], instance.state == .pending || instance.state == .running else {
            retirements.remove(at: index)
            return
        }
        if retirement.drained == nil, let nodeName = retirement.nodeName, nodes[nodeName] != nil {
            let remaining = (podsByNode[nodeName] ?? []).filter { !(pods[$0]?.isDaemon ?? true) }
            let overLimit = now - retirement.started >= .seconds(timings.evictionLimit)
            if overLimit && !remaining.isEmpty {
                if retirement.reason == .upgrade && !retirement.force, let owner = retirement.workflow {
                    retirements[index] = retirement
                    failWorkflow(nodegroup: owner, code: "PodEvictionFailure",
                                 message: "Reached max retries while trying to evict pods from nodes in node group \(owner)",
                                 resourceIds: drainingNodes(of: owner))
                    return
                }
                // Forced update, or scale-in: EKS gives up on the budget and deletes the pods.
                for id in remaining where !(pods[id]?.terminating ?? true) { terminatePod(id, forced: true) }
            } else {
                for id in remaining {
                    guard let pod = pods[id], !pod.terminating else { continue }
                    switch evict(podId: id) {
                    case .refused(let budget, let healthy, let required):
                        if let last = retirement.lastRefusalReport[id], now - last < .seconds(60) { continue }
                        retirement.lastRefusalReport[id] = now
                        emit(.evictionRefused(pod: pod.key, node: nodeName, budget: budget, healthy: healthy, required: required))
                    case .evicted, .notFound:
                        retirement.lastRefusalReport[id] = nil
                    }
                }
            }
            let left = (podsByNode[nodeName] ?? []).filter { !(pods[$0]?.isDaemon ?? true) }
            if left.isEmpty {
                retirement.drained = now
                emit(.nodeDrained(node: nodeName))
                if retirement.reason == .upgrade {
                    emit(.nodeCordoned(node: nodeName, waitSeconds: Int(timings.waitAfterCordon)))
                    retirement.terminateAt = now + .seconds(timings.waitAfterCordon)
                } else {
                    retirement.terminateAt = now
                }
            }
        } else if retirement.drained == nil {
            retirement.drained = now
            retirement.terminateAt = now
        }
        retirements[index] = retirement
        if let at = retirement.terminateAt, now >= at {
            retirements.remove(at: index)
            // Upgrades keep desired capacity, so the group replaces the node from the new launch template;
            // scale-in has already lowered it.
            terminate(instanceId: retirement.instanceId, decrementDesired: false)
        }
    }

    /// Nodes an update is draining right now (the resource ids of a PodEvictionFailure).
    func drainingNodes(of nodegroup: String) -> [String] {
        retirements.filter { $0.workflow == nodegroup && $0.drained == nil }.compactMap(\.nodeName)
    }
}
