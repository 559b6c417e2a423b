/// The state of a control plane version update (UpdateClusterVersion), advanced by the controller
/// loop: new API server instances start on the target version and pass health checks, take the
/// endpoint's traffic (the cut-over: `kubectl version` answers with the new version from here), and
/// the old instances go; then the cluster reports the new version and platform version and is ACTIVE.
/// The API stays usable throughout, as AWS documents.
struct ControlPlaneWorkflow {
    var updateId: String
    var from: String
    var to: String
    var cutOverAt: SimTime
    var endsAt: SimTime
}

extension Simulator {
    /// Starts a version update of the control plane (see `startClusterVersionUpdate`); a refusal is recorded.
    public func updateClusterVersion(cluster clusterName: String, version: String, force: Bool = false) throws(ServiceError) -> EKSUpdate {
        try refusable("UpdateClusterVersion") { () throws(ServiceError) -> EKSUpdate in try startClusterVersionUpdate(cluster: clusterName, version: version, force: force) }
    }

    /// Starts a version update of the control plane to `version`, one minor version above the
    /// current one. Returns the `InProgress` update record; refuses as EKS refuses:
    /// - another cluster update in progress: ResourceInUseException (409);
    /// - a version that is not exactly the next minor (skipping, downgrading, the same): InvalidParameterException;
    /// - a managed node group not on the cluster's current version: InvalidParameterException
    ///   (EKS requires the node groups to match before the control plane moves on);
    /// - an upgrade insight with an error, unless `force`: InvalidStateException.
    private func startClusterVersionUpdate(cluster clusterName: String, version: String, force: Bool = false) throws(ServiceError) -> EKSUpdate {
        defer { flushScheduling() }
        guard clusterName == cluster.name else { throw .clusterNotFound(clusterName) }
        if let running = inProgressClusterUpdate() {
            throw .inUse("Cannot VersionUpdate because cluster \(cluster.name) currently has update \(running.id) in progress")
        }
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else {
            throw .invalidParameter("unsupported Kubernetes version \(version)")
        }
        guard Self.minor(version) == Self.minor(cluster.version) + 1, parts[0] == "1" else {
            throw .invalidParameter("Unsupported Kubernetes minor version update from \(cluster.version) to \(version)")
        }
        guard AMICatalog.kubernetesVersions.contains(version) else {
            throw .invalidParameter("unsupported Kubernetes version \(version)")
        }
        let behind = nodegroupOrder.sorted().filter { nodegroups[$0]!.version != cluster.version }
        if !behind.isEmpty {
            throw .invalidParameter("Nodegroups \(behind.joined(separator: ",")) must be updated to match cluster version \(cluster.version) before updating cluster version")
        }
        // Since March 2025 EKS refuses while an upgrade insight reports an error, unless forced.
        if !force, insights().contains(where: { $0.status == .error }) {
            throw ServiceError(code: "InvalidStateException",
                               message: "Upgrade readiness issues detected. Call the EKS ListInsights API to view upgrade blocking issues detected by EKS. Pass the force flag to override upgrade readiness errors and proceed with upgrade.",
                               httpStatus: 400)
        }
        let platform = "eks.\(Self.platformVersion(version))"
        let update = EKSUpdate(id: newClusterUpdateId(), clusterName: cluster.name, nodegroupName: nil, status: .inProgress,
                               type: "VersionUpdate",
                               params: [.init(type: "Version", value: version), .init(type: "PlatformVersion", value: platform)],
                               createdEpoch: calendar.epoch(now), errors: [])
        updates[update.id] = update
        updateOrder.append(update.id)
        let launch = rng.jitter(timings.controlPlaneLaunch.low, timings.controlPlaneLaunch.high)
        let retire = rng.jitter(timings.controlPlaneRetire.low, timings.controlPlaneRetire.high)
        controlPlaneWorkflow = ControlPlaneWorkflow(updateId: update.id, from: cluster.version, to: version,
                                                    cutOverAt: now + launch, endsAt: now + launch + retire)
        emit(.clusterUpdateStarted(updateId: update.id, from: cluster.version, to: version))
        setClusterStatus("UPDATING")
        ensureTick()
        return update
    }

    /// The control plane update in progress, if any: its id, versions and when its steps happen.
    public var controlPlaneUpdate: (updateId: String, from: String, to: String, cutOver: Bool)? {
        // Cut over once the API servers answer with the new version.
        controlPlaneWorkflow.map { ($0.updateId, $0.from, $0.to, cluster.serverVersion == $0.to) }
    }

    func advanceControlPlaneWorkflow() {
        guard let workflow = controlPlaneWorkflow else { return }
        if cluster.serverVersion != workflow.to, now >= workflow.cutOverAt {
            cluster.serverVersion = workflow.to
            emit(.controlPlaneCutOver(version: workflow.to))
        }
        guard now >= workflow.endsAt else { return }
        controlPlaneWorkflow = nil
        let platform = "eks.\(Self.platformVersion(workflow.to))"
        cluster.version = workflow.to
        cluster.platformVersion = platform
        emit(.clusterVersionChanged(from: workflow.from, to: workflow.to, platformVersion: platform))
        setClusterStatus("ACTIVE")
        setUpdateStatus(workflow.updateId, .successful)
    }

    func setClusterStatus(_ status: String) {
        guard cluster.status != status else { return }
        let from = cluster.status
        cluster.status = status
        emit(.clusterStatusChanged(from: from, to: status))
    }

    func inProgressClusterUpdate() -> EKSUpdate? {
        updateOrder.lazy.compactMap { self.updates[$0] }.first { $0.nodegroupName == nil && $0.addonName == nil && $0.status == .inProgress }
    }
}
