import ClusterSim
import JSON

extension KubectlResource {
    /// Events: LAST SEEN TYPE REASON OBJECT MESSAGE; wide adds SUBOBJECT SOURCE FIRST SEEN COUNT NAME.
    /// A watch prints each new event and each repeat of one (its count goes up).
    static let events = KubectlResource(
        names: ["events", "event", "ev"], qualifiedPlural: "events", nameKind: "event", namespaced: true,
        header: { wide in
            wide ? ["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT", "NAME"]
                 : ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
        },
        watchChanges: .byVersion,
        objects: { namespace, simulator in
            KubernetesEvent.all(simulator).filter { namespace == nil || $0.namespace == namespace }.map { $0.object(simulator) }
        })
}

/// A `v1` Event as the controllers and kubelets of a real cluster would have recorded it for what
/// happened in the simulator: node registration, readiness and cordoning, scheduling, container
/// starts and stops. Identical events are aggregated (count, last seen) as the event correlator
/// does, and events expire an hour after they were last seen, as with the API server's default TTL.
struct KubernetesEvent {
    var namespace: String
    var name: String
    var type: String
    var reason: String
    var message: String
    var kind: String
    var objectName: String
    var objectNamespace: String?
    var fieldPath: String?
    var component: String
    var host: String?
    var first: SimTime
    var last: SimTime
    var count: Int

    static let timeToLive = SimTime.seconds(3600)

    /// Every live event, sorted as the API server lists them (namespace, then name).
    static func all(_ simulator: Simulator) -> [KubernetesEvent] {
        var events: [KubernetesEvent] = []
        var index: [String: Int] = [:]
        var workloadOfPod: [String: String] = [:]
        let workloads = Dictionary(simulator.workloadList().map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let nodeCount = simulator.nodeList().count
        func record(_ namespace: String, _ type: String, _ reason: String, _ message: String, kind: String, object: String,
                    objectNamespace: String?, fieldPath: String? = nil, component: String, host: String? = nil, at time: SimTime) {
            let key = "\(namespace)|\(kind)|\(object)|\(reason)|\(message)"
            if let i = index[key] {
                events[i].count += 1
                events[i].last = time
                return
            }
            // Names end in the creation time in nanoseconds; the sequence number keeps same-instant events apart.
            let nanos = UInt64(max(0, simulator.calendar.epoch(time)) * 1_000_000_000) + UInt64(events.count)
            index[key] = events.count
            events.append(KubernetesEvent(namespace: namespace, name: "\(object).\(String(nanos, radix: 16))", type: type, reason: reason,
                                          message: message, kind: kind, objectName: object, objectNamespace: objectNamespace,
                                          fieldPath: fieldPath, component: component, host: host, first: time, last: time, count: 1))
        }
        func split(_ podKey: String) -> (namespace: String, name: String) {
            let parts = podKey.split(separator: "/", maxSplits: 1).map(String.init)
            return parts.count == 2 ? (parts[0], parts[1]) : ("default", podKey)
        }
        /// The workload a pod belongs to: recorded at its creation, else the longest workload name its
        /// name starts with (pods created with the cluster have no creation event).
        func workload(_ podKey: String) -> Workload? {
            if let key = workloadOfPod[podKey], let workload = workloads[key] { return workload }
            let pod = split(podKey)
            return workloads.values.filter { $0.namespace == pod.namespace && pod.name.hasPrefix($0.name + "-") }
                .max { $0.name.count < $1.name.count }
        }
        func container(_ podKey: String) -> String {
            workload(podKey).map(KubernetesObjects.containerName) ?? split(podKey).name
        }
        // When each claim's state changed: the PV controller repeats a waiting claim's event at each
        // resync (every 15 s) until its state changes (the aggregated event's count goes up).
        var claimChanges: [String: [(index: Int, time: SimTime)]] = [:]
        for (index, event) in simulator.events.enumerated() {
            switch event.kind {
            case .claimAwaitsProvisioner(let claim, _), .volumeProvisioningStarted(let claim, _), .volumeProvisioned(let claim, _, _):
                claimChanges[claim, default: []].append((index, event.time))
            default: continue
            }
        }
        func recordClaimWait(_ claimKey: String, _ reason: String, _ message: String, at time: SimTime, index: Int) {
            let claim = split(claimKey)
            let stored = simulator.object(ObjectStore.Key(kind: ResourceKinds.persistentVolumeClaim, namespace: claim.namespace, name: claim.name))
            let changed = claimChanges[claimKey]?.first { $0.index > index }?.time
            var at = time
            repeat {
                record(claim.namespace, "Normal", reason, message, kind: "PersistentVolumeClaim", object: claim.name,
                       objectNamespace: claim.namespace, component: "persistentvolume-controller", at: at)
                at = at + .seconds(15)
            } while stored != nil && (changed.map { at < $0 } ?? (at <= simulator.now))
        }
        func provisionerInstance(_ driver: String) -> String {
            "\(driver)_ebs-csi-controller-\(StableHash.hex("csi-controller|\(simulator.scenario.clusterName)", count: 10))-"
                + "\(StableHash.hex("csi-pod|\(simulator.scenario.clusterName)", count: 5))_\(StableHash.uuid("csi-leader|\(simulator.scenario.clusterName)"))"
        }
        /// The object that records a workload's pod events and the controller that writes them; nil
        /// for a written pod, which no controller made.
        func controller(of workload: Workload, replicaSet: String?) -> (kind: String, name: String, component: String)? {
            switch workload.kind {
            case .deployment: return ("ReplicaSet", replicaSet ?? simulator.replicaSetName(of: workload), "replicaset-controller")
            case .statefulSet: return ("StatefulSet", workload.name, "statefulset-controller")
            case .daemonSet: return ("DaemonSet", workload.name, "daemonset-controller")
            case .job: return ("Job", workload.name, "job-controller")
            case .pod: return nil
            }
        }
        for (index, event) in simulator.events.enumerated() {
            let t = event.time
            switch event.kind {
            case .nodeRegistered(let node, _, _):
                // A kubelet's start-up events, then the node controller's.
                record("default", "Normal", "Starting", "Starting kubelet.", kind: "Node", object: node, objectNamespace: nil,
                       component: "kubelet", host: node, at: t)
                for condition in ["NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID"] {
                    record("default", "Normal", condition, "Node \(node) status is now: \(condition)", kind: "Node", object: node,
                           objectNamespace: nil, component: "kubelet", host: node, at: t)
                }
                record("default", "Normal", "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods", kind: "Node",
                       object: node, objectNamespace: nil, component: "kubelet", host: node, at: t)
                record("default", "Normal", "RegisteredNode", "Node \(node) event: Registered Node \(node) in Controller", kind: "Node",
                       object: node, objectNamespace: nil, component: "node-controller", at: t)
            case .nodeReady(let node):
                record("default", "Normal", "NodeReady", "Node \(node) status is now: NodeReady", kind: "Node", object: node,
                       objectNamespace: nil, component: "kubelet", host: node, at: t)
            case .nodeNotReady(let node):
                record("default", "Normal", "NodeNotReady", "Node \(node) status is now: NodeNotReady", kind: "Node", object: node,
                       objectNamespace: nil, component: "node-controller", at: t)
            case .nodeMarkedUnschedulable(let node):
                record("default", "Normal", "NodeNotSchedulable", "Node \(node) status is now: NodeNotSchedulable", kind: "Node",
                       object: node, objectNamespace: nil, component: "kubelet", host: node, at: t)
            case .nodeDeleted(let node):
                record("default", "Normal", "RemovingNode", "Node \(node) event: Removing Node \(node) from Controller", kind: "Node",
                       object: node, objectNamespace: nil, component: "node-controller", at: t)
            case .replicaSetScaled(let deploymentKey, let replicaSet, let from, let to):
                let deployment = split(deploymentKey)
                record(deployment.namespace, "Normal", "ScalingReplicaSet",
                       "Scaled \(to > from ? "up" : "down") replica set \(replicaSet) from \(from) to \(to)", kind: "Deployment",
                       object: deployment.name, objectNamespace: deployment.namespace, component: "deployment-controller", at: t)
            case .podCreated(let podKey, let workloadKey):
                workloadOfPod[podKey] = workloadKey
                guard let workload = workloads[workloadKey] else { continue }
                let pod = split(podKey)
                // The pod's own ReplicaSet: its name less the random suffix (an old one's during a rollout).
                let replicaSet = pod.name.split(separator: "-").dropLast().joined(separator: "-")
                guard let owner = controller(of: workload, replicaSet: replicaSet.isEmpty ? nil : replicaSet) else { continue }
                let message = workload.kind == .statefulSet ? "create Pod \(pod.name) in StatefulSet \(workload.name) successful" : "Created pod: \(pod.name)"
                record(pod.namespace, "Normal", "SuccessfulCreate", message, kind: owner.kind, object: owner.name, objectNamespace: pod.namespace,
                       component: owner.component, at: t)
            case .jobFinished(let jobKey, let complete, _):
                let job = split(jobKey)
                if complete {
                    record(job.namespace, "Normal", "Completed", "Job completed", kind: "Job", object: job.name, objectNamespace: job.namespace,
                           component: "job-controller", at: t)
                } else {
                    record(job.namespace, "Warning", "BackoffLimitExceeded", "Job has reached the specified backoff limit", kind: "Job",
                           object: job.name, objectNamespace: job.namespace, component: "job-controller", at: t)
                }
            case .podScheduled(let podKey, let node):
                let pod = split(podKey)
                record(pod.namespace, "Normal", "Scheduled", "Successfully assigned \(podKey) to \(node)", kind: "Pod", object: pod.name,
                       objectNamespace: pod.namespace, component: "default-scheduler", at: t)
            case .podPending(let podKey, let reason):
                let pod = split(podKey)
                let notHelpful = "preemption: 0/\(nodeCount) nodes are available: \(nodeCount) Preemption is not helpful for scheduling."
                let why: String
                if reason == "no schedulable node" {
                    why = "\(nodeCount) node(s) were unschedulable. \(notHelpful)"
                } else if reason.hasPrefix("no node fits: 0/") {
                    // The scheduler's account, which already starts "0/N nodes are available: ".
                    why = String(reason.dropFirst("no node fits: 0/\(nodeCount) nodes are available: ".count))
                } else {
                    why = "\(nodeCount) Insufficient cpu. preemption: 0/\(nodeCount) nodes are available: \(nodeCount) No preemption victims found for incoming pod."
                }
                record(pod.namespace, "Warning", "FailedScheduling", "0/\(nodeCount) nodes are available: \(why)", kind: "Pod", object: pod.name,
                       objectNamespace: pod.namespace, component: "default-scheduler", at: t)
            case .podCreationRefused(let workloadKey, let pod, let message):
                guard let workload = workloads[workloadKey] else { continue }
                // A written pod's refusal is its client's answer, not a controller's event.
                guard let owner = controller(of: workload, replicaSet: nil) else { continue }
                let text = workload.kind == .statefulSet ? "create Pod \(pod) in StatefulSet \(workload.name) failed error: \(message)" : "Error creating: \(message)"
                record(workload.namespace, "Warning", "FailedCreate", text, kind: owner.kind, object: owner.name, objectNamespace: workload.namespace,
                       component: owner.component, at: t)
            case .autoscalerRescaled(let autoscalerKey, let size, let reason):
                let autoscaler = split(autoscalerKey)
                record(autoscaler.namespace, "Normal", "SuccessfulRescale", "New size: \(size); reason: \(reason)", kind: "HorizontalPodAutoscaler",
                       object: autoscaler.name, objectNamespace: autoscaler.namespace, component: "horizontal-pod-autoscaler", at: t)
            case .autoscalerMetricsUnavailable(let autoscalerKey, let resources):
                let autoscaler = split(autoscalerKey)
                let unreachable = "unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)"
                for resource in resources {
                    record(autoscaler.namespace, "Warning", "FailedGetResourceMetric",
                           "failed to get \(resource) utilization: unable to get metrics for resource \(resource): \(unreachable)",
                           kind: "HorizontalPodAutoscaler", object: autoscaler.name, objectNamespace: autoscaler.namespace,
                           component: "horizontal-pod-autoscaler", at: t)
                }
                if let first = resources.first {
                    record(autoscaler.namespace, "Warning", "FailedComputeMetricsReplicas",
                           "invalid metrics (\(resources.count) invalid out of \(resources.count)), first error is: failed to get \(first) resource metric value: failed to get \(first) utilization: unable to get metrics for resource \(first): \(unreachable)",
                           kind: "HorizontalPodAutoscaler", object: autoscaler.name, objectNamespace: autoscaler.namespace,
                           component: "horizontal-pod-autoscaler", at: t)
                }
            case .autoscalerTargetMissing(let autoscalerKey, let message):
                let autoscaler = split(autoscalerKey)
                record(autoscaler.namespace, "Warning", "FailedGetScale", message, kind: "HorizontalPodAutoscaler", object: autoscaler.name,
                       objectNamespace: autoscaler.namespace, component: "horizontal-pod-autoscaler", at: t)
            case .cronJobStartedJob(let cronJobKey, let job):
                let cronJob = split(cronJobKey)
                record(cronJob.namespace, "Normal", "SuccessfulCreate", "Created job \(job)", kind: "CronJob", object: cronJob.name,
                       objectNamespace: cronJob.namespace, component: "cronjob-controller", at: t)
            case .cronJobSawFinishedJob(let cronJobKey, let job, let status):
                let cronJob = split(cronJobKey)
                record(cronJob.namespace, "Normal", "SawCompletedJob", "Saw completed job: \(job), status: \(status)", kind: "CronJob",
                       object: cronJob.name, objectNamespace: cronJob.namespace, component: "cronjob-controller", at: t)
            case .cronJobDeletedJob(let cronJobKey, let job):
                let cronJob = split(cronJobKey)
                record(cronJob.namespace, "Normal", "SuccessfulDelete", "Deleted job \(job)", kind: "CronJob", object: cronJob.name,
                       objectNamespace: cronJob.namespace, component: "cronjob-controller", at: t)
            case .cronJobSkippedRun(let cronJobKey):
                let cronJob = split(cronJobKey)
                record(cronJob.namespace, "Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid",
                       kind: "CronJob", object: cronJob.name, objectNamespace: cronJob.namespace, component: "cronjob-controller", at: t)
            case .claimAwaitsConsumer(let claimKey):
                recordClaimWait(claimKey, "WaitForFirstConsumer", "waiting for first consumer to be created before binding", at: t, index: index)
            case .claimUnbindable(let claimKey):
                recordClaimWait(claimKey, "FailedBinding", "no persistent volumes available for this claim and no storage class is set", at: t, index: index)
            case .claimAwaitsProvisioner(let claimKey, let provisioner):
                recordClaimWait(claimKey, "ExternalProvisioning",
                                "Waiting for a volume to be created either by the external provisioner '\(provisioner)' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
                                at: t, index: index)
            case .volumeProvisioningStarted(let claimKey, let provisioner):
                let claim = split(claimKey)
                record(claim.namespace, "Normal", "ExternalProvisioning",
                       "Waiting for a volume to be created either by the external provisioner '\(provisioner)' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
                       kind: "PersistentVolumeClaim", object: claim.name, objectNamespace: claim.namespace, component: "persistentvolume-controller", at: t)
                record(claim.namespace, "Normal", "Provisioning", "External provisioner is provisioning volume for claim \"\(claimKey)\"",
                       kind: "PersistentVolumeClaim", object: claim.name, objectNamespace: claim.namespace, component: provisionerInstance(provisioner), at: t)
            case .volumeProvisioned(let claimKey, let volume, _):
                let claim = split(claimKey)
                record(claim.namespace, "Normal", "ProvisioningSucceeded", "Successfully provisioned volume \(volume)",
                       kind: "PersistentVolumeClaim", object: claim.name, objectNamespace: claim.namespace,
                       component: provisionerInstance(Simulator.ebsDriver), at: t)
            case .podReady(let podKey, let node):
                let pod = split(podKey), name = container(podKey)
                let image = workload(podKey).map(KubernetesObjects.image)
                if let image {
                    record(pod.namespace, "Normal", "Pulled", "Container image \"\(image)\" already present on machine", kind: "Pod",
                           object: pod.name, objectNamespace: pod.namespace, fieldPath: "spec.containers{\(name)}", component: "kubelet", host: node, at: t)
                }
                record(pod.namespace, "Normal", "Created", "Created container \(name)", kind: "Pod", object: pod.name,
                       objectNamespace: pod.namespace, fieldPath: "spec.containers{\(name)}", component: "kubelet", host: node, at: t)
                record(pod.namespace, "Normal", "Started", "Started container \(name)", kind: "Pod", object: pod.name,
                       objectNamespace: pod.namespace, fieldPath: "spec.containers{\(name)}", component: "kubelet", host: node, at: t)
            case .podEvicted(let podKey, let node, _):
                let pod = split(podKey), name = container(podKey)
                record(pod.namespace, "Normal", "Killing", "Stopping container \(name)", kind: "Pod", object: pod.name,
                       objectNamespace: pod.namespace, fieldPath: "spec.containers{\(name)}", component: "kubelet", host: node, at: t)
            default:
                continue
            }
        }
        return events.filter { simulator.now - $0.last < timeToLive }
            .sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
    }

    /// The event as `kubectl get` handles objects (its JSON built only when a format needs it).
    func object(_ simulator: Simulator) -> KubectlResource.Object {
        KubectlResource.Object(namespace: namespace, name: name, json: { self.json(simulator) }, row: { wide, now in self.row(wide: wide, now: now) },
                               version: { String(count) })
    }

    /// The event's cells in the server's table.
    func row(wide: Bool, now: SimTime) -> [String] {
        let lastSeen = HumanDuration.format(now - last)
        let object = "\(kind.lowercased())/\(objectName)"
        guard wide else { return [lastSeen, type, reason, object, message] }
        let source = host.map { "\(component), \($0)" } ?? component
        return [lastSeen, type, reason, object, fieldPath ?? "", source, message, HumanDuration.format(now - first), String(count), name]
    }

    func json(_ simulator: Simulator) -> JSONValue {
        var involved: [(key: String, value: JSONValue)] = [("kind", .string(kind)), ("name", .string(objectName))]
        involved.append(("apiVersion", .string(["Node", "Pod", "PersistentVolumeClaim"].contains(kind) ? "v1"
            : ["Job", "CronJob"].contains(kind) ? "batch/v1" : kind == "HorizontalPodAutoscaler" ? "autoscaling/v2" : "apps/v1")))
        if let objectNamespace { involved.append(("namespace", .string(objectNamespace))) }
        if let fieldPath { involved.append(("fieldPath", .string(fieldPath))) }
        // Kubelets name a node by its name where controllers use its uid (kubectl describe asks for both).
        // A pod's uid is its own incarnation's (a StatefulSet's pod-0 made again is another pod).
        let pod = kind == "Pod" ? simulator.pod(namespace: objectNamespace ?? "", name: objectName) : nil
        // A Job is only ever a stored object: it has the store's uid.
        let storedKind = ["Job": ResourceKinds.job, "CronJob": ResourceKinds.cronJob, "PersistentVolumeClaim": ResourceKinds.persistentVolumeClaim,
                          "HorizontalPodAutoscaler": ResourceKinds.horizontalPodAutoscaler][kind]
        let jobUID = storedKind.flatMap { simulator.object(ObjectStore.Key(kind: $0, namespace: objectNamespace ?? "", name: objectName))?.uid }
        let uid = jobUID ?? (kind == "Node" ? (component == "kubelet" ? objectName : KubernetesObjects.uid("node|\(objectName)"))
            : pod.map { KubernetesObjects.podUID($0, simulator: simulator) }
            ?? KubernetesObjects.uid("\(kind.lowercased())|\(objectNamespace ?? "")/\(objectName)"))
        involved.append(("uid", .string(uid)))
        var source: [(key: String, value: JSONValue)] = [("component", .string(component))]
        if let host { source.append(("host", .string(host))) }
        return KubernetesObjects.sorted(.object([
            ("apiVersion", .string("v1")), ("count", .int(count)), ("eventTime", .null),
            ("firstTimestamp", KubernetesObjects.timestamp(simulator, first)), ("involvedObject", .object(involved)),
            ("kind", .string("Event")), ("lastTimestamp", KubernetesObjects.timestamp(simulator, last)), ("message", .string(message)),
            ("metadata", KubernetesObjects.metadata(namespace: namespace, name: name, created: first, uidSeed: "event|\(namespace)/\(name)",
                                                    simulator: simulator)),
            ("reason", .string(reason)), ("reportingComponent", .string(component)), ("reportingInstance", .string(host ?? "")),
            ("source", .object(source)), ("type", .string(type)),
        ]))
    }
}
