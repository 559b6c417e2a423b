import JSON

/// Installing and removing add-ons (CreateAddon, DeleteAddon).
///
/// CreateAddon applies the add-on's Kubernetes objects at once (the EBS CSI driver's controller
/// Deployment and node DaemonSet in `kube-system`) and the add-on is CREATING until their pods are
/// Ready, then ACTIVE — the moment its driver starts serving claims. DeleteAddon makes it DELETING,
/// removes its objects (unless `preserve`, which leaves the software running unmanaged), and the
/// add-on is gone a little later.
extension Simulator {
    /// Installs an add-on from the catalog at `version` (default: the cluster version's default).
    public func createAddon(cluster clusterName: String, addon name: String, version: String? = nil,
                            serviceAccountRoleArn: String? = nil, resolveConflicts: String? = nil,
                            tags: [String: String] = [:]) throws(ServiceError) -> Addon {
        try refusable("CreateAddon") { () throws(ServiceError) -> Addon in
            defer { flushScheduling() }
            guard clusterName == cluster.name else { throw .clusterNotFound(clusterName) }
            guard addons[name] == nil else { throw .inUse("Addon already exists.") }
            guard let info = AddonCatalog.info(name), let defaultVersion = AddonCatalog.defaultVersion(name, kubernetesVersion: cluster.version)
                    ?? AddonCatalog.latestVersion(name, kubernetesVersion: cluster.version) else {
                throw .invalidParameter("Addon \(name) specified is not supported in \(cluster.version) kubernetes version")
            }
            if let resolveConflicts, !["OVERWRITE", "NONE", "PRESERVE"].contains(resolveConflicts) {
                throw .invalidParameter("1 validation error detected: Value '\(resolveConflicts)' at 'resolveConflicts' failed to satisfy constraint: Member must satisfy enum value set: [OVERWRITE, NONE, PRESERVE]")
            }
            let chosen = version ?? defaultVersion
            guard info.versions.contains(where: { $0.version == chosen && $0.compatible(with: cluster.version) }) else {
                throw .invalidParameter("Addon version specified is not supported")
            }
            let uuid = Self.awsUUID(StableHash.hex("addon|\(cluster.name)|\(name)|\(store.resourceVersion)", count: 32))
            let epoch = calendar.epoch(now)
            addons[name] = Addon(name: name, clusterName: cluster.name, status: .creating, version: chosen,
                                 arn: "arn:aws:eks:\(scenario.region):\(scenario.accountId):addon/\(cluster.name)/\(name)/\(uuid)",
                                 createdEpoch: epoch, modifiedEpoch: epoch, tags: tags, serviceAccountRoleArn: serviceAccountRoleArn)
            emit(.addonStatusChanged(addon: name, from: "NONE", to: Addon.Status.creating.rawValue))
            for manifest in AddonManifests.objects(for: name, version: chosen) {
                _ = try? createObject(kind: manifest.kind, namespace: "kube-system", metadata: manifest.metadata, body: manifest.body,
                                      manager: FieldManager("eks", apiVersion: manifest.kind.apiVersion))
            }
            schedule(.addonHealthCheck(name), after: rng.jitter(timings.addonApply.low, timings.addonApply.high))
            return addons[name]!
        }
    }

    /// Removes an add-on; `preserve` keeps its software running in the cluster.
    public func deleteAddon(cluster clusterName: String, addon name: String, preserve: Bool = false) throws(ServiceError) -> Addon {
        try refusable("DeleteAddon") { () throws(ServiceError) -> Addon in
            guard clusterName == cluster.name else { throw .clusterNotFound(clusterName) }
            guard let addon = addons[name] else { throw .addonNotFound(name, cluster: clusterName) }
            if addon.status == .deleting { return addon }
            if !preserve {
                for manifest in AddonManifests.objects(for: name, version: addon.version) {
                    _ = try? deleteObject(ObjectStore.Key(kind: manifest.kind, namespace: "kube-system", name: manifest.metadata["name"]?.stringValue ?? ""))
                }
            }
            addons[name]!.modifiedEpoch = calendar.epoch(now)
            setAddonStatus(name, .deleting)
            schedule(.addonRemoved(name), after: .seconds(timings.workflowTick * 4))
            return addons[name]!
        }
    }

    /// A CREATING add-on becomes ACTIVE once every pod of its objects is Ready; else it looks again.
    func checkAddonHealth(_ name: String) {
        guard addons[name]?.status == .creating else { return }
        let keys = AddonManifests.objects(for: name, version: addons[name]!.version).map { "kube-system/\($0.metadata["name"]?.stringValue ?? "")" }
        let ready = keys.allSatisfy { key in
            let ids = podsByWorkload[key] ?? []
            return !ids.isEmpty && ids.allSatisfy { pods[$0]?.ready == true }
        }
        guard ready else {
            schedule(.addonHealthCheck(name), after: .seconds(10))
            return
        }
        addons[name]!.modifiedEpoch = calendar.epoch(now)
        setAddonStatus(name, .active)
    }

    func removeAddon(_ name: String) {
        guard addons[name]?.status == .deleting else { return }
        addons[name] = nil
        emit(.addonStatusChanged(addon: name, from: Addon.Status.deleting.rawValue, to: "DELETED"))
    }
}

/// The Kubernetes objects EKS applies for an add-on installed with CreateAddon.
enum AddonManifests {
    struct Object {
        var kind: ResourceKind
        var metadata: JSONValue
        var body: JSONValue
    }

    static func objects(for addon: String, version: String) -> [Object] {
        guard addon == Simulator.ebsAddon else { return [] }
        let image = "602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/aws-ebs-csi-driver:\(version.split(separator: "-").first ?? "")"
        func workload(_ kind: ResourceKind, name: String, component: String, replicas: Int?, cpu: String, memory: String,
                      tolerateAll: Bool) -> Object {
            let labels: JSONValue = .object([("app", .string(name)), ("app.kubernetes.io/component", .string(component)),
                                             ("app.kubernetes.io/managed-by", .string("EKS")), ("app.kubernetes.io/name", .string("aws-ebs-csi-driver"))])
            let selector: JSONValue = .object([("app", .string(name)), ("app.kubernetes.io/name", .string("aws-ebs-csi-driver"))])
            var podSpec: [(key: String, value: JSONValue)] = [
                ("containers", .array([.object([("image", .string(image)), ("name", .string("ebs-plugin")),
                                                ("resources", .object([("requests", .object([("cpu", .string(cpu)), ("memory", .string(memory))]))]))])])),
                ("priorityClassName", .string(tolerateAll ? "system-node-critical" : "system-cluster-critical")),
                ("serviceAccountName", .string(tolerateAll ? "ebs-csi-node-sa" : "ebs-csi-controller-sa")),
            ]
            if tolerateAll { podSpec.append(("tolerations", .array([.object([("operator", .string("Exists"))])]))) }
            var spec: [(key: String, value: JSONValue)] = []
            if let replicas { spec.append(("replicas", .int(replicas))) }
            spec += [("selector", .object([("matchLabels", selector)])),
                     ("template", .object([("metadata", .object([("labels", labels)])), ("spec", .object(podSpec))]))]
            return Object(kind: kind, metadata: .object([("labels", labels), ("name", .string(name))]), body: .object([("spec", .object(spec))]))
        }
        return [
            workload(ResourceKinds.deployment, name: "ebs-csi-controller", component: "csi-driver", replicas: 2, cpu: "10m", memory: "40Mi",
                     tolerateAll: false),
            workload(ResourceKinds.daemonSet, name: "ebs-csi-node", component: "csi-driver", replicas: nil, cpu: "10m", memory: "40Mi",
                     tolerateAll: true),
        ]
    }
}
