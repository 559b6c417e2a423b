import ClusterSim
import JMESPath
import JSON

/// Nodes and pods as the Kubernetes API serves them (what `kubectl get -o json` prints). kubectl
/// marshals unstructured maps, so keys come out sorted.
enum KubernetesObjects {
    static func sorted(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let pairs):
            return .object(pairs.sorted { $0.key < $1.key }.map { ($0.key, sorted($0.value)) })
        case .array(let items):
            return .array(items.map(sorted))
        default:
            return value
        }
    }

    static func timestamp(_ simulator: Simulator, _ time: SimTime) -> JSONValue {
        .string(SimCalendar.iso8601(epoch: simulator.calendar.epoch(time), fractionDigits: 0))
    }

    static func uid(_ seed: String) -> String { StableHash.uuid(seed) }

    /// `metadata` of a namespaced object (empty fields left out, as Go's omitempty does).
    static func metadata(namespace: String?, name: String, created: SimTime, uidSeed: String, generation: Int? = nil,
                         labels: [String: String] = [:], annotations: [String: String] = [:], simulator: Simulator) -> JSONValue {
        var fields: [(key: String, value: JSONValue)] = [("creationTimestamp", timestamp(simulator, created)), ("name", .string(name))]
        if !annotations.isEmpty { fields.append(("annotations", .object(annotations.map { ($0.key, .string($0.value)) }))) }
        if let generation { fields.append(("generation", .int(generation))) }
        if !labels.isEmpty { fields.append(("labels", .object(labels.map { ($0.key, .string($0.value)) }))) }
        if let namespace { fields.append(("namespace", .string(namespace))) }
        fields.append(("resourceVersion", .string(String(simulator.events.count + 1000))))
        fields.append(("uid", .string(uid(uidSeed))))
        return .object(fields)
    }

    /// `metadata` with the stored object's `managedFields`, as the API server returns them.
    static func withManagedFields(_ metadata: JSONValue, _ stored: StoredObject?, simulator: Simulator) -> JSONValue {
        guard let stored, !stored.managers.isEmpty, case .object(var fields) = metadata else { return metadata }
        fields.removeAll { $0.key == "managedFields" }
        fields.append(("managedFields", .array(stored.managers.map { entry in
            var pairs: [(key: String, value: JSONValue)] = [
                ("apiVersion", .string(entry.manager.apiVersion.isEmpty ? stored.kind.apiVersion : entry.manager.apiVersion)),
                ("fieldsType", .string("FieldsV1")), ("fieldsV1", entry.fields.fieldsV1), ("manager", .string(entry.manager.name)),
                ("operation", .string(entry.manager.operation.rawValue)),
            ]
            if !entry.manager.subresource.isEmpty { pairs.append(("subresource", .string(entry.manager.subresource))) }
            pairs.append(("time", timestamp(simulator, entry.time)))
            return .object(pairs)
        })))
        return .object(fields)
    }

    static func node(_ node: Node, simulator: Simulator) -> JSONValue {
        self.node(node, simulator: simulator, heartbeat: timestamp(simulator, simulator.now),
                  resourceVersion: String(simulator.events.count + 1000))
    }

    /// The Node object with the two values that move without the node changing given: its
    /// heartbeat (the present moment) and the list's resourceVersion (a server fills in placeholders).
    static func node(_ node: Node, simulator: Simulator, heartbeat: JSONValue, resourceVersion: String) -> JSONValue {
        let conditions: [JSONValue] = [
            ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            ("Ready", node.readiness.rawValue, node.readiness == .ready ? "KubeletReady" : "NodeStatusUnknown",
             node.readiness == .ready ? "kubelet is posting ready status" : "Kubelet stopped posting node status."),
        ].map { type, status, reason, message in
            .object([("lastHeartbeatTime", heartbeat), ("lastTransitionTime", timestamp(simulator, node.readinessChanged)),
                     ("message", .string(message)), ("reason", .string(reason)), ("status", .string(status)), ("type", .string(type))])
        }
        var spec: [(key: String, value: JSONValue)] = [("providerID", .string("aws:///\(node.availabilityZone)/\(node.instanceId)"))]
        if !node.taints.isEmpty {
            spec.append(("taints", .array(node.taints.map { taint in
                .object([("effect", .string(taint.kubernetesEffect)), ("key", .string(taint.key))] + (taint.value.map { [("value", JSONValue.string($0))] } ?? []))
            })))
        }
        if node.unschedulable { spec.append(("unschedulable", .bool(true))) }
        func resources(_ r: Node.Resources) -> JSONValue {
            .object([("cpu", .string(r.cpuMillis % 1000 == 0 ? "\(r.cpuMillis / 1000)" : "\(r.cpuMillis)m")), ("ephemeral-storage", .string("18181869946")),
                     ("hugepages-1Gi", .string("0")), ("hugepages-2Mi", .string("0")),
                     ("memory", .string("\(r.memoryMi * 1024)Ki")), ("pods", .string(String(r.pods)))])
        }
        return sorted(.object([
            ("apiVersion", .string("v1")), ("kind", .string("Node")),
            ("metadata", .object([
                ("annotations", .object([("alpha.kubernetes.io/provided-node-ip", .string(node.internalIp)),
                                         ("node.alpha.kubernetes.io/ttl", .string("0")),
                                         ("volumes.kubernetes.io/controller-managed-attach-detach", .string("true"))])),
                ("creationTimestamp", timestamp(simulator, node.created)),
                ("labels", .object(node.labels.map { ($0.key, .string($0.value)) })),
                ("name", .string(node.name)), ("resourceVersion", .string(resourceVersion)),
                ("uid", .string(uid("node|\(node.name)"))),
            ])),
            ("spec", .object(spec)),
            ("status", .object([
                ("addresses", .array([
                    .object([("address", .string(node.internalIp)), ("type", .string("InternalIP"))]),
                    .object([("address", .string(node.name)), ("type", .string("InternalDNS"))]),
                    .object([("address", .string(node.name)), ("type", .string("Hostname"))]),
                ])),
                ("allocatable", resources(node.allocatable)), ("capacity", resources(node.capacity)),
                ("conditions", .array(conditions)),
                ("daemonEndpoints", .object([("kubeletEndpoint", .object([("Port", .int(10250))]))])),
                ("nodeInfo", .object([
                    ("architecture", .string(node.architecture)), ("bootID", .string(uid("boot|\(node.name)"))),
                    ("containerRuntimeVersion", .string(node.containerRuntime)), ("kernelVersion", .string(node.kernelVersion)),
                    ("kubeProxyVersion", .string(node.kubeletVersion)), ("kubeletVersion", .string(node.kubeletVersion)),
                    ("machineID", .string(StableHash.hex("machine|\(node.name)", count: 32))),
                    ("operatingSystem", .string("linux")), ("osImage", .string(node.osImage)),
                    ("systemUUID", .string(StableHash.hex("system|\(node.name)", count: 32))),
                ])),
            ])),
        ]))
    }

    static func pod(_ pod: Pod, simulator: Simulator) -> JSONValue {
        let phase = pod.nodeName == nil ? "Pending" : pod.phase.rawValue
        let workload = simulator.workload(of: pod)
        // QoS: none at all is BestEffort; CPU and memory limits equal to their requests, Guaranteed.
        let qos: String
        if let resources = pod.resources {
            let guaranteed = ["cpu", "memory"].allSatisfy { resources.limits[$0] != nil && resources.limits[$0]?.millis == resources.requests[$0]?.millis }
            qos = resources.requests.isEmpty && resources.limits.isEmpty ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable"
        } else {
            qos = pod.cpuMillis == 0 && pod.memoryMi == 0 ? "BestEffort" : "Burstable"
        }
        var status: [(key: String, value: JSONValue)] = [("phase", .string(phase)), ("qosClass", .string(qos))]
        if let ip = pod.podIp {
            status.append(("podIP", .string(ip)))
            status.append(("podIPs", .array([.object([("ip", .string(ip))])])))
        }
        if let node = pod.nodeName, let host = simulator.node(named: node) { status.append(("hostIP", .string(host.internalIp))) }
        if let started = pod.started { status.append(("startTime", timestamp(simulator, started))) }
        status.append(("conditions", .array(podConditions(pod, container: workload.map(containerName) ?? pod.name, simulator: simulator))))
        if pod.nodeName != nil, let workload { status.append(("containerStatuses", .array([containerStatus(pod, workload, simulator: simulator)]))) }
        var spec = workload.map { podSpec($0, nodeName: pod.nodeName, resources: pod.resources) } ?? .object([])
        // The volumes its stored controller's template gives it (claims, config maps): what `describe
        // pod` lists and what `describe pvc` reads to say which pods use a claim.
        // A StatefulSet's pod mounts its own claim of each claim template first, as its controller writes them.
        let claimVolumes: [JSONValue] = (workload?.claimTemplates ?? []).map { template in
            .object([("name", .string(template)),
                     ("persistentVolumeClaim", .object([("claimName", .string("\(template)-\(pod.name)"))]))])
        }
        let volumes = claimVolumes + (templateSpec(of: pod, simulator: simulator)?["volumes"]?.items ?? [])
            .filter { volume in !(workload?.claimTemplates ?? []).contains(volume.text("name")) }
        if case .object(var fields) = spec, !volumes.isEmpty {
            fields.append(("volumes", .array(volumes)))
            spec = .object(fields)
        }
        let written = workload?.kind == .pod ? simulator.object(ObjectStore.Key(kind: ResourceKinds.pod, namespace: pod.namespace, name: pod.name)) : nil
        var metadata: [(key: String, value: JSONValue)] = [
            ("creationTimestamp", timestamp(simulator, pod.created)), ("labels", .object(pod.labels.map { ($0.key, .string($0.value)) })),
            ("name", .string(pod.name)), ("namespace", .string(pod.namespace)),
            ("uid", .string(podUID(pod, simulator: simulator))),
        ]
        // A written pod keeps its object's annotations (kubectl apply's last-applied configuration).
        var annotations: [(key: String, value: JSONValue)] = []
        if case .object(let writtenAnnotations)? = written?.metadata["annotations"] { annotations = writtenAnnotations }
        if let note = pod.resources?.limitRangerAnnotation { annotations.append((Simulator.limitRangerAnnotation, .string(note))) }
        if !annotations.isEmpty { metadata.append(("annotations", .object(annotations))) }
        if pod.terminating {
            metadata.append(("deletionGracePeriodSeconds", .int(30)))
            metadata.append(("deletionTimestamp", timestamp(simulator, pod.deletionStarted ?? simulator.now)))
        }
        // The controller that made the pod: `kubectl drain` leaves DaemonSet pods and refuses pods without one.
        if let workload, workload.kind != .pod {
            let owner: JSONValue
            switch workload.kind {
            case .deployment: owner = ownerReference("ReplicaSet", workload.namespace, simulator.replicaSetName(of: workload))
            case .statefulSet: owner = ownerReference("StatefulSet", workload.namespace, workload.name)
            case .daemonSet: owner = ownerReference("DaemonSet", workload.namespace, workload.name)
            case .job:
                let job = simulator.object(ObjectStore.Key(kind: ResourceKinds.job, namespace: workload.namespace, name: workload.name))
                owner = .object([("apiVersion", .string("batch/v1")), ("blockOwnerDeletion", .bool(true)), ("controller", .bool(true)),
                                 ("kind", .string("Job")), ("name", .string(workload.name)), ("uid", .string(job?.uid ?? ""))])
            case .pod:
                owner = .null
            }
            metadata.append(("ownerReferences", .array([owner])))
        }
        return sorted(.object([("apiVersion", .string("v1")), ("kind", .string("Pod")), ("metadata", .object(metadata)),
                               ("spec", spec), ("status", .object(status))]))
    }

    /// A pod's uid: a written pod's is its object's; a controller's pod's is derived from its incarnation.
    static func podUID(_ pod: Pod, simulator: Simulator) -> String {
        if simulator.workload(of: pod)?.kind == .pod,
           let written = simulator.object(ObjectStore.Key(kind: ResourceKinds.pod, namespace: pod.namespace, name: pod.name)) {
            return written.uid
        }
        return uid("pod|\(pod.namespace)/\(pod.name)|\(pod.id)")
    }

    /// The pod spec of the stored controller a pod was made from (its containers' requests and limits
    /// and its volumes as written), nil for the scenario's own workloads.
    static func templateSpec(of pod: Pod, simulator: Simulator) -> JSONValue? {
        simulator.workload(of: pod).flatMap(simulator.storedPodSpec(of:))
    }

    /// The kubelet's and scheduler's conditions, in the order the API shows them.
    static func podConditions(_ pod: Pod, container: String, simulator: Simulator) -> [JSONValue] {
        let condition = { (type: String, ok: Bool, at: SimTime, reason: String?) -> JSONValue in
            var fields: [(key: String, value: JSONValue)] = [("lastProbeTime", .null), ("lastTransitionTime", timestamp(simulator, at))]
            if let reason { fields += [("message", .string(reason == "Unschedulable" ? "no node is available to run the pod" : "containers with unready status: [\(container)]")),
                                       ("reason", .string(reason))] }
            return .object(fields + [("status", .string(ok ? "True" : "False")), ("type", .string(type))])
        }
        guard pod.nodeName != nil else { return [condition("PodScheduled", false, pod.created, "Unschedulable")] }
        if let finished = pod.finished {
            // Ran to its end: no longer ready, for the kubelet's reason.
            let completed = { (type: String) -> JSONValue in
                .object([("lastProbeTime", .null), ("lastTransitionTime", timestamp(simulator, finished)), ("reason", .string("PodCompleted")),
                         ("status", .string("False")), ("type", .string(type))])
            }
            return [condition("PodReadyToStartContainers", false, finished, nil), completed("Initialized"), completed("Ready"),
                    completed("ContainersReady"), condition("PodScheduled", true, pod.created, nil)]
        }
        let started = pod.started ?? pod.created
        return [
            condition("PodReadyToStartContainers", pod.started != nil, started, nil),
            condition("Initialized", true, pod.created, nil),
            condition("Ready", pod.ready, started, pod.ready ? nil : "ContainersNotReady"),
            condition("ContainersReady", pod.ready, started, pod.ready ? nil : "ContainersNotReady"),
            condition("PodScheduled", true, pod.created, nil),
        ]
    }

    /// The one container's status: running since the pod started, or still being created.
    static func containerStatus(_ pod: Pod, _ workload: Workload, simulator: Simulator) -> JSONValue {
        let image = self.image(workload)
        var state: JSONValue = pod.started.map { .object([("running", .object([("startedAt", timestamp(simulator, $0))]))]) }
            ?? .object([("waiting", .object([("reason", .string("ContainerCreating"))]))])
        if let finished = pod.finished, let started = pod.started {
            let failed = pod.phase == .failed
            state = .object([("terminated", .object([
                ("containerID", .string("containerd://" + StableHash.hex("container|\(pod.namespace)/\(pod.name)|\(pod.id)", count: 64))),
                ("exitCode", .int(failed ? 1 : 0)), ("finishedAt", timestamp(simulator, finished)),
                ("reason", .string(failed ? "Error" : "Completed")), ("startedAt", timestamp(simulator, started)),
            ]))])
        }
        var fields: [(key: String, value: JSONValue)] = []
        if pod.started != nil {
            fields.append(("containerID", .string("containerd://" + StableHash.hex("container|\(pod.namespace)/\(pod.name)|\(pod.id)", count: 64))))
        }
        fields += [
            ("image", .string(image)), ("imageID", .string(pod.started == nil ? "" : "\(image.split(separator: ":").first ?? "")@sha256:" + StableHash.hex("image|\(image)", count: 64))),
            ("lastState", .object([])), ("name", .string(containerName(workload))), ("ready", .bool(pod.ready)), ("restartCount", .int(pod.restarts)),
            ("started", .bool(pod.started != nil && pod.finished == nil)), ("state", state),
        ]
        return .object(fields)
    }

    /// A controller owner reference to an `apps/v1` object.
    static func ownerReference(_ kind: String, _ namespace: String, _ name: String) -> JSONValue {
        .object([("apiVersion", .string("apps/v1")), ("blockOwnerDeletion", .bool(true)), ("controller", .bool(true)),
                 ("kind", .string(kind)), ("name", .string(name)), ("uid", .string(uid(KubectlWorkloadSets.uidSeed(kind, namespace, name))))])
    }

    /// The one container a workload's pods run: named after the workload.
    static func containerName(_ workload: Workload) -> String { workload.containerName ?? workload.name }

    /// The image of a workload's container.
    static func image(_ workload: Workload) -> String { workload.effectiveImage }

    static func replicaSetName(_ workload: Workload, simulator: Simulator) -> String { simulator.replicaSetName(of: workload) }

    /// The pod template's spec (a pod's own spec adds `nodeName` once it is bound), with the API's defaults.
    /// A pod's spec from its workload; `resources` are its containers' requests and limits as
    /// admission left them (LimitRange defaults filled in), when it passed admission.
    static func podSpec(_ workload: Workload, nodeName: String?, resources: PodResources? = nil) -> JSONValue {
        func list(_ amounts: [String: KubernetesQuantity]) -> JSONValue {
            .object(amounts.keys.sorted().map { ($0, .string(amounts[$0]!.description)) })
        }
        let containerResources: JSONValue
        if let resources {
            var sections: [(key: String, value: JSONValue)] = []
            if !resources.limits.isEmpty { sections.append(("limits", list(resources.limits))) }
            if !resources.requests.isEmpty { sections.append(("requests", list(resources.requests))) }
            containerResources = .object(sections)
        } else {
            containerResources = workload.cpuMillis == 0 && workload.memoryMi == 0 ? .object([])
                : .object([("requests", .object([("cpu", .string("\(workload.cpuMillis)m")), ("memory", .string("\(workload.memoryMi)Mi"))]))])
        }
        var fields: [(key: String, value: JSONValue)] = [
            ("containers", .array([.object([
                ("image", .string(image(workload))), ("imagePullPolicy", .string("IfNotPresent")), ("name", .string(containerName(workload))),
                ("resources", containerResources),
                ("terminationMessagePath", .string("/dev/termination-log")), ("terminationMessagePolicy", .string("File")),
            ])])),
            ("dnsPolicy", .string("ClusterFirst")), ("restartPolicy", .string(workload.restartPolicy)),
            ("schedulerName", .string("default-scheduler")),
            ("securityContext", .object([])), ("terminationGracePeriodSeconds", .int(30)),
        ]
        let placement = workload.placement
        if !placement.nodeSelector.isEmpty {
            fields.append(("nodeSelector", .object(placement.nodeSelector.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }
        if !placement.tolerations.isEmpty {
            fields.append(("tolerations", .array(placement.tolerations.map { toleration in
                var entry: [(key: String, value: JSONValue)] = []
                if !toleration.effect.isEmpty { entry.append(("effect", .string(toleration.effect))) }
                if !toleration.key.isEmpty { entry.append(("key", .string(toleration.key))) }
                entry.append(("operator", .string(toleration.operator)))
                if !toleration.value.isEmpty { entry.append(("value", .string(toleration.value))) }
                return .object(entry)
            })))
        } else if workload.toleratesAllTaints {
            fields.append(("tolerations", .array([.object([("operator", .string("Exists"))])])))
        }
        if let nodeName { fields.append(("nodeName", .string(nodeName))) }
        return sorted(.object(fields))
    }

    /// The node's heartbeat lease in `kube-node-lease`, renewed every 10 seconds.
    static func lease(_ node: Node, simulator: Simulator) -> JSONValue {
        let renewed = simulator.calendar.epoch(simulator.now)
        return sorted(.object([
            ("apiVersion", .string("coordination.k8s.io/v1")), ("kind", .string("Lease")),
            ("metadata", metadata(namespace: "kube-node-lease", name: node.name, created: node.created, uidSeed: "lease|\(node.name)", simulator: simulator)),
            ("spec", .object([("holderIdentity", .string(node.name)), ("leaseDurationSeconds", .int(40)),
                              ("renewTime", .string(String(SimCalendar.iso8601(epoch: (renewed / 10).rounded(.down) * 10, fractionDigits: 3).dropLast()) + "000Z"))])),
        ]))
    }

    /// A `kind: List` of items, as `kubectl get TYPE -o json` prints several objects.
    static func list(_ items: [JSONValue]) -> JSONValue {
        .object([("apiVersion", .string("v1")), ("items", .array(items)), ("kind", .string("List")),
                 ("metadata", .object([("resourceVersion", .string(""))]))])
    }
}
