import ClusterSim
import JSON

/// Kinds the store holds as written, with the API server's printer columns: networking
/// (Ingress, IngressClass, NetworkPolicy), RBAC, StorageClass and PriorityClass.
extension KubectlResource {
    /// Ingresses: NAME CLASS HOSTS ADDRESS PORTS AGE. ADDRESS is what a load-balancer controller
    /// wrote in the status; the simulated cluster runs none, so it stays empty.
    static let ingresses = stored(ResourceKinds.ingress, nameKind: ResourceKinds.ingress.qualifiedName,
                                  header: { _ in ["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"] }) { object, _ in
        let spec = object.body["spec"]
        return [spec?["ingressClassName"]?.stringValue ?? "<none>", KubectlHeldKinds.hosts(spec?["rules"]?.items ?? []),
                KubectlHeldKinds.address(object.body["status"]?["loadBalancer"]?["ingress"]?.items ?? []),
                (spec?["tls"]?.items ?? []).isEmpty ? "80" : "80, 443"]
    }

    /// IngressClasses: NAME CONTROLLER PARAMETERS AGE.
    static let ingressClasses = stored(ResourceKinds.ingressClass, nameKind: ResourceKinds.ingressClass.qualifiedName,
                                       header: { _ in ["NAME", "CONTROLLER", "PARAMETERS", "AGE"] }) { object, _ in
        let spec = object.body["spec"]
        var parameters = "<none>"
        if let reference = spec?["parameters"], case .object = reference {
            parameters = reference.text("kind") + (reference["apiGroup"]?.stringValue.map { ".\($0)" } ?? "") + "/" + reference.text("name")
        }
        return [spec?["controller"]?.stringValue ?? "", parameters]
    }

    /// NetworkPolicies: NAME POD-SELECTOR AGE.
    static let networkPolicies = stored(ResourceKinds.networkPolicy, nameKind: ResourceKinds.networkPolicy.qualifiedName,
                                        header: { _ in ["NAME", "POD-SELECTOR", "AGE"] }) { object, _ in
        [DeploymentDescriber.selector(object.body["spec"]?["podSelector"])]
    }

    /// Roles and ClusterRoles have no printer: the API server's default table, NAME and CREATED AT.
    static let roles = KubectlHeldKinds.defaultTable(ResourceKinds.role)
    static let clusterRoles = KubectlHeldKinds.defaultTable(ResourceKinds.clusterRole)

    /// RoleBindings and ClusterRoleBindings: NAME ROLE AGE; wide adds USERS GROUPS SERVICEACCOUNTS.
    static let roleBindings = KubectlHeldKinds.bindingTable(ResourceKinds.roleBinding)
    static let clusterRoleBindings = KubectlHeldKinds.bindingTable(ResourceKinds.clusterRoleBinding)

    /// StorageClasses: NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE.
    static let storageClasses = stored(
        ResourceKinds.storageClass, nameKind: ResourceKinds.storageClass.qualifiedName,
        header: { _ in ["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"] },
        shownName: KubectlHeldKinds.storageClassName) { object, _ in
            let body = KubectlHeldKinds.defaulted(object)
            return [body.text("provisioner"), body.text("reclaimPolicy"), body.text("volumeBindingMode"),
                    body["allowVolumeExpansion"] == .bool(true) ? "true" : "false"]
        }

    /// PriorityClasses: NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY (the server fills the last
    /// column, as it prints every table wide).
    static let priorityClasses = stored(ResourceKinds.priorityClass, nameKind: ResourceKinds.priorityClass.qualifiedName,
                                        header: { _ in ["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"] },
                                        cellsAfterAge: { object, _ in [KubectlHeldKinds.defaulted(object).text("preemptionPolicy")] }) { object, _ in
        let value: String
        if case .int(let number)? = object.body["value"] { value = String(number) } else { value = "0" }
        return [value, object.body["globalDefault"] == .bool(true) ? "true" : "false"]
    }
}

/// The cells the held kinds' printers compute, and the API server's defaults for them.
enum KubectlHeldKinds {
    /// The fields the API server fills in when a client leaves them out: an Ingress's empty
    /// load-balancer status, a NetworkPolicy's policy types, a StorageClass's reclaim policy and
    /// binding mode, a PriorityClass's preemption policy, a volume's or claim's mode, an autoscaler's
    /// and a CronJob's spec defaults.
    static func defaulted(_ kind: ResourceKind, _ body: [(key: String, value: JSONValue)]) -> [(key: String, value: JSONValue)] {
        var body = body
        func fill(_ field: String, _ value: JSONValue) {
            if !body.contains(where: { $0.key == field }) { body.append((field, value)) }
        }
        func replaceSpec(_ defaults: (JSONValue?) -> JSONValue) {
            guard let index = body.firstIndex(where: { $0.key == "spec" }) else { return }
            body[index].value = defaults(body[index].value)
        }
        func fillSpec(_ defaults: [(String, JSONValue)]) {
            replaceSpec { spec in
                guard case .object(var fields)? = spec else { return spec ?? .object([]) }
                for (key, value) in defaults where !fields.contains(where: { $0.key == key }) { fields.append((key, value)) }
                return .object(fields)
            }
        }
        switch kind {
        case ResourceKinds.ingress:
            fill("status", .object([("loadBalancer", .object([]))]))
        case ResourceKinds.networkPolicy:
            guard let index = body.firstIndex(where: { $0.key == "spec" }), case .object(var spec) = body[index].value,
                  !spec.contains(where: { $0.key == "policyTypes" }) else { break }
            // Ingress always; Egress when the policy has egress rules.
            let egress = spec.first { $0.key == "egress" }.map { !($0.value.items).isEmpty } ?? false
            spec.append(("policyTypes", .array([.string("Ingress")] + (egress ? [.string("Egress")] : []))))
            body[index].value = .object(spec)
        case ResourceKinds.storageClass:
            fill("reclaimPolicy", .string("Delete"))
            fill("volumeBindingMode", .string("Immediate"))
        case ResourceKinds.priorityClass:
            fill("preemptionPolicy", .string("PreemptLowerPriority"))
        case ResourceKinds.persistentVolumeClaim:
            fillSpec([("volumeMode", .string("Filesystem"))])
        case ResourceKinds.persistentVolume:
            fillSpec([("persistentVolumeReclaimPolicy", .string("Retain")), ("volumeMode", .string("Filesystem"))])
        case ResourceKinds.horizontalPodAutoscaler:
            replaceSpec(KubectlAutoscalers.defaultedSpec)
        case ResourceKinds.cronJob:
            replaceSpec(KubectlCronJobs.defaulted)
        default:
            break
        }
        return body
    }

    /// What the kind's controller writes into a stored object's status, for the kinds whose status
    /// the simulated cluster computes from the store: a claim's binding, a volume's phase, a quota's
    /// usage, an autoscaler's replicas, a CronJob's runs.
    static func controllerWritten(_ object: StoredObject, _ body: [(key: String, value: JSONValue)],
                                  simulator: Simulator) -> [(key: String, value: JSONValue)] {
        let status: JSONValue
        switch object.kind {
        case ResourceKinds.persistentVolumeClaim: status = KubectlVolumes.claimStatus(object, simulator: simulator)
        case ResourceKinds.persistentVolume: status = .object([("phase", .string(KubectlVolumes.volumePhase(object, simulator: simulator)))])
        case ResourceKinds.resourceQuota: status = KubectlQuotas.status(object, simulator: simulator)
        case ResourceKinds.horizontalPodAutoscaler: status = KubectlAutoscalers.status(object, simulator: simulator)
        case ResourceKinds.cronJob: status = KubectlCronJobs.status(object, simulator: simulator)
        default: return body
        }
        return body.filter { $0.key != "status" } + [("status", status)]
    }

    /// The object's fields with the API server's defaults, as its table and its JSON show them.
    static func defaulted(_ object: StoredObject) -> JSONValue {
        guard case .object(let fields) = object.body else { return object.body }
        return .object(defaulted(object.kind, fields))
    }

    /// The printer's hosts: the first three rules' hosts, `*` when none names one.
    static func hosts(_ rules: [JSONValue]) -> String {
        var list: [String] = []
        var more = false
        for rule in rules {
            if list.count == 3 { more = true }
            if !more, let host = rule["host"]?.stringValue, !host.isEmpty { list.append(host) }
        }
        if list.isEmpty { return "*" }
        return list.joined(separator: ",") + (more ? " + \(rules.count - 3) more..." : "")
    }

    /// The load balancer's IPs or hostnames, sorted and distinct (the server prints them in full).
    static func address(_ ingress: [JSONValue]) -> String {
        Set(ingress.compactMap { entry -> String? in
            if let ip = entry["ip"]?.stringValue, !ip.isEmpty { return ip }
            if let host = entry["hostname"]?.stringValue, !host.isEmpty { return host }
            return nil
        }).sorted().joined(separator: ",")
    }

    /// The default table's CREATED AT: the creation time in RFC 3339.
    static func createdAt(_ object: StoredObject, _ simulator: Simulator) -> String {
        KubernetesObjects.timestamp(simulator, object.created).stringValue ?? ""
    }

    /// The API server's table for kinds with no printer of their own: NAME and CREATED AT.
    static func defaultTable(_ kind: ResourceKind) -> KubectlResource {
        KubectlResource.stored(kind, nameKind: kind.qualifiedName, header: { _ in ["NAME", "CREATED AT"] }, age: false) { object, simulator in
            [createdAt(object, simulator)]
        }
    }

    static func bindingTable(_ kind: ResourceKind) -> KubectlResource {
        KubectlResource.stored(kind, nameKind: kind.qualifiedName, header: { wide in ["NAME", "ROLE", "AGE"] + (wide ? ["USERS", "GROUPS", "SERVICEACCOUNTS"] : []) },
                               wideCells: subjects) { object, _ in
            [roleReference(object)]
        }
    }

    static func roleReference(_ object: StoredObject) -> String {
        "\(object.body["roleRef"]?.text("kind") ?? "")/\(object.body["roleRef"]?.text("name") ?? "")"
    }

    /// A binding's subjects by kind (service accounts as `namespace/name`), each list comma-separated.
    static func subjects(_ object: StoredObject) -> [String] {
        var users: [String] = [], groups: [String] = [], accounts: [String] = []
        for subject in object.body["subjects"]?.items ?? [] {
            switch subject.text("kind") {
            case "User": users.append(subject.text("name"))
            case "Group": groups.append(subject.text("name"))
            case "ServiceAccount": accounts.append("\(subject.text("namespace"))/\(subject.text("name"))")
            default: break
            }
        }
        return [users.joined(separator: ", "), groups.joined(separator: ", "), accounts.joined(separator: ", ")]
    }

    /// A default StorageClass's name carries ` (default)`.
    static func storageClassName(_ object: StoredObject) -> String {
        object.name + (isDefaultStorageClass(object.annotations) ? " (default)" : "")
    }

    /// Whether a StorageClass's annotations make it the default (the GA or the beta annotation).
    static func isDefaultStorageClass(_ annotations: [String: String]) -> Bool {
        annotations["storageclass.kubernetes.io/is-default-class"] == "true" || annotations["storageclass.beta.kubernetes.io/is-default-class"] == "true"
    }
}
