import JSON

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
        disruptionBudgets.workloadsChanged()
        podsByWorkload[workload.key] = []
        if let budget = spec.budget {
            disruptionBudgets.upsert(PodDisruptionBudget(namespace: spec.namespace, name: spec.name, selector: labels,
                                                         minAvailable: budget.minAvailable, maxUnavailable: budget.maxUnavailable, created: created))
        }
        let saved = now
        now = created
        if workload.kind == .daemonSet { reconcileDaemonSets() } else { reconcile(workload: workload.key, announce: false) }
        now = saved
    }

    /// Pod name suffixes use Kubernetes' alphabet (no vowels, no look-alike digits).
    private static let suffixAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    func randomSuffix(_ count: Int) -> String {
        String((0..<count).map { _ in Self.suffixAlphabet[Int(rng.next() % UInt64(Self.suffixAlphabet.count))] })
    }

    /// The ReplicaSet a Deployment's current pods belong to (`ui-6d4c9c8f5b`), as their names show.
    public func replicaSetName(of workload: Workload) -> String { "\(workload.name)-\(templateHash(workload))" }

    /// The current template's hash: a Deployment's `pod-template-hash`, a set's revision.
    public func templateHash(_ workload: Workload) -> String {
        if let hash = workload.templateHash { return hash }
        return Self.scenarioTemplateHash(workload.key)
    }

    /// The hash of a scenario workload's first template (no manifest was hashed: derived from its key).
    public static func scenarioTemplateHash(_ key: String) -> String {
        var generator = SeededGenerator(seed: StableHash.fnv1a("replicaset|\(key)"))
        return String((0..<10).map { _ in Self.suffixAlphabet[Int(generator.next() % UInt64(Self.suffixAlphabet.count))] })
    }

    /// A pod's labels: its template's, and those its controller adds (the ReplicaSet's
    /// `pod-template-hash`, a set's `controller-revision-hash`, a StatefulSet pod's own name and index).
    func podLabels(_ workload: Workload, name: String) -> [String: String] {
        var labels = workload.labels
        switch workload.kind {
        case .deployment:
            labels["pod-template-hash"] = templateHash(workload)
        case .daemonSet:
            labels["controller-revision-hash"] = templateHash(workload)
            labels["pod-template-generation"] = "1"
        case .statefulSet:
            labels["controller-revision-hash"] = "\(workload.name)-\(templateHash(workload))"
            labels["statefulset.kubernetes.io/pod-name"] = name
            labels["apps.kubernetes.io/pod-index"] = String(name.split(separator: "-").last ?? "0")
        case .job, .pod:
            break
        }
        return labels
    }

    /// The pod spec a workload's pods are made from: its stored object's template (a written pod's
    /// own spec); nil for the scenario's workloads.
    public func storedPodSpec(of workload: Workload) -> JSONValue? {
        guard let object = store.get(ObjectStore.Key(kind: workload.kind.resourceKind, namespace: workload.namespace, name: workload.name)) else {
            return nil
        }
        return workload.kind == .pod ? object.body["spec"] : object.body["spec"]?["template"]?["spec"]
    }

    /// A written pod's labels changed: the running pod carries them.
    func relabelPods(of key: String, labels: [String: String]) {
        for id in podsByWorkload[key] ?? [] {
            guard pods[id]?.labels != labels else { continue }
            pods.update(id) { $0.labels = labels }
            writes += 1
        }
        disruptionBudgets.workloadsChanged()
    }

    /// Makes a controller's pod, once admission lets it (``admitPod(for:name:)``); nil when refused.
    @discardableResult
    func createPod(for workload: Workload, name: String, node: String? = nil, announce: Bool) -> Int? {
        // Only namespaces with quotas or limit ranges have anything to admit: the scenario's pods skip the check.
        var resources: PodResources?
        if store.hasAdmissionPolicies(namespace: workload.namespace) {
            switch admitPod(for: workload, name: name) {
            case .success(let admitted): resources = admitted
            case .failure(let refusal):
                refusedWorkloads.insert(workload.key)
                emit(.podCreationRefused(workload: workload.key, pod: name, message: refusal.message))
                return nil
            }
        }
        let id = nextPodId
        nextPodId += 1
        let milliCPU = resources?.requests["cpu"].map { Int($0.millis) } ?? workload.cpuMillis
        let mebibytes = resources?.requests["memory"].map { Int($0.millis / 1_048_576_000) } ?? workload.memoryMi
        pods[id] = Pod(id: id, namespace: workload.namespace, name: name, workload: workload.key, labels: podLabels(workload, name: name),
                       nodeName: nil, phase: .pending, ready: false, terminating: false, created: now, started: nil,
                       cpuMillis: milliCPU, memoryMi: mebibytes, podIp: nil, restarts: 0,
                       toleratesAllTaints: workload.toleratesAllTaints, isDaemon: workload.kind == .daemonSet,
                       templateHash: workload.kind == .job ? workload.templateHash ?? "" : templateHash(workload),
                       placement: workload.placement, claims: workload.claims + workload.claimTemplates.map { "\($0)-\(name)" },
                       resources: resources)
        podsByWorkload[workload.key, default: []].append(id)
        podIdByKey["\(workload.namespace)/\(name)"] = id
        if announce { emit(.podCreated(pod: "\(workload.namespace)/\(name)", workload: workload.key)) }
        if let node { bind(id, to: node, announce: announce) } else { pendingPods.append(id) }
        return id
    }

    /// Brings a Deployment's or StatefulSet's pods to its spec: replacements for evicted pods,
    /// scaling, and a Deployment's rollout of a new template (``RollingUpdate``).
    func reconcile(workload key: String, announce: Bool = true) {
        // A written pod is made once, by its object's controller: nothing makes it again.
        guard let workload = workloads[key], workload.kind != .daemonSet, workload.kind != .pod, !reconciling.contains(key) else { return }
        reconciling.insert(key)
        defer { reconciling.remove(key) }
        let ids = podsByWorkload[key] ?? []
        switch workload.kind {
        case .job:
            reconcileJob(workload, announce: announce)
        case .statefulSet:
            let live = ids.filter { !(pods[$0]?.terminating ?? true) }
            // Scaling down removes the highest ordinals first.
            for id in live {
                guard let name = pods[id]?.name, let ordinal = Int(name.split(separator: "-").last ?? ""), ordinal >= workload.replicas else { continue }
                terminatePod(id, forced: false, evicted: false)
            }
            if live.count < workload.replicas {
                // A StatefulSet recreates ordinal N only once the old pod N is gone.
                let taken = Set(ids.compactMap { pods[$0]?.name })
                for ordinal in 0..<workload.replicas where !taken.contains("\(workload.name)-\(ordinal)") {
                    guard createPod(for: workload, name: "\(workload.name)-\(ordinal)", announce: announce) != nil else { break }
                }
            }
            rollStatefulSet(workload)
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
        if templateRevisions[workload.key] != nil {
            recordReplicaSetSizes(workload, hash: hash, new: new.count, step: step, old: old.map(\.id), rollingOut: !old.isEmpty || oldTerminating > 0)
        }
        var created = 0
        for _ in 0..<step.create {
            // A refused pod stops the batch, as the ReplicaSet controller's slow start does.
            guard createPod(for: workload, name: "\(workload.name)-\(hash)-\(randomSuffix(5))", announce: announce) != nil else { break }
            created += 1
        }
        for id in step.delete { terminatePod(id, forced: false, evicted: false) }
        if old.count == step.delete.count && oldTerminating == 0 { rollingOut.remove(workload.key) } else { rollingOut.insert(workload.key) }
        return created > 0 || !step.delete.isEmpty
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
        // First seen (just created, or a scenario Deployment's first write): the pods it has are its size.
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

    /// One DaemonSet pod on every node that exists (they tolerate unschedulable nodes), and the
    /// rolling replacement of those made from an earlier template.
    func reconcileDaemonSets() {
        for name in sortedNodeNames { reconcileDaemonSets(onNode: name) }
        for key in daemonSetKeys { rollDaemonSet(key) }
    }

    /// Pods as the DaemonSet and StatefulSet controllers weigh them.
    private func setPodStates(_ workload: Workload) -> [SetRollout.PodState] {
        let current = templateHash(workload)
        return (podsByWorkload[workload.key] ?? []).compactMap { id in
            guard let pod = pods[id] else { return nil }
            let ordinal = Int(pod.name.split(separator: "-").last ?? "") ?? 0
            return SetRollout.PodState(id: id, current: pod.templateHash == current, ready: pod.ready, terminating: pod.terminating, ordinal: ordinal)
        }
    }

    /// Deletes the old pods a DaemonSet's rolling update lets go now; their nodes get current ones
    /// once they are gone.
    func rollDaemonSet(_ key: String) {
        guard let workload = workloads[key], workload.kind == .daemonSet else { return }
        let states = setPodStates(workload)
        let old = states.contains { !$0.current }
        if old { rollingOut.insert(key) } else { rollingOut.remove(key) }
        guard old else { return }
        let desired = states.filter { !$0.terminating || $0.current }.count
        for id in SetRollout.daemonSetDeletions(desired: desired, pods: states, strategy: workload.setUpdate) {
            terminatePod(id, forced: false, evicted: false)
        }
    }

    /// Deletes the one StatefulSet pod its rolling update replaces next (the pod comes back with
    /// the same name once gone).
    private func rollStatefulSet(_ workload: Workload) {
        let states = setPodStates(workload)
        let old = states.contains { !$0.current && !$0.terminating }
        if old { rollingOut.insert(workload.key) } else { rollingOut.remove(workload.key) }
        if let id = SetRollout.statefulSetDeletion(replicas: workload.replicas, pods: states, strategy: workload.setUpdate) {
            terminatePod(id, forced: false, evicted: false)
        }
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
        // Only a Job has progress kept: other pods do not pay for copying their workload out.
        if jobs[pod.workload] != nil, let job = workloads[pod.workload]?.job {
            schedule(.podFinished(id), after: .seconds(Double(job.runSeconds)))
        }
        // A new pod ready lets a rollout retire an old one.
        if rollingOut.contains(pod.workload) {
            if pod.isDaemon { rollDaemonSet(pod.workload) } else { reconcile(workload: pod.workload) }
        }
    }

    func podTerminated(_ id: Int) {
        guard let pod = pods[id] else { return }
        if !pod.isDaemon { emit(.podDeleted(pod: pod.key, node: pod.nodeName, forced: false)) }
        removePod(id)
        reconcile(workload: pod.workload)
        // The DaemonSet controller puts a pod back on a node that is still there (a deleted pod,
        // an add-on's rolling update).
        if pod.isDaemon, let node = pod.nodeName {
            reconcileDaemonSets(onNode: node)
            rollDaemonSet(pod.workload)
        }
        schedulingRequested = true
    }

    func removePod(_ id: Int) {
        guard let pod = pods[id] else { return }
        pods[id] = nil
        if podIdByKey[pod.key] == id { podIdByKey[pod.key] = nil }
        podsByWorkload[pod.workload]?.removeAll { $0 == id }
        pendingPods.removeAll { $0 == id }
        reportedPending.remove(id)
        claimVolumes.assumed[id] = nil
        retryRefusedControllers(in: pod.namespace)
        if !pod.claims.isEmpty { podReleasedClaims(pod) }
        if !store.terminatingNamespaces.isEmpty { finishTerminatingNamespaces() }
        if workloads[pod.workload]?.kind == .pod {
            // Nothing owns it: once the pod is gone, so is the object a client wrote.
            _ = try? deleteObject(ObjectStore.Key(kind: ResourceKinds.pod, namespace: pod.namespace, name: pod.name))
        }
        if let node = pod.nodeName {
            podsByNode[node]?.removeAll { $0 == id }
            // A pod that ran to its end gave its share back then.
            if pod.phase != .succeeded && pod.phase != .failed { releaseUsage(of: pod, on: node) }
        }
    }

    /// Gives a pod's requests back to its node.
    func releaseUsage(of pod: Pod, on node: String) {
        guard var usage = nodeUsage[node] else { return }
        usage.cpuMillis -= pod.cpuMillis
        usage.memoryMi -= pod.memoryMi
        usage.pods -= 1
        nodeUsage[node] = usage
        refreshCandidate(node)
    }

    // MARK: Scheduling

    /// Brings one node's entry in the scheduler's view up to date (it joined, left, or changed
    /// readiness, schedulability or taints), and asks for a scheduling pass.
    func invalidateSchedulerCache(node name: String) {
        schedulingRequested = true
        scheduler.invalidate(node: name, in: self)
    }

    /// Keeps a node's usage in the scheduler's view in step with `nodeUsage`.
    func refreshCandidate(_ name: String) {
        scheduler.refresh(node: name, usage: nodeUsage[name] ?? Usage())
    }

    /// Places pending pods, oldest first, where the ``Scheduler`` chooses; a pod no node takes
    /// is reported once with the scheduler's reason.
    func schedulePendingPods() {
        guard !pendingPods.isEmpty else { return }
        var stillPending: [Int] = []
        // Written to the store after the pass: those writes start a pass of their own.
        var provisioning: [(claims: [StoredObject], node: String)] = []
        for id in pendingPods {
            guard let pod = pods[id], !pod.terminating else { continue }
            // Only pods that mount claims read the store for them.
            let volumes = pod.claims.isEmpty ? nil : VolumeBinding(pod, in: self)
            if let volumes, volumes.refusal == nil, volumes.provisioningFor != nil {
                // Its claims' volumes are being made (or wait for a provisioner) for the node chosen before.
                stillPending.append(id)
                continue
            }
            var node: String?
            if volumes?.refusal == nil {
                // A node chosen when its volumes were made is the one it binds to, while it still fits.
                node = volumes?.madeFor.flatMap { scheduler.choose(pod, in: self, volumes: volumes, only: $0) }
                    ?? scheduler.choose(pod, in: self, volumes: volumes)
            }
            if let node, let volumes, !volumes.waiting.isEmpty {
                // VolumeBinding's PreBind: the claims are provisioned for the node before the pod is bound.
                provisioning.append((volumes.waiting, node))
                claimVolumes.assumed[id] = node
                stillPending.append(id)
            } else if let node {
                claimVolumes.assumed[id] = nil
                bind(id, to: node, announce: true)
            } else {
                stillPending.append(id)
                if reportedPending.insert(id).inserted { emit(.podPending(pod: pod.key, reason: scheduler.explain(pod, in: self, volumes: volumes))) }
            }
        }
        pendingPods = stillPending
        for (claims, node) in provisioning { provision(claims: claims, for: node) }
    }

    // MARK: Eviction API

    public enum EvictionOutcome: Sendable, Equatable {
        case evicted
        /// `Cannot evict pod as it would violate the pod's disruption budget.`
        case refused(budget: String, healthy: Int, required: Int)
        case notFound
    }

    /// Budgets that select a pod.
    func budgets(for pod: Pod) -> [PodDisruptionBudget] {
        disruptionBudgets.indices(forWorkload: pod.workload, in: self).map { disruptionBudgets.all[$0] }
    }

    /// Healthy pods a budget sees, and how many it requires.
    public func budgetStatus(_ budget: PodDisruptionBudget) -> (healthy: Int, required: Int, expected: Int) {
        guard let index = disruptionBudgets.all.firstIndex(where: { $0.key == budget.key }) else { return (0, 0, 0) }
        let status = disruptionBudgets.status(ofBudget: index, in: self)
        return (status.healthy, status.required, status.expected)
    }

    /// Evicts a pod through the Kubernetes eviction API: refused when it would break a budget.
    @discardableResult
    func evict(podId id: Int) -> EvictionOutcome {
        guard let pod = pods[id], !pod.terminating else { return .notFound }
        let outcome = disruptionBudgets.admitEviction(of: pod, in: self)
        if outcome == .evicted { terminatePod(id, forced: false) }
        return outcome
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
