/// The service operations the native `aws`, `kubectl` and `eksctl` actions call. Errors are
/// ``ServiceError``s with AWS's codes and wording.
extension Simulator {
    // MARK: EKS

    public func listClusters() -> [String] { [cluster.name] }

    public func describeCluster(name: String) throws(ServiceError) -> Cluster {
        guard name == cluster.name else { throw .clusterNotFound(name) }
        return cluster
    }

    public func listNodegroups(cluster name: String) throws(ServiceError) -> [String] {
        guard name == cluster.name else { throw .clusterNotFound(name) }
        return nodegroupOrder.sorted()
    }

    public func describeNodegroup(cluster clusterName: String, nodegroup name: String) throws(ServiceError) -> Nodegroup {
        guard clusterName == cluster.name else { throw .clusterNotFound(clusterName) }
        guard let group = nodegroups[name] else { throw .nodegroupNotFound(name) }
        return group
    }

    /// Starts a node group version update (see `startNodegroupVersionUpdate`); a refusal is recorded.
    public func updateNodegroupVersion(cluster clusterName: String, nodegroup name: String, version: String? = nil,
                                       releaseVersion: String? = nil, launchTemplate: String? = nil,
                                       force: Bool = false) throws(ServiceError) -> EKSUpdate {
        try refusable("UpdateNodegroupVersion") { () throws(ServiceError) -> EKSUpdate in try startNodegroupVersionUpdate(cluster: clusterName, nodegroup: name, version: version, releaseVersion: releaseVersion, launchTemplate: launchTemplate, force: force) }
    }

    /// Starts a version update: to `version`'s latest AMI (default: the group's current version),
    /// or to `releaseVersion`. Returns the `InProgress` update record.
    private func startNodegroupVersionUpdate(cluster clusterName: String, nodegroup name: String, version: String? = nil,
                                       releaseVersion: String? = nil, launchTemplate: String? = nil,
                                       force: Bool = false) throws(ServiceError) -> EKSUpdate {
        defer { flushScheduling() }
        guard clusterName == cluster.name else { throw .clusterNotFound(clusterName) }
        guard let group = nodegroups[name] else { throw .nodegroupNotFound(name) }
        if let running = inProgressUpdate(nodegroup: name) {
            throw .inUse("Cannot \(running.type) because nodegroup \(name) currently has update \(running.id) in progress")
        }
        if launchTemplate != nil {
            throw .invalidParameter("You cannot specify a launch template for node group \(name): it was not created with a launch template")
        }
        let targetVersion = version ?? group.version
        guard AMICatalog.kubernetesVersions.contains(targetVersion) else {
            throw .invalidParameter("unsupported Kubernetes version \(targetVersion)")
        }
        guard Self.minor(targetVersion) <= Self.minor(cluster.version) else {
            throw .invalidParameter("Requested Nodegroup version \(targetVersion) is invalid. Nodegroup version cannot be greater than the cluster version \(cluster.version)")
        }
        guard Self.minor(targetVersion) >= Self.minor(group.version) else {
            throw .invalidParameter("Requested Nodegroup version \(targetVersion) is invalid. You cannot downgrade a node group from version \(group.version)")
        }
        // A group more than one minor behind moves straight to the control plane's version.
        guard targetVersion == cluster.version || targetVersion == group.version else {
            throw .invalidParameter("Nodegroup Kubernetes version should be equal to Cluster kubernetes version \(cluster.version) or NodeGroup kubernetes version \(group.version)")
        }
        let releases = catalog.releases(family: group.amiType, kubernetesVersion: targetVersion)
        guard let latest = releases.last else {
            throw .invalidParameter("\(group.amiType.rawValue) AMIs are not available for Kubernetes \(targetVersion)")
        }
        var target = latest
        if let releaseVersion {
            guard let chosen = releases.first(where: { $0.releaseVersion == releaseVersion }) else {
                throw .invalidParameter("Requested release version \(releaseVersion) is not valid for kubernetes version \(targetVersion).")
            }
            if targetVersion == group.version, let current = releases.first(where: { $0.releaseVersion == group.releaseVersion }),
               chosen.index < current.index {
                throw .invalidParameter("Requested Nodegroup release version \(releaseVersion) is invalid. Allowed release version is \(latest.releaseVersion)")
            }
            target = chosen
        }
        let update = EKSUpdate(id: newUpdateId(), clusterName: cluster.name, nodegroupName: name, status: .inProgress,
                                     type: "VersionUpdate",
                                     params: [.init(type: "Version", value: targetVersion), .init(type: "ReleaseVersion", value: target.releaseVersion)],
                                     createdEpoch: calendar.epoch(now), errors: [])
        updates[update.id] = update
        updateOrder.append(update.id)
        startWorkflow(update: update, nodegroup: name, target: target, version: targetVersion, force: force)
        return update
    }

    /// Changes scaling, update configuration, labels or taints (a `ConfigUpdate`).
    public func updateNodegroupConfig(cluster clusterName: String, nodegroup name: String,
                                      scaling: Nodegroup.ScalingConfig? = nil, updateConfig: UpdateConfig? = nil,
                                      addLabels: [String: String] = [:], removeLabels: [String] = [],
                                      addTaints: [Taint] = [], removeTaints: [Taint] = []) throws(ServiceError) -> EKSUpdate {
        defer { flushScheduling() }
        guard clusterName == cluster.name else { throw .clusterNotFound(clusterName) }
        guard var group = nodegroups[name] else { throw .nodegroupNotFound(name) }
        if let running = inProgressUpdate(nodegroup: name) {
            throw .inUse("Cannot ConfigUpdate because nodegroup \(name) currently has update \(running.id) in progress")
        }
        var params: [EKSUpdate.Param] = []
        if let scaling {
            guard scaling.maxSize >= 1 else { throw .invalidParameter("Maximum capacity must be at least 1") }
            guard scaling.minSize <= scaling.desiredSize else {
                throw .invalidParameter("Minimum capacity \(scaling.minSize) can't be greater than desired size \(scaling.desiredSize)")
            }
            guard scaling.desiredSize <= scaling.maxSize else {
                throw .invalidParameter("Desired capacity:\(scaling.desiredSize) can't be greater than max size \(scaling.maxSize)")
            }
            guard scaling.maxSize <= 450 else { throw .invalidParameter("Maximum capacity \(scaling.maxSize) is above the quota of 450 nodes per node group") }
            if scaling.minSize != group.scalingConfig.minSize { params.append(.init(type: "MinSize", value: String(scaling.minSize))) }
            if scaling.maxSize != group.scalingConfig.maxSize { params.append(.init(type: "MaxSize", value: String(scaling.maxSize))) }
            if scaling.desiredSize != group.scalingConfig.desiredSize { params.append(.init(type: "DesiredSize", value: String(scaling.desiredSize))) }
            group.scalingConfig = scaling
        }
        if let updateConfig {
            if (updateConfig.maxUnavailable == nil) == (updateConfig.maxUnavailablePercentage == nil) && updateConfig.updateStrategy == nil {
                throw .invalidParameter("Specify exactly one of maxUnavailable and maxUnavailablePercentage")
            }
            var merged = group.updateConfig
            if let n = updateConfig.maxUnavailable {
                guard (1...100).contains(n) else { throw .invalidParameter("maxUnavailable must be between 1 and 100") }
                merged.maxUnavailable = n
                merged.maxUnavailablePercentage = nil
                params.append(.init(type: "MaxUnavailable", value: String(n)))
            }
            if let p = updateConfig.maxUnavailablePercentage {
                guard (1...100).contains(p) else { throw .invalidParameter("maxUnavailablePercentage must be between 1 and 100") }
                merged.maxUnavailablePercentage = p
                merged.maxUnavailable = nil
                params.append(.init(type: "MaxUnavailablePercentage", value: String(p)))
            }
            if let strategy = updateConfig.updateStrategy {
                merged.updateStrategy = strategy
                params.append(.init(type: "UpdateStrategy", value: strategy.rawValue))
            }
            group.updateConfig = merged
        }
        if !addLabels.isEmpty {
            for (k, v) in addLabels { group.labels[k] = v }
            params.append(.init(type: "LabelsToAdd", value: Self.jsonObject(addLabels)))
        }
        if !removeLabels.isEmpty {
            for k in removeLabels { group.labels[k] = nil }
            params.append(.init(type: "LabelsToRemove", value: "[" + removeLabels.map { "\"\($0)\"" }.joined(separator: ",") + "]"))
        }
        if !addTaints.isEmpty {
            for taint in addTaints {
                group.taints.removeAll { $0.key == taint.key && $0.effect == taint.effect }
                group.taints.append(taint)
            }
            params.append(.init(type: "TaintsToAdd", value: Self.taintsJSON(addTaints)))
        }
        if !removeTaints.isEmpty {
            group.taints.removeAll { t in removeTaints.contains { $0.key == t.key && $0.effect == t.effect } }
            params.append(.init(type: "TaintsToRemove", value: Self.taintsJSON(removeTaints)))
        }
        guard !params.isEmpty else { throw .invalidParameter("No changes needed") }
        group.modifiedEpoch = calendar.epoch(now)
        nodegroups[name] = group
        let update = EKSUpdate(id: newUpdateId(), clusterName: cluster.name, nodegroupName: name, status: .successful,
                                     type: "ConfigUpdate", params: params, createdEpoch: calendar.epoch(now), errors: [])
        updates[update.id] = update
        updateOrder.append(update.id)
        // Labels and taints reach the nodes; scaling reaches the Auto Scaling group.
        for nodeName in nodes.keys.sorted() where nodes[nodeName]!.nodegroup == name {
            for (k, v) in addLabels { nodes[nodeName]!.labels[k] = v }
            for k in removeLabels { nodes[nodeName]!.labels[k] = nil }
            nodes[nodeName]!.taints.removeAll { t in (addTaints + removeTaints).contains { $0.key == t.key && $0.effect == t.effect } }
            nodes[nodeName]!.taints += addTaints
            invalidateSchedulerCache(node: nodeName)
            writes += 1
        }
        if let scaling {
            resize(autoScalingGroup: group.autoScalingGroupName, min: scaling.minSize, max: scaling.maxSize, desired: scaling.desiredSize,
                   reason: "update-nodegroup-config")
        }
        var record = update
        record.status = .inProgress
        return record
    }

    public func describeUpdate(cluster clusterName: String, updateId: String, nodegroup: String? = nil,
                               addon: String? = nil) throws(ServiceError) -> EKSUpdate {
        guard clusterName == cluster.name else { throw .clusterNotFound(clusterName) }
        if let nodegroup, nodegroups[nodegroup] == nil { throw .nodegroupNotFound(nodegroup) }
        if let addon, addons[addon] == nil { throw .addonNotFound(addon, cluster: clusterName) }
        guard let update = updates[updateId], nodegroup == nil || update.nodegroupName == nodegroup,
              addon == nil || update.addonName == addon else { throw .updateNotFound(updateId) }
        return update
    }

    /// The ids of a node group's or an add-on's updates, or without either the cluster's own (as
    /// ListUpdates answers: the node groups' and add-ons' are not listed with the cluster's).
    public func listUpdates(cluster clusterName: String, nodegroup: String? = nil, addon: String? = nil) throws(ServiceError) -> [String] {
        guard clusterName == cluster.name else { throw .clusterNotFound(clusterName) }
        if let nodegroup, nodegroups[nodegroup] == nil { throw .nodegroupNotFound(nodegroup) }
        if let addon, addons[addon] == nil { throw .addonNotFound(addon, cluster: clusterName) }
        return updateOrder.filter { updates[$0]!.nodegroupName == nodegroup && updates[$0]!.addonName == addon }
    }

    func inProgressUpdate(nodegroup: String) -> EKSUpdate? {
        updateOrder.lazy.compactMap { self.updates[$0] }.first { $0.nodegroupName == nodegroup && $0.status == .inProgress }
    }

    /// Node group update ids are UUIDs whose version nibble is 3, as AWS's are.
    func newUpdateId() -> String {
        let hex = Array(rng.hex(32))
        return Self.awsUUID(String(hex[0..<12]) + "3" + String(hex[13..<32]))
    }

    /// Cluster update ids are version-4 UUIDs, as AWS's examples show.
    func newClusterUpdateId() -> String {
        let hex = Array(rng.hex(32))
        return Self.awsUUID(String(hex[0..<12]) + "4" + String(hex[13..<32]))
    }

    /// `33` for `1.33`.
    public static func minor(_ version: String) -> Int { Int(version.split(separator: ".").last ?? "") ?? 0 }

    static func jsonObject(_ map: [String: String]) -> String {
        "{" + map.keys.sorted().map { "\"\($0)\":\"\(map[$0]!)\"" }.joined(separator: ",") + "}"
    }

    static func taintsJSON(_ taints: [Taint]) -> String {
        "[" + taints.map { t in
            "{\"key\":\"\(t.key)\"" + (t.value.map { ",\"value\":\"\($0)\"" } ?? "") + ",\"effect\":\"\(t.effect)\"}"
        }.joined(separator: ",") + "]"
    }

    // MARK: SSM

    public func getParameter(name: String) throws(ServiceError) -> SSMParameter {
        guard let parameter = catalog.parameter(named: name) else { throw .parameterNotFound(name) }
        return parameter
    }

    /// Found parameters in request order, and the names not found.
    public func getParameters(names: [String]) -> (parameters: [SSMParameter], invalid: [String]) {
        var found: [SSMParameter] = []
        var invalid: [String] = []
        for name in names {
            if let parameter = catalog.parameter(named: name) { found.append(parameter) } else { invalid.append(name) }
        }
        return (found, invalid)
    }

    public func getParametersByPath(path: String, recursive: Bool) -> [SSMParameter] {
        catalog.parameters(underPath: path, recursive: recursive)
    }

    // MARK: EC2 and Auto Scaling

    /// Instances in launch order, terminated ones included until they are gone from EC2's view.
    /// One instance by id (DescribeInstances with an instance id).
    public func instance(id: String) -> Instance? { instances[id] }

    public func describeInstances() -> [Instance] {
        instanceOrder.compactMap { instances[$0] }
    }

    public func describeAutoScalingGroups(names: [String] = []) -> [AutoScalingGroup] {
        nodegroupOrder.compactMap { nodegroups[$0].flatMap { autoScalingGroups[$0.autoScalingGroupName] } }
            .filter { names.isEmpty || names.contains($0.name) }
    }

    public func launchTemplate(id: String) -> LaunchTemplate? { launchTemplates[id] }

    // MARK: Kubernetes

    /// Nodes sorted by name, as the API server lists them.
    public func nodeList() -> [Node] { nodes.keys.sorted().map { nodes[$0]! } }

    public func node(named name: String) -> Node? { nodes[name] }

    /// Pods sorted by namespace then name.
    public func podList(namespace: String? = nil) -> [Pod] {
        let chosen = namespace.map { pods.ids(inNamespace: $0).compactMap { pods[$0] } } ?? pods.values
        return chosen.sorted { ($0.namespace, $0.name, $0.id) < ($1.namespace, $1.name, $1.id) }
    }

    /// Every pod in creation order, unsorted and without a copy of the list: what a poller that
    /// counts pods per node reads (``podList(namespace:)`` sorts them as kubectl lists them).
    public func forEachPod(_ body: (Pod) -> Void) {
        pods.forEach(body)
    }

    /// The pods bound to a node, unsorted (what a poller counting pods per node reads).
    public func forEachPod(onNode name: String, _ body: (Pod) -> Void) {
        for id in podsByNode[name] ?? [] {
            if let pod = pods[id] { body(pod) }
        }
    }

    /// How many pods exist (any phase, bound or not).
    public var podCount: Int { pods.count }

    public func pods(onNode name: String) -> [Pod] {
        (podsByNode[name] ?? []).compactMap { pods[$0] }.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
    }

    public func workloadList() -> [Workload] { workloadOrder.compactMap { workloads[$0] } }

    /// The workload with this `namespace/name` key.
    public func workload(key: String) -> Workload? { workloads[key] }

    /// Ready and total pods of a workload, and those of its current template (`updatedReplicas`,
    /// `updatedNumberScheduled`).
    public func workloadStatus(_ key: String) -> (ready: Int, current: Int, updated: Int) {
        let live = (podsByWorkload[key] ?? []).compactMap { pods[$0] }.filter { !$0.terminating }
        guard let workload = workloads[key] else { return (live.filter(\.ready).count, live.count, live.count) }
        let hash = templateHash(workload)
        return (live.filter(\.ready).count, live.count, live.filter { $0.templateHash == hash }.count)
    }

    /// A workload's pods, terminating ones too, oldest first.
    public func pods(ofWorkload key: String) -> [Pod] {
        (podsByWorkload[key] ?? []).compactMap { pods[$0] }
    }

    /// Every budget with its status (`kubectl get pdb -A`), in one pass: looking each budget up by
    /// key (``budgetStatus(_:)``) is quadratic in the number of budgets.
    /// With each budget that allows no disruption, the nodes its live pods run on (what a drain it holds
    /// is stuck on), found through the budget's workloads rather than by matching every pod.
    public func budgetsWithStatus() -> [(budget: PodDisruptionBudget, healthy: Int, required: Int, expected: Int, exhaustedOn: [String])] {
        let order = budgetList()
        var indexByKey: [String: Int] = [:]
        for index in disruptionBudgets.all.indices { indexByKey[disruptionBudgets.all[index].key] = index }
        return order.map { budget in
            guard let index = indexByKey[budget.key] else { return (budget, 0, 0, 0, []) }
            let status = disruptionBudgets.status(ofBudget: index, in: self)
            var hosts = Set<String>()
            if status.healthy <= status.required {
                for key in disruptionBudgets.workloads(ofBudget: index, in: self) {
                    for id in podsByWorkload[key] ?? [] {
                        if let pod = pods[id], !pod.terminating, let node = pod.nodeName { hosts.insert(node) }
                    }
                }
            }
            return (budget, status.healthy, status.required, status.expected, hosts.sorted())
        }
    }

    public func budgetList() -> [PodDisruptionBudget] {
        disruptionBudgets.all.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
    }

    /// Removes a PodDisruptionBudget; false when there is none by that name.
    @discardableResult
    public func removeBudget(namespace: String, name: String) -> Bool {
        disruptionBudgets.remove(namespace: namespace, name: name)
    }

    /// Adds a PodDisruptionBudget (as `kubectl apply` of one would).
    public func addBudget(_ budget: PodDisruptionBudget) {
        disruptionBudgets.upsert(budget)
    }

    public enum KubernetesError: Error, Sendable, Equatable {
        case notFound(kind: String, name: String)
    }

    /// `kubectl cordon` / `uncordon`.
    public func setSchedulable(node name: String, _ schedulable: Bool) throws(KubernetesError) {
        defer { flushScheduling() }
        guard nodes[name] != nil else { throw .notFound(kind: "nodes", name: name) }
        setUnschedulable(name, !schedulable)
    }

    /// A change to a node's labels and taints, as a PATCH to the Node object makes it (`kubectl label`,
    /// `kubectl taint`, a strategic-merge patch): labels mapped to nil are removed; `taints`, when
    /// given, replaces the list. Taints the scheduler respects take effect at once.
    public func patchNode(_ name: String, labels: [String: String?] = [:], taints: [Taint]? = nil) throws(KubernetesError) {
        defer { flushScheduling() }
        guard var node = nodes[name] else { throw .notFound(kind: "nodes", name: name) }
        var added: [String] = []
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
            if let value, node.labels[key] != value { added.append("\(key)=\(value)") }
            node.labels[key] = value
        }
        var newTaints: [Taint] = []
        if let taints {
            newTaints = taints.filter { !node.taints.contains($0) }
            node.taints = taints
        }
        guard node != nodes[name] else { return }
        nodes[name] = node
        invalidateSchedulerCache(node: name)
        schedulingRequested = true
        writes += 1
        for label in added { emit(.nodeLabelled(node: name, label: label)) }
        if !labels.isEmpty {
            // The DaemonSet controller: a node that now matches a DaemonSet's selector gets its pod,
            // one that no longer does loses it.
            for id in podsByNode[name] ?? [] {
                guard let pod = pods[id], pod.isDaemon, !pod.terminating, let workload = workloads[pod.workload],
                      !workload.placement.matchesNode(labels: node.labels) else { continue }
                terminatePod(id, forced: false, evicted: false)
            }
            reconcileDaemonSets(onNode: name)
        }
        for taint in newTaints {
            emit(.nodeTainted(node: name, taint: "\(taint.key)\(taint.value.map { "=" + $0 } ?? ""):\(taint.kubernetesEffect)"))
        }
        // The taint manager: a NoExecute taint deletes the running pods that do not tolerate it
        // (no eviction API, so no budget holds it); their controllers place them elsewhere.
        let executing = newTaints.filter { $0.effect == "NO_EXECUTE" }
        guard !executing.isEmpty else { return }
        for id in podsByNode[name] ?? [] {
            guard let pod = pods[id], !pod.isDaemon, !pod.toleratesAllTaints, executing.contains(where: pod.placement.repelled) else { continue }
            terminatePod(id, forced: false, evicted: false)
        }
    }

    /// A pod by namespace and name.
    public func pod(namespace: String, name: String) -> Pod? {
        podIdByKey["\(namespace)/\(name)"].flatMap { pods[$0] }
    }

    /// The eviction API, for `kubectl drain`.
    public func evict(namespace: String, pod name: String) throws(KubernetesError) -> EvictionOutcome {
        defer { flushScheduling() }
        guard let pod = pod(namespace: namespace, name: name), !pod.terminating else {
            throw .notFound(kind: "pods", name: name)
        }
        let outcome = evict(podId: pod.id)
        ensureTick()
        return outcome
    }

    /// `kubectl delete pod`.
    public func deletePod(namespace: String, name: String) throws(KubernetesError) {
        defer { flushScheduling() }
        guard let pod = pod(namespace: namespace, name: name), !pod.terminating else {
            throw .notFound(kind: "pods", name: name)
        }
        terminatePod(pod.id, forced: false)
    }

    /// The update a node group is running, if any: phase and when it began.
    public func activeUpdate(nodegroup: String) -> (updateId: String, phase: UpgradePhase, phaseStarted: SimTime, parallelism: Int)? {
        workflows[nodegroup].map { ($0.updateId, $0.phase, $0.phaseStarted, $0.parallelism) }
    }

    /// The AMI a node group's update moves to, while it runs.
    public func updateTarget(nodegroup: String) -> AMIRelease? { workflows[nodegroup]?.target }
}
