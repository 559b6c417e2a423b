/// Kubernetes: nodes joining and leaving, workload controllers, the scheduler and the eviction API.
extension Simulator {
    // MARK: Nodes

    func registerNode(instanceId: String, ready: Bool, announce: Bool) {
        guard var instance = instances[instanceId], let nodegroup = nodegroups[nodegroupName(ofGroup: instance.autoScalingGroup)] else { return }
        let release = catalog.release(imageId: instance.imageId)
        let family = release?.family ?? nodegroup.amiType
        let name = instance.privateDnsName
        let resources = Scenario.instanceTypes[instance.instanceType] ?? Scenario.instanceTypes["m5.large"]!
        var labels: [String: String] = [
            "beta.kubernetes.io/arch": family.architecture,
            "beta.kubernetes.io/instance-type": instance.instanceType,
            "beta.kubernetes.io/os": family.isWindows ? "windows" : "linux",
            "eks.amazonaws.com/capacityType": nodegroup.capacityType,
            "eks.amazonaws.com/nodegroup": nodegroup.name,
            "eks.amazonaws.com/nodegroup-image": instance.imageId,
            "failure-domain.beta.kubernetes.io/region": scenario.region,
            "failure-domain.beta.kubernetes.io/zone": instance.availabilityZone,
            "k8s.io/cloud-provider-aws": StableHash.hex("cloud-provider|\(scenario.clusterName)", count: 32),
            "kubernetes.io/arch": family.architecture,
            "kubernetes.io/hostname": name,
            "kubernetes.io/os": family.isWindows ? "windows" : "linux",
            "node.kubernetes.io/instance-type": instance.instanceType,
            "topology.k8s.aws/zone-id": Self.zoneId(instance.availabilityZone, region: scenario.region),
            "topology.kubernetes.io/region": scenario.region,
            "topology.kubernetes.io/zone": instance.availabilityZone,
        ]
        for (key, value) in nodegroup.labels { labels[key] = value }
        let node = Node(name: name, instanceId: instanceId, nodegroup: nodegroup.name, availabilityZone: instance.availabilityZone,
                        internalIp: instance.privateIp, labels: labels, taints: nodegroup.taints, unschedulable: false,
                        readiness: ready ? .ready : .notReady, readinessChanged: now, created: now,
                        kubeletVersion: release?.kubeletVersion ?? "v\(nodegroup.version).0-eks-0000000",
                        imageId: instance.imageId, osImage: family.osImage, kernelVersion: family.kernelVersion,
                        containerRuntime: family.isWindows ? "containerd://1.7.27" : "containerd://2.1.4",
                        architecture: family.architecture, allocatable: resources,
                        capacity: Node.Resources(cpuMillis: (resources.cpuMillis + 999) / 1000 * 1000, memoryMi: resources.memoryMi + 750, pods: resources.pods),
                        instanceType: instance.instanceType)
        instance.nodeName = name
        instances[instanceId] = instance
        nodes[name] = node
        sortedNodeNames.insert(name, at: sortedNodeNames.partitionPoint { $0 >= name })
        podsByNode[name] = []
        nodeUsage[name] = Usage()
        if announce {
            emit(.nodeRegistered(node: name, availabilityZone: instance.availabilityZone, kubeletVersion: node.kubeletVersion))
            schedule(.nodeBecomesReady(name), after: rng.jitter(timings.nodeReady.low, timings.nodeReady.high))
        }
        reconcileDaemonSets(onNode: name)
        if ready { invalidateSchedulerCache(node: name) }
    }

    /// `usw2-az1`-style zone ids (a fixed mapping: real ids differ per account).
    static func zoneId(_ zone: String, region: String) -> String {
        let parts = region.split(separator: "-")
        let short = parts.count == 3 ? "\(parts[0])\(parts[1].prefix(1))\(parts[2])" : region
        let index = zone.last.flatMap(\.asciiValue).map { Int($0) - 96 } ?? 1
        return "\(short)-az\(index)"
    }

    func nodegroupName(ofGroup group: String) -> String {
        autoScalingGroups[group]?.tags["eks:nodegroup-name"] ?? ""
    }

    func nodeBecomesReady(_ name: String) {
        guard var node = nodes[name], node.readiness != .ready,
              let instance = instances[node.instanceId], instance.state == .running else { return }
        node.readiness = .ready
        node.readinessChanged = now
        nodes[name] = node
        emit(.nodeReady(node: name))
        invalidateSchedulerCache(node: name)
        ensureTick()
    }

    func nodeStopsReporting(_ name: String) {
        guard var node = nodes[name], node.readiness == .ready else { return }
        node.readiness = .unknown
        node.readinessChanged = now
        nodes[name] = node
        invalidateSchedulerCache(node: name)
        emit(.nodeNotReady(node: name))
    }

    func deleteNode(_ name: String) {
        guard nodes[name] != nil else { return }
        for id in podsByNode[name] ?? [] {
            guard let pod = pods[id] else { continue }
            // Report while the pod still exists, then let its controller replace it at once.
            if !pod.isDaemon { emit(.podDeleted(pod: pod.key, node: name, forced: true)) }
            removePod(id)
            reconcile(workload: pod.workload)
        }
        nodes[name] = nil
        let slot = sortedNodeNames.partitionPoint { $0 >= name }
        if slot < sortedNodeNames.count, sortedNodeNames[slot] == name { sortedNodeNames.remove(at: slot) }
        invalidateSchedulerCache(node: name)
        podsByNode[name] = nil
        nodeUsage[name] = nil
        emit(.nodeDeleted(node: name))
        schedulingRequested = true
    }

    /// Marks a node (un)schedulable, as `kubectl cordon` and EKS's scale-up phase do.
    func setUnschedulable(_ name: String, _ value: Bool) {
        guard var node = nodes[name], node.unschedulable != value else { return }
        node.unschedulable = value
        nodes[name] = node
        invalidateSchedulerCache(node: name)
        writes += 1
        if value { emit(.nodeMarkedUnschedulable(node: name)) } else { schedulingRequested = true }
    }

    // MARK: Workloads and pods

    func addWorkload(_ spec: Scenario.WorkloadSpec, created: SimTime) {
        var labels = spec.labels
        if labels.isEmpty { labels = ["app.kubernetes.io/name": spec.name] }
        let workload = Workload(kind: spec.kind, namespace: spec.namespace, name: spec.name, replicas: spec.replicas,
                                cpuMillis: spec.cpuMillis, memoryMi: spec.memoryMi, labels: labels,
                                toleratesAllTaints: spec.toleratesAllTaints || spec.kind == .daemonSet, created: created)
        workloads[workload.key] = workload
        workloadOrder.append(workload.key)
        if workload.kind == .daemonSet { daemonSetKeys.append(workload.key) }
        budgetIndex = nil
        podsByWorkload[workload.key] = []
        if let budget = spec.budget {
            budgets.append(PodDisruptionBudget(namespace: spec.namespace, name: spec.name, selector: labels,
                                               minAvailable: budget.minAvailable, maxUnavailable: budget.maxUnavailable, created: created))
        }
        let saved = now
        now = created
        if workload.kind == .daemonSet { reconcileDaemonSets() } else { reconcile(workload: workload.key, announce: false) }
        now = saved
    }

    /// Pod name suffixes use Kubernetes' alphabet (no vowels, no look-alike digits).
    private static let suffixAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    private func randomSuffix(_ count: Int) -> String {
        String((0..<count).map { _ in Self.suffixAlphabet[Int(rng.next() % UInt64(Self.suffixAlphabet.count))] })
    }

    /// The ReplicaSet a Deployment's current pods belong to (`ui-6d4c9c8f5b`), as their names show.
    public func replicaSetName(of workload: Workload) -> String { "\(workload.name)-\(templateHash(workload))" }

    /// The current template's `pod-template-hash`.
    func templateHash(_ workload: Workload) -> String {
        if let hash = workload.templateHash { return hash }
        return Self.scenarioTemplateHash(workload.key)
    }

    /// The hash of a scenario Deployment's first template (no manifest to hash: derived from its key).
    static func scenarioTemplateHash(_ key: String) -> String {
        var generator = SeededGenerator(seed: StableHash.fnv1a("replicaset|\(key)"))
        return String((0..<10).map { _ in Self.suffixAlphabet[Int(generator.next() % UInt64(Self.suffixAlphabet.count))] })
    }

    @discardableResult
    func createPod(for workload: Workload, name: String, node: String? = nil, announce: Bool) -> Int {
        let id = nextPodId
        nextPodId += 1
        pods[id] = Pod(id: id, namespace: workload.namespace, name: name, workload: workload.key, labels: workload.labels,
                       nodeName: nil, phase: .pending, ready: false, terminating: false, created: now, started: nil,
                       cpuMillis: workload.cpuMillis, memoryMi: workload.memoryMi, podIp: nil, restarts: 0,
                       toleratesAllTaints: workload.toleratesAllTaints, isDaemon: workload.kind == .daemonSet,
                       templateHash: workload.kind == .deployment ? templateHash(workload) : "", placement: workload.placement)
        podsByWorkload[workload.key, default: []].append(id)
        podIdByKey["\(workload.namespace)/\(name)"] = id
        if announce { emit(.podCreated(pod: "\(workload.namespace)/\(name)", workload: workload.key)) }
        if let node { bind(id, to: node, announce: announce) } else { pendingPods.append(id) }
        return id
    }

    /// Brings a Deployment's or StatefulSet's pods to its spec: replacements for evicted pods,
    /// scaling, and a Deployment's rollout of a new template (``RollingUpdate``).
    func reconcile(workload key: String, announce: Bool = true) {
        guard let workload = workloads[key], workload.kind != .daemonSet, !reconciling.contains(key) else { return }
        reconciling.insert(key)
        defer { reconciling.remove(key) }
        let ids = podsByWorkload[key] ?? []
        switch workload.kind {
        case .statefulSet:
            let live = ids.filter { !(pods[$0]?.terminating ?? true) }
            // Scaling down removes the highest ordinals first.
            for id in live {
                guard let name = pods[id]?.name, let ordinal = Int(name.split(separator: "-").last ?? ""), ordinal >= workload.replicas else { continue }
                terminatePod(id, forced: false, evicted: false)
            }
            guard live.count < workload.replicas else { return }
            // A StatefulSet recreates ordinal N only once the old pod N is gone.
            let taken = Set(ids.compactMap { pods[$0]?.name })
            for ordinal in 0..<workload.replicas where !taken.contains("\(workload.name)-\(ordinal)") {
                createPod(for: workload, name: "\(workload.name)-\(ordinal)", announce: announce)
            }
        default:
            // Steps follow one another until one changes nothing: a deletion lets the new
            // revision grow at once, as the controller's next sync after it would.
            for _ in 0..<(workload.replicas + 2) {
                guard rollStep(workload, ids: podsByWorkload[key] ?? [], announce: announce) else { break }
            }
        }
    }

    /// One step of a Deployment's controller; whether it created or deleted anything.
    private func rollStep(_ workload: Workload, ids: [Int], announce: Bool) -> Bool {
        let hash = templateHash(workload)
        var new: [RollingUpdate.PodState] = [], old: [RollingUpdate.PodState] = []
        var oldTerminating = 0
        for id in ids {
            // Three fields read in place, not the whole pod copied out.
            guard let terminating = pods.terminating(id), let ready = pods.ready(id) else { continue }
            if pods.templateHash(id) == hash {
                if !terminating { new.append(.init(id: id, ready: ready)) }
            } else if terminating {
                oldTerminating += 1
            } else {
                old.append(.init(id: id, ready: ready))
            }
        }
        let step = RollingUpdate.step(replicas: workload.replicas, strategy: workload.strategy, new: new, old: old, oldTerminating: oldTerminating)
        if deploymentRevisions[workload.key] != nil {
            recordReplicaSetSizes(workload, hash: hash, new: new.count, step: step, old: old.map(\.id), rollingOut: !old.isEmpty || oldTerminating > 0)
        }
        for _ in 0..<step.create {
            createPod(for: workload, name: "\(workload.name)-\(hash)-\(randomSuffix(5))", announce: announce)
        }
        for id in step.delete { terminatePod(id, forced: false, evicted: false) }
        if old.count == step.delete.count && oldTerminating == 0 { rollingOut.remove(workload.key) } else { rollingOut.insert(workload.key) }
        return step.create > 0 || !step.delete.isEmpty
    }

    /// The sizes a step gives a stored Deployment's ReplicaSets, announced where they change (the
    /// deployment controller's `ScalingReplicaSet`): the new one grows to its pods (all replicas
    /// once no old pod is left), each old one shrinks to the pods it keeps.
    private func recordReplicaSetSizes(_ workload: Workload, hash: String, new: Int, step: RollingUpdate.Step, old: [Int], rollingOut: Bool) {
        var before: [String: Int] = [hash: new]
        var after: [String: Int] = [:]
        for id in old {
            guard let oldHash = pods.templateHash(id) else { continue }
            before[oldHash, default: 0] += 1
            if !step.delete.contains(id) { after[oldHash, default: 0] += 1 }
        }
        for oldHash in before.keys where oldHash != hash && after[oldHash] == nil { after[oldHash] = 0 }
        let stillOld = old.contains { !step.delete.contains($0) }
        after[hash] = rollingOut && stillOld ? new + step.create : workload.replicas
        // First seen (just created, or adopted from the scenario): the pods it has are its size.
        let recorded = replicaSetSizes[workload.key] ?? before
        var sizes = recorded
        // The new one first, as the controller scales up before it scales down.
        for (setHash, size) in after.sorted(by: { ($0.key == hash ? 0 : 1, $0.key) < ($1.key == hash ? 0 : 1, $1.key) }) {
            let previous = recorded[setHash] ?? 0
            sizes[setHash] = size
            guard size != previous else { continue }
            emit(.replicaSetScaled(deployment: workload.key, replicaSet: "\(workload.name)-\(setHash)", from: previous, to: size))
        }
        replicaSetSizes[workload.key] = sizes
    }

    /// One DaemonSet pod on every node that exists (they tolerate unschedulable nodes).
    func reconcileDaemonSets() {
        for name in sortedNodeNames { reconcileDaemonSets(onNode: name) }
    }

    /// The DaemonSet pods a node is missing.
    func reconcileDaemonSets(onNode name: String) {
        guard let node = nodes[name], let instance = instances[node.instanceId],
              instance.state == .running || instance.state == .pending else { return }
        let present = Set((podsByNode[name] ?? []).compactMap { pods[$0]?.workload })
        for key in daemonSetKeys where !present.contains(key) {
            // A DaemonSet's node selector and affinity choose its nodes.
            guard let workload = workloads[key], workload.placement.matchesNode(labels: node.labels) else { continue }
            createPod(for: workload, name: "\(workload.name)-\(randomSuffix(5))", node: name, announce: true)
        }
    }

    private func bind(_ id: Int, to nodeName: String, announce: Bool) {
        guard var pod = pods[id] else { return }
        pod.nodeName = nodeName
        pod.podIp = allocatePodAddress(zone: nodes[nodeName]?.availabilityZone ?? "")
        pods[id] = pod
        podsByNode[nodeName, default: []].append(id)
        nodeUsage[nodeName, default: Usage()].cpuMillis += pod.cpuMillis
        nodeUsage[nodeName, default: Usage()].memoryMi += pod.memoryMi
        nodeUsage[nodeName, default: Usage()].pods += 1
        refreshCandidate(nodeName)
        if announce {
            if !pod.isDaemon { emit(.podScheduled(pod: pod.key, node: nodeName)) }
            schedule(.podStarted(id), after: rng.jitter(timings.podStart.low, timings.podStart.high))
        }
    }

    private func allocatePodAddress(zone: String) -> String {
        let base = environment.subnets.first { $0.availabilityZone == zone }?.octet ?? 96
        let offset = 4 + Int(rng.next() % 8180)
        return "10.42.\(base + offset / 256).\(offset % 256)"
    }

    func podStarted(_ id: Int) {
        guard pods.terminating(id) == false, let node = pods.nodeName(id), nodes[node] != nil else { return }
        // Written in place: copying a pod out and back costs more than the rest of this.
        pods.update(id) { pod in
            pod.phase = .running
            pod.ready = true
            pod.started = now
        }
        guard let pod = pods[id] else { return }
        if !pod.isDaemon { emit(.podReady(pod: pod.key, node: node)) }
        // A new pod ready lets a rollout retire an old one.
        if rollingOut.contains(pod.workload) { reconcile(workload: pod.workload) }
    }

    func podTerminated(_ id: Int) {
        guard let pod = pods[id] else { return }
        if !pod.isDaemon { emit(.podDeleted(pod: pod.key, node: pod.nodeName, forced: false)) }
        removePod(id)
        reconcile(workload: pod.workload)
        // The DaemonSet controller puts a pod back on a node that is still there (a deleted pod,
        // an add-on's rolling update).
        if pod.isDaemon, let node = pod.nodeName { reconcileDaemonSets(onNode: node) }
        schedulingRequested = true
    }

    func removePod(_ id: Int) {
        guard let pod = pods[id] else { return }
        pods[id] = nil
        if podIdByKey[pod.key] == id { podIdByKey[pod.key] = nil }
        podsByWorkload[pod.workload]?.removeAll { $0 == id }
        pendingPods.removeAll { $0 == id }
        reportedPending.remove(id)
        if let node = pod.nodeName {
            podsByNode[node]?.removeAll { $0 == id }
            if var usage = nodeUsage[node] {
                usage.cpuMillis -= pod.cpuMillis
                usage.memoryMi -= pod.memoryMi
                usage.pods -= 1
                nodeUsage[node] = usage
                refreshCandidate(node)
            }
        }
    }

    // MARK: Scheduler

    /// A schedulable node as the scheduler sees it.
    struct Candidate {
        var name: String
        var zone: Int
        var allocatable: Node.Resources
        var usage: Usage
        var hardTainted: Bool
    }

    /// Ready, schedulable nodes with their usage, kept current as pods bind and leave and as
    /// nodes change state (no rebuild per change: large clusters change constantly during updates).
    struct SchedulerCache {
        var candidates: [Candidate] = []
        var position: [String: Int] = [:]
        var zones: [String: Int] = [:]
        var zoneCount: Int { zones.count }

        mutating func remove(_ name: String) {
            guard let index = position.removeValue(forKey: name) else { return }
            let last = candidates.count - 1
            if index != last {
                candidates[index] = candidates[last]
                position[candidates[index].name] = index
            }
            candidates.removeLast()
        }

        mutating func add(_ candidate: Candidate) {
            position[candidate.name] = candidates.count
            candidates.append(candidate)
        }
    }

    /// Brings one node's entry in the scheduler's view up to date (it joined, left, or changed
    /// readiness, schedulability or taints), and asks for a scheduling pass.
    func invalidateSchedulerCache(node name: String) {
        schedulingRequested = true
        guard schedulerCache != nil else { return }
        schedulerCache!.remove(name)
        if let candidate = makeCandidate(name, zones: &schedulerCache!.zones) { schedulerCache!.add(candidate) }
    }

    private func makeCandidate(_ name: String, zones: inout [String: Int]) -> Candidate? {
        guard let node = nodes[name], node.readiness == .ready, !node.unschedulable,
              instances[node.instanceId]?.state == .running else { return nil }
        let zone = zones[node.availabilityZone] ?? { let z = zones.count; zones[node.availabilityZone] = z; return z }()
        return Candidate(name: name, zone: zone, allocatable: node.allocatable, usage: nodeUsage[name] ?? Usage(),
                         hardTainted: node.taints.contains { $0.effect != "PREFER_NO_SCHEDULE" })
    }

    private func buildSchedulerCache() -> SchedulerCache {
        var cache = SchedulerCache()
        for name in sortedNodeNames {
            if let candidate = makeCandidate(name, zones: &cache.zones) { cache.add(candidate) }
        }
        return cache
    }

    /// Keeps a node's usage in the scheduler's view in step with `nodeUsage`.
    func refreshCandidate(_ name: String) {
        guard let index = schedulerCache?.position[name] else { return }
        schedulerCache!.candidates[index].usage = nodeUsage[name] ?? Usage()
    }

    /// Places pending pods, oldest first: a Ready, schedulable node whose taints they tolerate and
    /// whose allocatable resources fit, preferring the zone and node with the fewest pods of the
    /// same workload, then the least loaded node. Like kube-scheduler, large clusters score only a
    /// rotating sample of feasible nodes (at least 100).
    func schedulePendingPods() {
        guard !pendingPods.isEmpty else { return }
        if schedulerCache == nil { schedulerCache = buildSchedulerCache() }
        var stillPending: [Int] = []
        for id in pendingPods {
            guard let pod = pods[id], !pod.terminating else { continue }
            if let index = choose(pod) {
                bind(id, to: schedulerCache!.candidates[index].name, announce: true)
            } else {
                stillPending.append(id)
                if reportedPending.insert(id).inserted { emit(.podPending(pod: pod.key, reason: pendingReason(pod))) }
            }
        }
        pendingPods = stillPending
    }

    /// Why no node takes the pod, in the words the narration and events use. A pod with node
    /// rules or tolerations gets the scheduler's own account, node by node, after "no node fits: ".
    private func pendingReason(_ pod: Pod) -> String {
        let candidates = schedulerCache!.candidates
        if pod.placement.isUnconstrained {
            return candidates.isEmpty ? "no schedulable node" : "insufficient resources on schedulable nodes"
        }
        // Each node fails the first filter it does not pass, in kube-scheduler's order.
        var unresolvable: [String: Int] = [:], resources: [String: Int] = [:]
        for name in sortedNodeNames {
            guard let node = nodes[name] else { continue }
            if node.unschedulable {
                unresolvable["node(s) were unschedulable", default: 0] += 1
            } else if node.readiness != .ready {
                unresolvable["node(s) had untolerated taint {node.kubernetes.io/not-ready: }", default: 0] += 1
            } else if !pod.toleratesAllTaints, let taint = node.taints.first(where: pod.placement.repelled) {
                unresolvable["node(s) had untolerated taint {\(taint.key): \(taint.value ?? "")}", default: 0] += 1
            } else if !pod.placement.matchesNode(labels: node.labels) {
                unresolvable["node(s) didn't match Pod's node affinity/selector", default: 0] += 1
            } else {
                let usage = nodeUsage[name] ?? Usage()
                let reason = usage.pods >= node.allocatable.pods ? "Too many pods"
                    : usage.cpuMillis + pod.cpuMillis > node.allocatable.cpuMillis ? "Insufficient cpu" : "Insufficient memory"
                resources[reason, default: 0] += 1
            }
        }
        let total = sortedNodeNames.count
        let reasons = (unresolvable.merging(resources) { a, b in a + b }).map { "\($0.value) \($0.key)" }.sorted()
        let fitless = unresolvable.values.reduce(0, +), helpless = resources.values.reduce(0, +)
        var preemption = [helpless > 0 ? "\(helpless) No preemption victims found for incoming pod" : nil,
                          fitless > 0 ? "\(fitless) Preemption is not helpful for scheduling" : nil].compactMap { $0 }
        if preemption.isEmpty { preemption = ["\(total) Preemption is not helpful for scheduling"] }
        return "no node fits: 0/\(total) nodes are available: \(reasons.joined(separator: ", ")). preemption: 0/\(total) nodes are available: \(preemption.joined(separator: ", "))."
    }

    /// kube-scheduler's `numFeasibleNodesToFind`: all nodes below 100, else an adaptive share (≥ 5 %, ≥ 100 nodes).
    static func feasibleNodesToFind(_ count: Int) -> Int {
        guard count >= 100 else { return count }
        let percentage = max(5, 50 - count / 125)
        return max(100, count * percentage / 100)
    }

    private func choose(_ pod: Pod) -> Int? {
        let cache = schedulerCache!
        let count = cache.candidates.count
        guard count > 0 else { return nil }
        var zoneCounts = [Int](repeating: 0, count: max(1, cache.zoneCount))
        // Siblings per candidate node: looked up once per candidate examined, not by scanning siblings.
        var siblingsOn = [Int](repeating: 0, count: count)
        var hasSiblings = false
        for other in podsByWorkload[pod.workload] ?? [] where other != pod.id {
            guard let n = pods.nodeName(other), pods.terminating(other) == false, let index = cache.position[n] else { continue }
            zoneCounts[cache.candidates[index].zone] += 1
            siblingsOn[index] += 1
            hasSiblings = true
        }
        let wanted = Self.feasibleNodesToFind(count)
        let constrained = !pod.placement.isUnconstrained
        var found = 0
        var examined = 0
        var best: Int?
        var bestScore = (Int.max, Int.max, Int.max)
        let start = nextStartNodeIndex % count
        while examined < count && found < wanted {
            let index = (start + examined) % count
            examined += 1
            let candidate = cache.candidates[index]
            let usage = candidate.usage
            guard usage.pods < candidate.allocatable.pods,
                  usage.cpuMillis + pod.cpuMillis <= candidate.allocatable.cpuMillis,
                  usage.memoryMi + pod.memoryMi <= candidate.allocatable.memoryMi else { continue }
            if constrained {
                // Node rules and tolerations read the node itself: only pods that have them pay for it.
                guard let node = nodes[candidate.name], pod.placement.matchesNode(labels: node.labels),
                      pod.toleratesAllTaints || !node.taints.contains(where: pod.placement.repelled) else { continue }
            } else if candidate.hardTainted && !pod.toleratesAllTaints {
                continue
            }
            found += 1
            let score = (zoneCounts[candidate.zone], hasSiblings ? siblingsOn[index] : 0,
                         usage.cpuMillis * 1000 / max(1, candidate.allocatable.cpuMillis))
            if score < bestScore || (score == bestScore && best.map { cache.candidates[index].name < cache.candidates[$0].name } ?? true) {
                best = index
                bestScore = score
            }
        }
        nextStartNodeIndex = (start + examined) % count
        return best
    }

    // MARK: Eviction API

    public enum EvictionOutcome: Sendable, Equatable {
        case evicted
        /// `Cannot evict pod as it would violate the pod's disruption budget.`
        case refused(budget: String, healthy: Int, required: Int)
        case notFound
    }

    /// Which budgets select which workloads' pods (pods carry their workload's labels).
    func ensureBudgetIndex() {
        guard budgetIndex == nil else { return }
        // Workloads by namespace and label pair, so a budget only compares against workloads
        // sharing its first selector pair.
        var byPair: [String: [String]] = [:]
        var byNamespace: [String: [String]] = [:]
        for key in workloadOrder {
            guard let workload = workloads[key] else { continue }
            byNamespace[workload.namespace, default: []].append(key)
            for (k, v) in workload.labels { byPair["\(workload.namespace)\u{0}\(k)=\(v)", default: []].append(key) }
        }
        var index: [String: [Int]] = [:]
        budgetWorkloads = budgets.map { _ in [] }
        for (b, budget) in budgets.enumerated() {
            let first = budget.selector.keys.sorted().first
            let pool = first.map { byPair["\(budget.namespace)\u{0}\($0)=\(budget.selector[$0]!)"] ?? [] } ?? (byNamespace[budget.namespace] ?? [])
            for key in pool {
                guard let workload = workloads[key], budget.selector.allSatisfy({ workload.labels[$0.key] == $0.value }) else { continue }
                index[key, default: []].append(b)
                budgetWorkloads[b].append(key)
            }
        }
        budgetIndex = index
    }

    /// Budgets that select a pod.
    func budgets(for pod: Pod) -> [PodDisruptionBudget] {
        ensureBudgetIndex()
        return (budgetIndex?[pod.workload] ?? []).map { budgets[$0] }
    }

    /// Healthy pods a budget sees, and how many it requires.
    public func budgetStatus(_ budget: PodDisruptionBudget) -> (healthy: Int, required: Int, expected: Int) {
        ensureBudgetIndex()
        guard let index = budgets.firstIndex(where: { $0.key == budget.key }) else { return (0, 0, 0) }
        return budgetStatus(index: index)
    }

    func budgetStatus(index: Int) -> (healthy: Int, required: Int, expected: Int) {
        ensureBudgetIndex()
        let budget = budgets[index]
        var expected = 0
        var healthy = 0
        for key in budgetWorkloads[index] {
            guard let workload = workloads[key] else { continue }
            expected += workload.replicas
            for id in podsByWorkload[key] ?? [] {
                if let p = pods[id], p.ready, !p.terminating { healthy += 1 }
            }
        }
        let required: Int
        if let min = budget.minAvailable {
            required = min.resolve(total: expected)
        } else if let max = budget.maxUnavailable {
            required = Swift.max(0, expected - max.resolve(total: expected))
        } else {
            required = 0
        }
        return (healthy, required, expected)
    }

    /// Evicts a pod through the Kubernetes eviction API: refused when it would break a budget.
    @discardableResult
    func evict(podId id: Int) -> EvictionOutcome {
        guard let pod = pods[id], !pod.terminating else { return .notFound }
        ensureBudgetIndex()
        for index in budgetIndex?[pod.workload] ?? [] {
            let budget = budgets[index]
            let status = budgetStatus(index: index)
            let allowed = status.healthy - status.required
            if pod.ready ? allowed < 1 : allowed < 0 {
                return .refused(budget: budget.key, healthy: status.healthy, required: status.required)
            }
        }
        terminatePod(id, forced: false)
        return .evicted
    }

    /// Starts a pod's termination (eviction or deletion); its controller replaces it. A pod deleted
    /// by its own controller (a scale-down, its Deployment deleted) is not announced as evicted.
    func terminatePod(_ id: Int, forced: Bool, evicted: Bool = true) {
        guard var pod = pods[id], !pod.terminating else { return }
        pod.terminating = true
        pod.ready = false
        pod.deletionStarted = now
        pods[id] = pod
        if pod.nodeName == nil {
            removePod(id)
            reconcile(workload: pod.workload)
            return
        }
        if forced {
            emit(.podDeleted(pod: pod.key, node: pod.nodeName, forced: true))
            removePod(id)
            reconcile(workload: pod.workload)
            schedulingRequested = true
        } else {
            if evicted { emit(.podEvicted(pod: pod.key, node: pod.nodeName!, nodegroup: nodes[pod.nodeName!]?.nodegroup ?? "")) }
            schedule(.podTerminated(id), after: .seconds(timings.podTermination))
            reconcile(workload: pod.workload)
            schedulingRequested = true
        }
    }
}
