extension SimEvent {
    /// What happened, in one plain sentence (no explanation of why: that is Narration's job).
    public var summary: String {
        switch kind {
        case let .clusterUpdateStarted(id, from, to):
            return "update \(id) started: control plane Kubernetes \(from) → \(to)"
        case let .clusterStatusChanged(from, to):
            return "cluster: \(from) → \(to)"
        case let .controlPlaneCutOver(version):
            return "API server endpoint now served by control plane instances running Kubernetes \(version)"
        case let .clusterVersionChanged(from, to, platform):
            return "cluster version \(from) → \(to), platform version \(platform)"
        case let .requestRefused(operation, code, message):
            return "\(operation) refused: \(code): \(message)"
        case let .addonUpdateStarted(id, addon, from, to):
            return "update \(id) started: add-on \(addon) \(from) → \(to)"
        case let .addonStatusChanged(addon, from, to):
            return "add-on \(addon): \(from) → \(to)"
        case let .addonVersionChanged(addon, from, to):
            return "add-on \(addon) now runs \(to) (was \(from))"
        case let .updateStarted(id, ng, version, release, strategy, parallelism, force):
            return "update \(id) started: node group \(ng) → Kubernetes \(version), release \(release) (strategy \(strategy), up to \(parallelism) node\(parallelism == 1 ? "" : "s") at a time\(force ? ", force" : ""))"
        case let .updateStatusChanged(id, from, to):
            return "update \(id): \(from) → \(to)"
        case let .updateFailed(id, code, message, ids):
            return "update \(id) failed: \(code): \(message)" + (ids.isEmpty ? "" : " [\(ids.joined(separator: ", "))]")
        case let .nodegroupStatusChanged(ng, from, to):
            return "node group \(ng): \(from) → \(to)"
        case let .phaseStarted(phase, ng):
            return "\(phase.rawValue) phase started (\(ng))"
        case let .phaseFinished(phase, ng):
            return "\(phase.rawValue) phase finished (\(ng))"
        case let .launchTemplateVersionCreated(name, version, image):
            return "launch template \(name) version \(version) created with \(image)"
        case let .autoScalingGroupUsesLaunchTemplate(group, version):
            return "Auto Scaling group \(group) now launches from launch template version \(version)"
        case let .autoScalingGroupResized(group, _, from, to, reason):
            return "Auto Scaling group \(group) resized (\(reason)): max \(from.max) → \(to.max), desired \(from.desired) → \(to.desired)"
        case let .instanceLaunched(id, az, image):
            return "instance \(id) launched in \(az) from \(image)"
        case let .instanceLaunchFailed(az, reason):
            return "launch failed in \(az): \(reason)"
        case let .instanceTerminating(id, node, _):
            return "instance \(id) terminating" + (node.map { " (\($0))" } ?? "")
        case let .instanceTerminated(id):
            return "instance \(id) terminated"
        case let .nodeRegistered(node, az, kubelet):
            return "node \(node) registered in \(az) (kubelet \(kubelet)), NotReady"
        case let .nodeReady(node):
            return "node \(node) is Ready"
        case let .nodeNotReady(node):
            return "node \(node) is NotReady"
        case let .nodeMarkedUnschedulable(node):
            return "node \(node) marked unschedulable"
        case let .nodeTainted(node, taint):
            return "node \(node) tainted \(taint)"
        case let .nodeLabelled(node, label):
            return "node \(node) labelled \(label)"
        case let .nodePickedForUpgrade(node, _, candidates):
            return "node \(node) picked for upgrade (at random among \(candidates) old node\(candidates == 1 ? "" : "s"))"
        case let .nodeDrainStarted(node, pods):
            return "draining node \(node): \(pods) pod\(pods == 1 ? "" : "s") to evict"
        case let .nodeDrained(node):
            return "node \(node) drained"
        case let .nodeCordoned(node, wait):
            return "node \(node) cordoned; terminating in \(wait)s"
        case let .nodeDeleted(node):
            return "node \(node) deleted"
        case let .podCreated(pod, workload):
            return "pod \(pod) created by \(workload)"
        case let .podScheduled(pod, node):
            return "pod \(pod) scheduled on \(node)"
        case let .podPending(pod, reason):
            return "pod \(pod) pending: \(reason)"
        case let .podReady(pod, node):
            return "pod \(pod) ready on \(node)"
        case let .podEvicted(pod, node, _):
            return "pod \(pod) evicted from \(node)"
        case let .evictionRefused(pod, node, budget, healthy, required):
            return "eviction of \(pod) from \(node) refused by PodDisruptionBudget \(budget) (\(healthy) healthy, \(required) required)"
        case let .podDeleted(pod, node, forced):
            return "pod \(pod) \(forced ? "force-deleted" : "deleted")" + (node.map { " from \($0)" } ?? "")
        case let .replicaSetScaled(deployment, replicaSet, from, to):
            return "replica set \(replicaSet) of \(deployment) scaled \(to > from ? "up" : "down") from \(from) to \(to)"
        case let .podFinished(pod, node, succeeded):
            return "pod \(pod) on \(node) \(succeeded ? "completed" : "failed")"
        case let .jobFinished(job, complete, reason):
            return complete ? "job \(job) complete" : "job \(job) failed: \(reason)"
        case let .autoscalerRescaled(autoscaler, size, reason):
            return "autoscaler \(autoscaler) set its target to \(size) replicas: \(reason)"
        case let .autoscalerMetricsUnavailable(autoscaler, resources):
            return "autoscaler \(autoscaler) could not read its \(resources.joined(separator: ", ")) metrics (no metrics server)"
        case let .autoscalerTargetMissing(autoscaler, message):
            return "autoscaler \(autoscaler) found no target: \(message)"
        case let .podCreationRefused(workload, _, message):
            return "\(workload) could not make a pod: \(message)"
        case let .cronJobStartedJob(cronJob, job):
            return "cron job \(cronJob) started job \(job)"
        case let .cronJobSawFinishedJob(cronJob, job, status):
            return "cron job \(cronJob) saw job \(job) end: \(status)"
        case let .cronJobDeletedJob(cronJob, job):
            return "cron job \(cronJob) deleted job \(job)"
        case let .cronJobSkippedRun(cronJob):
            return "cron job \(cronJob) skipped a run: its last job still runs (concurrency policy Forbid)"
        case let .claimAwaitsConsumer(claim):
            return "claim \(claim) waits for a pod that uses it before a volume is made"
        case let .claimAwaitsProvisioner(claim, provisioner):
            return "claim \(claim) waits for a volume from \(provisioner), which does not run in the cluster"
        case let .claimUnbindable(claim):
            return "claim \(claim) names no storage class and no volume fits it"
        case let .volumeProvisioningStarted(claim, provisioner):
            return "\(provisioner) is making a volume for claim \(claim)"
        case let .volumeProvisioned(claim, volume, zone):
            return "volume \(volume) made in \(zone) for claim \(claim)"
        case let .volumeDeleted(volume):
            return "volume \(volume) deleted with its claim"
        }
    }

    /// How much detail an event is: phases and updates, node-level, or pod-level.
    public enum Detail: Int, Sendable, Comparable, CaseIterable {
        case phases = 0, nodes = 1, pods = 2

        public static func < (a: Detail, b: Detail) -> Bool { a.rawValue < b.rawValue }
    }

    public var detail: Detail {
        switch kind {
        case .updateStarted, .updateStatusChanged, .updateFailed, .nodegroupStatusChanged, .phaseStarted, .phaseFinished,
             .clusterUpdateStarted, .clusterStatusChanged, .controlPlaneCutOver, .clusterVersionChanged,
             .addonUpdateStarted, .addonStatusChanged, .addonVersionChanged, .requestRefused:
            return .phases
        case .podCreated, .podScheduled, .podPending, .podReady, .podEvicted, .podDeleted, .replicaSetScaled, .podFinished, .jobFinished,
             .podCreationRefused, .autoscalerRescaled, .autoscalerMetricsUnavailable, .autoscalerTargetMissing, .cronJobStartedJob, .cronJobSawFinishedJob, .cronJobDeletedJob, .cronJobSkippedRun,
             .claimAwaitsConsumer, .claimAwaitsProvisioner, .claimUnbindable, .volumeProvisioningStarted, .volumeProvisioned, .volumeDeleted:
            return .pods
        case .evictionRefused:
            return .nodes
        default:
            return .nodes
        }
    }
}
