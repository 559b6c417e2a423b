import JSON

/// The phases of a managed node group version update, as AWS documents them.
public enum UpgradePhase: String, Sendable, Equatable, CaseIterable {
    case setup, scaleUp = "scale-up", upgrade, scaleDown = "scale-down"
}

/// Something that happened in the simulated cluster, at a simulated time.
///
/// Every state change is one of these; narration and transcripts are built from them.
public struct SimEvent: Sendable, Equatable {
    public var time: SimTime
    public var kind: Kind

    public init(time: SimTime, kind: Kind) {
        self.time = time
        self.kind = kind
    }

    public enum Kind: Sendable, Equatable {
        // Updates
        case clusterUpdateStarted(updateId: String, from: String, to: String)
        case clusterStatusChanged(from: String, to: String)
        /// The new control plane instances took the API endpoint's traffic: the server now answers as `version`.
        case controlPlaneCutOver(version: String)
        case clusterVersionChanged(from: String, to: String, platformVersion: String)
        /// An update request EKS refused (nothing changed): narration explains the rule it broke.
        case requestRefused(operation: String, code: String, message: String)
        case addonUpdateStarted(updateId: String, addon: String, from: String, to: String)
        case addonStatusChanged(addon: String, from: String, to: String)
        case addonVersionChanged(addon: String, from: String, to: String)
        case updateStarted(updateId: String, nodegroup: String, version: String, releaseVersion: String, strategy: String, parallelism: Int, force: Bool)
        case updateStatusChanged(updateId: String, from: String, to: String)
        case updateFailed(updateId: String, errorCode: String, message: String, resourceIds: [String])
        case nodegroupStatusChanged(nodegroup: String, from: String, to: String)
        case phaseStarted(UpgradePhase, nodegroup: String)
        case phaseFinished(UpgradePhase, nodegroup: String)
        // EC2 / Auto Scaling
        case launchTemplateVersionCreated(name: String, version: Int, imageId: String)
        case autoScalingGroupUsesLaunchTemplate(group: String, version: Int)
        case autoScalingGroupResized(group: String, nodegroup: String, from: AutoScalingGroup.Sizes, to: AutoScalingGroup.Sizes, reason: String)
        case instanceLaunched(instanceId: String, availabilityZone: String, imageId: String)
        case instanceLaunchFailed(availabilityZone: String, reason: String)
        case instanceTerminating(instanceId: String, nodeName: String?, nodegroup: String)
        case instanceTerminated(instanceId: String)
        // Nodes
        case nodeRegistered(node: String, availabilityZone: String, kubeletVersion: String)
        case nodeReady(node: String)
        case nodeNotReady(node: String)
        case nodeMarkedUnschedulable(node: String)
        case nodeTainted(node: String, taint: String)
        case nodeLabelled(node: String, label: String)
        case nodePickedForUpgrade(node: String, nodegroup: String, candidates: Int)
        case nodeDrainStarted(node: String, pods: Int)
        case nodeDrained(node: String)
        case nodeCordoned(node: String, waitSeconds: Int)
        case nodeDeleted(node: String)
        // Pods
        case podCreated(pod: String, workload: String)
        case podScheduled(pod: String, node: String)
        case podPending(pod: String, reason: String)
        case podReady(pod: String, node: String)
        case podEvicted(pod: String, node: String, nodegroup: String)
        case evictionRefused(pod: String, node: String, budget: String, healthy: Int, required: Int)
        case podDeleted(pod: String, node: String?, forced: Bool)
        /// Admission refused a controller's new pod (a quota): `message` is the API server's Forbidden.
        case podCreationRefused(workload: String, pod: String, message: String)
        // Deployments
        /// A Deployment's controller changed how many pods a ReplicaSet of it should run.
        case replicaSetScaled(deployment: String, replicaSet: String, from: Int, to: Int)
        // Jobs
        /// A Job's pod ran to its end: its container exited 0 (`succeeded`) or not.
        case podFinished(pod: String, node: String, succeeded: Bool)
        /// A Job reached its completions (`Complete`) or gave up (`Failed`, with the reason).
        case jobFinished(job: String, complete: Bool, reason: String)
        // Autoscalers
        /// A HorizontalPodAutoscaler set its target's replicas (`reason`: a bound it enforced).
        case autoscalerRescaled(autoscaler: String, size: Int, reason: String)
        /// A HorizontalPodAutoscaler could not read its resource metrics (no metrics server).
        case autoscalerMetricsUnavailable(autoscaler: String, resources: [String])
        /// A HorizontalPodAutoscaler's target does not exist (`message`: the scale subresource's NotFound).
        case autoscalerTargetMissing(autoscaler: String, message: String)
        // CronJobs
        /// A CronJob's schedule came round and it made a Job.
        case cronJobStartedJob(cronJob: String, job: String)
        /// A CronJob saw one of its Jobs end (`Complete` or `Failed`).
        case cronJobSawFinishedJob(cronJob: String, job: String, status: String)
        /// A CronJob deleted a finished Job beyond its history limit, or a running one it replaces.
        case cronJobDeletedJob(cronJob: String, job: String)
        /// A CronJob's schedule came round while its last Job still ran, and its policy is Forbid.
        case cronJobSkippedRun(cronJob: String)
        // Volumes
        /// A claim whose class binds when a pod first uses it (`WaitForFirstConsumer`) waits for that pod.
        case claimAwaitsConsumer(claim: String)
        /// A claim needs a new volume from `provisioner`, which does not run in the cluster.
        case claimAwaitsProvisioner(claim: String, provisioner: String)
        /// A claim names no storage class and no existing volume fits it.
        case claimUnbindable(claim: String)
        /// `provisioner` began making a volume for a claim (in the zone of `node`, when a pod chose one).
        case volumeProvisioningStarted(claim: String, provisioner: String)
        /// The new volume exists, in `zone`, ready to bind to the claim.
        case volumeProvisioned(claim: String, volume: String, zone: String)
        /// A dynamically provisioned volume whose claim is gone was deleted (`reclaimPolicy: Delete`).
        case volumeDeleted(volume: String)
    }

    /// A short machine name for the kind (`podEvicted`), used as `type` in JSON.
    public var type: String {
        switch kind {
        case .clusterUpdateStarted: return "clusterUpdateStarted"
        case .clusterStatusChanged: return "clusterStatusChanged"
        case .controlPlaneCutOver: return "controlPlaneCutOver"
        case .clusterVersionChanged: return "clusterVersionChanged"
        case .requestRefused: return "requestRefused"
        case .addonUpdateStarted: return "addonUpdateStarted"
        case .addonStatusChanged: return "addonStatusChanged"
        case .addonVersionChanged: return "addonVersionChanged"
        case .updateStarted: return "updateStarted"
        case .updateStatusChanged: return "updateStatusChanged"
        case .updateFailed: return "updateFailed"
        case .nodegroupStatusChanged: return "nodegroupStatusChanged"
        case .phaseStarted: return "phaseStarted"
        case .phaseFinished: return "phaseFinished"
        case .launchTemplateVersionCreated: return "launchTemplateVersionCreated"
        case .autoScalingGroupUsesLaunchTemplate: return "autoScalingGroupUsesLaunchTemplate"
        case .autoScalingGroupResized: return "autoScalingGroupResized"
        case .instanceLaunched: return "instanceLaunched"
        case .instanceLaunchFailed: return "instanceLaunchFailed"
        case .instanceTerminating: return "instanceTerminating"
        case .instanceTerminated: return "instanceTerminated"
        case .nodeRegistered: return "nodeRegistered"
        case .nodeReady: return "nodeReady"
        case .nodeNotReady: return "nodeNotReady"
        case .nodeMarkedUnschedulable: return "nodeMarkedUnschedulable"
        case .nodeTainted: return "nodeTainted"
        case .nodeLabelled: return "nodeLabelled"
        case .nodePickedForUpgrade: return "nodePickedForUpgrade"
        case .nodeDrainStarted: return "nodeDrainStarted"
        case .nodeDrained: return "nodeDrained"
        case .nodeCordoned: return "nodeCordoned"
        case .nodeDeleted: return "nodeDeleted"
        case .podCreated: return "podCreated"
        case .podScheduled: return "podScheduled"
        case .podPending: return "podPending"
        case .podReady: return "podReady"
        case .podEvicted: return "podEvicted"
        case .evictionRefused: return "evictionRefused"
        case .podDeleted: return "podDeleted"
        case .replicaSetScaled: return "replicaSetScaled"
        case .podFinished: return "podFinished"
        case .jobFinished: return "jobFinished"
        case .podCreationRefused: return "podCreationRefused"
        case .autoscalerRescaled: return "autoscalerRescaled"
        case .autoscalerMetricsUnavailable: return "autoscalerMetricsUnavailable"
        case .autoscalerTargetMissing: return "autoscalerTargetMissing"
        case .cronJobStartedJob: return "cronJobStartedJob"
        case .cronJobSawFinishedJob: return "cronJobSawFinishedJob"
        case .cronJobDeletedJob: return "cronJobDeletedJob"
        case .cronJobSkippedRun: return "cronJobSkippedRun"
        case .claimAwaitsConsumer: return "claimAwaitsConsumer"
        case .claimAwaitsProvisioner: return "claimAwaitsProvisioner"
        case .claimUnbindable: return "claimUnbindable"
        case .volumeProvisioningStarted: return "volumeProvisioningStarted"
        case .volumeProvisioned: return "volumeProvisioned"
        case .volumeDeleted: return "volumeDeleted"
        }
    }

    /// The event's fields in a fixed order, for JSON lines and transcripts.
    public var fields: [(String, FieldValue)] {
        switch kind {
        case let .clusterUpdateStarted(id, from, to):
            return [("updateId", .string(id)), ("from", .string(from)), ("to", .string(to))]
        case let .clusterStatusChanged(from, to):
            return [("from", .string(from)), ("to", .string(to))]
        case let .controlPlaneCutOver(version):
            return [("version", .string(version))]
        case let .clusterVersionChanged(from, to, platform):
            return [("from", .string(from)), ("to", .string(to)), ("platformVersion", .string(platform))]
        case let .requestRefused(operation, code, message):
            return [("operation", .string(operation)), ("code", .string(code)), ("message", .string(message))]
        case let .addonUpdateStarted(id, addon, from, to):
            return [("updateId", .string(id)), ("addon", .string(addon)), ("from", .string(from)), ("to", .string(to))]
        case let .addonStatusChanged(addon, from, to), let .addonVersionChanged(addon, from, to):
            return [("addon", .string(addon)), ("from", .string(from)), ("to", .string(to))]
        case let .updateStarted(id, ng, version, release, strategy, parallelism, force):
            return [("updateId", .string(id)), ("nodegroup", .string(ng)), ("version", .string(version)),
                    ("releaseVersion", .string(release)), ("strategy", .string(strategy)),
                    ("parallelism", .int(parallelism)), ("force", .bool(force))]
        case let .updateStatusChanged(id, from, to):
            return [("updateId", .string(id)), ("from", .string(from)), ("to", .string(to))]
        case let .updateFailed(id, code, message, ids):
            return [("updateId", .string(id)), ("errorCode", .string(code)), ("errorMessage", .string(message)), ("resourceIds", .strings(ids))]
        case let .nodegroupStatusChanged(ng, from, to):
            return [("nodegroup", .string(ng)), ("from", .string(from)), ("to", .string(to))]
        case let .phaseStarted(phase, ng), let .phaseFinished(phase, ng):
            return [("phase", .string(phase.rawValue)), ("nodegroup", .string(ng))]
        case let .launchTemplateVersionCreated(name, version, image):
            return [("launchTemplate", .string(name)), ("version", .int(version)), ("imageId", .string(image))]
        case let .autoScalingGroupUsesLaunchTemplate(group, version):
            return [("autoScalingGroup", .string(group)), ("launchTemplateVersion", .int(version))]
        case let .autoScalingGroupResized(group, nodegroup, from, to, reason):
            return [("autoScalingGroup", .string(group)), ("nodegroup", .string(nodegroup)), ("fromMin", .int(from.min)), ("fromMax", .int(from.max)),
                    ("fromDesired", .int(from.desired)), ("toMin", .int(to.min)), ("toMax", .int(to.max)),
                    ("toDesired", .int(to.desired)), ("reason", .string(reason))]
        case let .instanceLaunched(id, az, image):
            return [("instanceId", .string(id)), ("availabilityZone", .string(az)), ("imageId", .string(image))]
        case let .instanceLaunchFailed(az, reason):
            return [("availabilityZone", .string(az)), ("reason", .string(reason))]
        case let .instanceTerminating(id, node, nodegroup):
            return [("instanceId", .string(id)), ("node", node.map(FieldValue.string) ?? .null), ("nodegroup", .string(nodegroup))]
        case let .instanceTerminated(id):
            return [("instanceId", .string(id))]
        case let .nodeRegistered(node, az, kubelet):
            return [("node", .string(node)), ("availabilityZone", .string(az)), ("kubeletVersion", .string(kubelet))]
        case let .nodeReady(node), let .nodeNotReady(node), let .nodeMarkedUnschedulable(node), let .nodeDrained(node), let .nodeDeleted(node):
            return [("node", .string(node))]
        case let .nodeTainted(node, taint):
            return [("node", .string(node)), ("taint", .string(taint))]
        case let .nodeLabelled(node, label):
            return [("node", .string(node)), ("label", .string(label))]
        case let .nodePickedForUpgrade(node, nodegroup, candidates):
            return [("node", .string(node)), ("nodegroup", .string(nodegroup)), ("candidates", .int(candidates))]
        case let .nodeDrainStarted(node, pods):
            return [("node", .string(node)), ("pods", .int(pods))]
        case let .nodeCordoned(node, wait):
            return [("node", .string(node)), ("waitSeconds", .int(wait))]
        case let .podCreated(pod, workload):
            return [("pod", .string(pod)), ("workload", .string(workload))]
        case let .podScheduled(pod, node), let .podReady(pod, node):
            return [("pod", .string(pod)), ("node", .string(node))]
        case let .podEvicted(pod, node, nodegroup):
            return [("pod", .string(pod)), ("node", .string(node)), ("nodegroup", .string(nodegroup))]
        case let .podPending(pod, reason):
            return [("pod", .string(pod)), ("reason", .string(reason))]
        case let .evictionRefused(pod, node, budget, healthy, required):
            return [("pod", .string(pod)), ("node", .string(node)), ("budget", .string(budget)),
                    ("healthy", .int(healthy)), ("required", .int(required))]
        case let .podDeleted(pod, node, forced):
            return [("pod", .string(pod)), ("node", node.map(FieldValue.string) ?? .null), ("forced", .bool(forced))]
        case let .replicaSetScaled(deployment, replicaSet, from, to):
            return [("deployment", .string(deployment)), ("replicaSet", .string(replicaSet)), ("from", .int(from)), ("to", .int(to))]
        case let .podFinished(pod, node, succeeded):
            return [("pod", .string(pod)), ("node", .string(node)), ("succeeded", .bool(succeeded))]
        case let .jobFinished(job, complete, reason):
            return [("job", .string(job)), ("complete", .bool(complete)), ("reason", .string(reason))]
        case let .podCreationRefused(workload, pod, message):
            return [("workload", .string(workload)), ("pod", .string(pod)), ("message", .string(message))]
        case let .autoscalerRescaled(autoscaler, size, reason):
            return [("autoscaler", .string(autoscaler)), ("size", .int(size)), ("reason", .string(reason))]
        case let .autoscalerMetricsUnavailable(autoscaler, resources):
            return [("autoscaler", .string(autoscaler)), ("resources", .strings(resources))]
        case let .autoscalerTargetMissing(autoscaler, message):
            return [("autoscaler", .string(autoscaler)), ("message", .string(message))]
        case let .cronJobStartedJob(cronJob, job), let .cronJobDeletedJob(cronJob, job):
            return [("cronJob", .string(cronJob)), ("job", .string(job))]
        case let .cronJobSawFinishedJob(cronJob, job, status):
            return [("cronJob", .string(cronJob)), ("job", .string(job)), ("status", .string(status))]
        case let .cronJobSkippedRun(cronJob):
            return [("cronJob", .string(cronJob))]
        case let .claimAwaitsConsumer(claim), let .claimUnbindable(claim):
            return [("claim", .string(claim))]
        case let .claimAwaitsProvisioner(claim, provisioner), let .volumeProvisioningStarted(claim, provisioner):
            return [("claim", .string(claim)), ("provisioner", .string(provisioner))]
        case let .volumeProvisioned(claim, volume, zone):
            return [("claim", .string(claim)), ("volume", .string(volume)), ("zone", .string(zone))]
        case let .volumeDeleted(volume):
            return [("volume", .string(volume))]
        }
    }

    public enum FieldValue: Sendable, Equatable {
        case string(String), int(Int), bool(Bool), strings([String]), null

        /// JSON text of the value.
        public var json: String {
            switch self {
            case .string(let s): return SimEvent.jsonString(s)
            case .int(let i): return String(i)
            case .bool(let b): return b ? "true" : "false"
            case .strings(let list): return "[" + list.map(SimEvent.jsonString).joined(separator: ",") + "]"
            case .null: return "null"
            }
        }
    }

    /// One JSON object on one line: `{"time":12.5,"type":"podEvicted",...}`.
    public func jsonLine(calendar: SimCalendar) -> String {
        var parts = ["\"time\":\(Self.number(time.seconds))", "\"at\":\(Self.jsonString(calendar.iso8601(time)))",
                     "\"type\":\(Self.jsonString(type))"]
        for (key, value) in fields { parts.append("\(Self.jsonString(key)):\(value.json)") }
        return "{" + parts.joined(separator: ",") + "}"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// JSON string literal, escaped as Python's `json` module does (one escaper for every JSON Workshop writes).
    static func jsonString(_ s: String) -> String { JSONSerializer.quoted(s) }
}
