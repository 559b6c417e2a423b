import ClusterSim
import JSON

/// `kubectl describe TYPE [NAME…]` for the kinds in `describers` (every object of the kind when
/// none is named; pages separated by a blank line pair, as kubectl does).
enum KubectlDescribe {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        var positional: [String] = []
        var namespace = "default"
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "-n" || argument == "--namespace", index < arguments.count {
                namespace = arguments[index]
                index += 1
                continue
            }
            if argument.hasPrefix("--namespace=") {
                namespace = String(argument.dropFirst("--namespace=".count))
                continue
            }
            if argument.hasPrefix("-") {
                guard argument == "--show-events=true" || argument == "--show-events" else {
                    context.err("not available in the simulated cluster: kubectl describe \(argument)\n")
                    return Session.unavailableStatus
                }
                continue
            }
            positional.append(argument)
        }
        guard var type = positional.first else {
            context.err("You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n")
            return 1
        }
        var names = Array(positional.dropFirst())
        if let slash = type.firstIndex(of: "/") {
            names.insert(String(type[type.index(after: slash)...]), at: 0)
            type = String(type[..<slash])
        }
        guard let resource = KubectlResource.named(type, simulator: context.simulator) else {
            return KubectlProgram.unservedResource(type, verb: "describe", context: context)
        }
        if let describer = describers[resource.qualifiedPlural] { return describer(names, namespace, context) }
        // Kinds kubectl has no page for (custom ones, CRDs) get its generic one.
        guard let kind = context.simulator.kind(named: resource.qualifiedPlural),
              kind == ResourceKinds.customResourceDefinition || context.simulator.definition(of: kind) != nil else {
            context.err("not available in the simulated cluster: kubectl describe \(type)\n")
            return Session.unavailableStatus
        }
        return described(resource, kind: kind.kind) { object, events, now, _ in GenericDescriber.page(object, events: events, now: now) }(names, namespace, context)
    }

    /// The kinds kubectl describe knows here, by the resource's qualified plural; each returns
    /// its pages (every object of the kind when no name is given).
    static let describers: [String: @Sendable ([String], String, ProgramContext) -> Int32] = [
        "nodes": { names, _, context in nodes(names, context: context) },
        "deployments.apps": { names, namespace, context in deployments(names, namespace: namespace, context: context) },
        "pods": { names, namespace, context in pods(names, namespace: namespace, context: context) },
        "configmaps": described(.configMaps, kind: "ConfigMap", ObjectDescribers.configMap),
        "secrets": described(.secrets, kind: "Secret", ObjectDescribers.secret),
        "serviceaccounts": described(.serviceAccounts, kind: "ServiceAccount", ObjectDescribers.serviceAccount),
        "poddisruptionbudgets.policy": described(.podDisruptionBudgets, kind: "PodDisruptionBudget", ObjectDescribers.podDisruptionBudget),
        "endpoints": described(.endpoints, kind: "Endpoints", ObjectDescribers.endpoints),
        "jobs.batch": described(.jobs, kind: "Job", ObjectDescribers.job),
        "namespaces": described(.namespaces, kind: "Namespace") { namespace, _, _, simulator in
            ObjectDescribers.namespace(namespace, quotas: KubectlResource.resourceQuotas.objects(namespace.text("metadata", "name"), simulator).map { $0.json() },
                                       limitRanges: KubectlResource.limitRanges.objects(namespace.text("metadata", "name"), simulator).map { $0.json() })
        },
        "services": described(.services, kind: "Service") { ObjectDescribers.service($0, slices: ClusterReads.slices(of: $0, $3), $1, $2) },
        "replicasets.apps": described(.replicaSets, kind: "ReplicaSet") { ObjectDescribers.replicaSet($0, pods: ClusterReads.podPhases(ownedBy: $0, $3), $1, $2) },
        "daemonsets.apps": described(.daemonSets, kind: "DaemonSet") { ObjectDescribers.daemonSet($0, pods: ClusterReads.podPhases(ownedBy: $0, $3), $1, $2) },
        "statefulsets.apps": described(.statefulSets, kind: "StatefulSet") { ObjectDescribers.statefulSet($0, pods: ClusterReads.podPhases(ownedBy: $0, $3), $1, $2) },
        "ingresses.networking.k8s.io": described(.ingresses, kind: "Ingress") { ingress, events, now, simulator in
            HeldKindDescribers.ingress(ingress, events: events, now: now) { backend in
                let name = backend.text("service", "name")
                let service = KubectlResource.services.objects(ingress.text("metadata", "namespace"), simulator).first { $0.name == name }?.json()
                return HeldKindDescribers.backend(backend, service: service, slices: service.map { ClusterReads.slices(of: $0, simulator) } ?? [])
            }
        },
        "networkpolicies.networking.k8s.io": described(.networkPolicies, kind: "NetworkPolicy", NetworkPolicyDescriber.page),
        "ingressclasses.networking.k8s.io": described(.ingressClasses, kind: "IngressClass", HeldKindDescribers.ingressClass),
        "roles.rbac.authorization.k8s.io": described(.roles, kind: "Role", HeldKindDescribers.role),
        "clusterroles.rbac.authorization.k8s.io": described(.clusterRoles, kind: "ClusterRole", HeldKindDescribers.role),
        "rolebindings.rbac.authorization.k8s.io": described(.roleBindings, kind: "RoleBinding", HeldKindDescribers.binding),
        "clusterrolebindings.rbac.authorization.k8s.io": described(.clusterRoleBindings, kind: "ClusterRoleBinding", HeldKindDescribers.binding),
        "storageclasses.storage.k8s.io": described(.storageClasses, kind: "StorageClass", HeldKindDescribers.storageClass),
        "priorityclasses.scheduling.k8s.io": described(.priorityClasses, kind: "PriorityClass", HeldKindDescribers.priorityClass),
        "persistentvolumeclaims": described(.persistentVolumeClaims, kind: "PersistentVolumeClaim") { claim, events, now, simulator in
            VolumeAndScalingDescribers.persistentVolumeClaim(claim, usedBy: ClusterReads.pods(mounting: claim, simulator), events, now)
        },
        "horizontalpodautoscalers.autoscaling": described(.horizontalPodAutoscalers, kind: "HorizontalPodAutoscaler",
                                                          VolumeAndScalingDescribers.horizontalPodAutoscaler),
        "cronjobs.batch": described(.cronJobs, kind: "CronJob", VolumeAndScalingDescribers.cronJob),
        "resourcequotas": described(.resourceQuotas, kind: "ResourceQuota", VolumeAndScalingDescribers.resourceQuota),
        "limitranges": described(.limitRanges, kind: "LimitRange", VolumeAndScalingDescribers.limitRange),
        "persistentvolumes": described(.persistentVolumes, kind: "PersistentVolume", VolumeAndScalingDescribers.persistentVolume),
    ]

    /// What the controller describers fetch besides the object.
    enum ClusterReads {
        /// The phases of the pods a controller owns (kubectl lists by selector, keeps its own).
        static func podPhases(ownedBy object: JSONValue, _ simulator: Simulator) -> [String] {
            let uid = object.text("metadata", "uid")
            return simulator.podList(namespace: object.text("metadata", "namespace")).compactMap { pod in
                let json = KubernetesObjects.pod(pod, simulator: simulator)
                let owned = (json[path: "metadata", "ownerReferences"]?.items ?? []).contains { $0.text("uid") == uid && $0["controller"] == .bool(true) }
                return owned ? json.text("status", "phase") : nil
            }
        }

        /// The pods whose volumes name the claim (kubectl lists the namespace's pods and reads their volumes, as here).
        static func pods(mounting claim: JSONValue, _ simulator: Simulator) -> [String] {
            let name = claim.text("metadata", "name")
            return simulator.podList(namespace: claim.text("metadata", "namespace")).filter { pod in
                (KubernetesObjects.pod(pod, simulator: simulator)[path: "spec", "volumes"]?.items ?? [])
                    .contains { $0.text("persistentVolumeClaim", "claimName") == name }
            }.map(\.name)
        }

        /// The EndpointSlices of a Service (`kubernetes.io/service-name=NAME`).
        static func slices(of service: JSONValue, _ simulator: Simulator) -> [JSONValue] {
            KubectlResource.endpointSlices.objects(service.text("metadata", "namespace"), simulator)
                .filter { $0.labels["kubernetes.io/service-name"] == service.text("metadata", "name") }.map { $0.json() }
        }
    }

    /// A describer over a `get` resource: the named objects (every one when none is named) or
    /// kubectl's NotFound, each page made from the object's JSON, the events about it and, where
    /// the page needs more, the cluster (pods, endpoint slices).
    static func described(_ resource: KubectlResource, kind: String,
                          _ page: @escaping @Sendable (JSONValue, [JSONValue], Double, Simulator) -> String)
        -> @Sendable ([String], String, ProgramContext) -> Int32 {
        { names, namespace, context in
            let simulator = context.simulator
            guard let chosen = lookup(resource, names, namespace: namespace, context: context) else { return 1 }
            let events = KubernetesEvent.all(simulator)
            let now = simulator.calendar.epoch(simulator.now)
            let pages = chosen.map { object in
                let about = events.filter { $0.kind == kind && $0.objectName == object.name && $0.objectNamespace == namespace }
                return page(object.json(), about.map { $0.json(simulator) }, now, simulator)
            }
            context.out(pages.joined(separator: "\n\n"))
            return 0
        }
    }

    /// A describer whose page is the object's JSON and the events about it alone.
    static func described(_ resource: KubectlResource, kind: String, _ page: @escaping ObjectDescribers.Page)
        -> @Sendable ([String], String, ProgramContext) -> Int32 {
        described(resource, kind: kind) { object, events, now, _ in page(object, events, now) }
    }

    /// The objects named, in order (every one when none is), or nil once kubectl's NotFound is printed.
    static func lookup(_ resource: KubectlResource, _ names: [String], namespace: String, context: ProgramContext) -> [KubectlResource.Object]? {
        let all = resource.objects(resource.namespaced ? namespace : nil, context.simulator)
        guard !names.isEmpty else { return all }
        var chosen: [KubectlResource.Object] = []
        for name in names {
            guard let found = all.first(where: { $0.name == name }) else {
                context.err("Error from server (NotFound): \(resource.qualifiedPlural) \"\(name)\" not found\n")
                return nil
            }
            chosen.append(found)
        }
        return chosen
    }

    static func pods(_ names: [String], namespace: String, context: ProgramContext) -> Int32 {
        let simulator = context.simulator
        let all = simulator.podList(namespace: namespace).sorted { $0.name < $1.name }
        var chosen = all
        if !names.isEmpty {
            chosen = []
            for name in names {
                guard let found = all.first(where: { $0.name == name }) else {
                    context.err("Error from server (NotFound): pods \"\(name)\" not found\n")
                    return 1
                }
                chosen.append(found)
            }
        }
        let events = KubernetesEvent.all(simulator)
        let pages = chosen.map { pod in
            let about = events.filter { $0.kind == "Pod" && $0.objectName == pod.name && $0.objectNamespace == namespace }
            return PodDescriber(pod: KubernetesObjects.pod(pod, simulator: simulator), events: about.map { $0.json(simulator) },
                                now: simulator.calendar.epoch(simulator.now)).describe()
        }
        context.out(pages.joined(separator: "\n\n"))
        return 0
    }

    static func nodes(_ names: [String], context: ProgramContext) -> Int32 {
        let simulator = context.simulator
        var nodes = simulator.nodeList()
        if !names.isEmpty {
            var chosen: [Node] = []
            for name in names {
                guard let node = simulator.node(named: name) else {
                    context.err("Error from server (NotFound): nodes \"\(name)\" not found\n")
                    return 1
                }
                chosen.append(node)
            }
            nodes = chosen
        }
        let events = KubernetesEvent.all(simulator)
        let pages = nodes.map { node in
            NodeDescriber(node: KubernetesObjects.node(node, simulator: simulator),
                          lease: KubernetesObjects.lease(node, simulator: simulator),
                          pods: simulator.pods(onNode: node.name).map { KubernetesObjects.pod($0, simulator: simulator) },
                          events: nodeEvents(node.name, events).map { $0.json(simulator) },
                          now: simulator.calendar.epoch(simulator.now)).describe()
        }
        context.out(pages.joined(separator: "\n\n"))
        return 0
    }

    static func deployments(_ names: [String], namespace: String, context: ProgramContext) -> Int32 {
        let simulator = context.simulator
        guard let chosen = lookup(.deployments, names, namespace: namespace, context: context) else { return 1 }
        let replicaSets = KubectlResource.replicaSets.objects(namespace, simulator).map { $0.json() }
        let events = KubernetesEvent.all(simulator)
        let pages = chosen.map { object in
            let json = object.json()
            let about = events.filter { $0.kind == "Deployment" && $0.objectName == object.name && $0.objectNamespace == namespace }
            return DeploymentDescriber(deployment: json, replicaSets: replicaSets, events: about.map { $0.json(simulator) },
                                       now: simulator.calendar.epoch(simulator.now)).describe()
        }
        context.out(pages.joined(separator: "\n\n"))
        return 0
    }

    /// The events kubectl finds for a node: it asks once by the node's uid (controllers' events) and
    /// once by its name (kubelets' events) and appends the second answer to the first.
    static func nodeEvents(_ name: String, _ events: [KubernetesEvent]) -> [KubernetesEvent] {
        let about = events.filter { $0.kind == "Node" && $0.objectName == name }
        return about.filter { $0.component != "kubelet" } + about.filter { $0.component == "kubelet" }
    }
}
