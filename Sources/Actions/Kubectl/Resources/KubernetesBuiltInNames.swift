/// The resource names a Kubernetes 1.32 API server on EKS serves (`kubectl api-resources`: plurals,
/// singulars, short names, with or without their group). A word among them that the simulated
/// cluster does not hold is a gap in the simulator ("not available"); any other word is the user's
/// typo or a kind with no CRD, which the server itself refuses.
enum KubernetesBuiltInNames {
    /// `(plural, singular, short names, group)` of every built-in resource, and EKS's own CRDs.
    static let resources: [(String, String, [String], String)] = [
        ("bindings", "binding", [], ""), ("componentstatuses", "componentstatus", ["cs"], ""), ("configmaps", "configmap", ["cm"], ""),
        ("endpoints", "endpoints", ["ep"], ""), ("events", "event", ["ev"], ""), ("limitranges", "limitrange", ["limits"], ""),
        ("namespaces", "namespace", ["ns"], ""), ("nodes", "node", ["no"], ""), ("persistentvolumeclaims", "persistentvolumeclaim", ["pvc"], ""),
        ("persistentvolumes", "persistentvolume", ["pv"], ""), ("pods", "pod", ["po"], ""), ("podtemplates", "podtemplate", [], ""),
        ("replicationcontrollers", "replicationcontroller", ["rc"], ""), ("resourcequotas", "resourcequota", ["quota"], ""),
        ("secrets", "secret", [], ""), ("serviceaccounts", "serviceaccount", ["sa"], ""), ("services", "service", ["svc"], ""),
        ("mutatingwebhookconfigurations", "mutatingwebhookconfiguration", [], "admissionregistration.k8s.io"),
        ("validatingadmissionpolicies", "validatingadmissionpolicy", [], "admissionregistration.k8s.io"),
        ("validatingadmissionpolicybindings", "validatingadmissionpolicybinding", [], "admissionregistration.k8s.io"),
        ("validatingwebhookconfigurations", "validatingwebhookconfiguration", [], "admissionregistration.k8s.io"),
        ("customresourcedefinitions", "customresourcedefinition", ["crd", "crds"], "apiextensions.k8s.io"),
        ("apiservices", "apiservice", [], "apiregistration.k8s.io"),
        ("controllerrevisions", "controllerrevision", [], "apps"), ("daemonsets", "daemonset", ["ds"], "apps"),
        ("deployments", "deployment", ["deploy"], "apps"), ("replicasets", "replicaset", ["rs"], "apps"),
        ("statefulsets", "statefulset", ["sts"], "apps"),
        ("selfsubjectreviews", "selfsubjectreview", [], "authentication.k8s.io"), ("tokenreviews", "tokenreview", [], "authentication.k8s.io"),
        ("localsubjectaccessreviews", "localsubjectaccessreview", [], "authorization.k8s.io"),
        ("selfsubjectaccessreviews", "selfsubjectaccessreview", [], "authorization.k8s.io"),
        ("selfsubjectrulesreviews", "selfsubjectrulesreview", [], "authorization.k8s.io"),
        ("subjectaccessreviews", "subjectaccessreview", [], "authorization.k8s.io"),
        ("horizontalpodautoscalers", "horizontalpodautoscaler", ["hpa"], "autoscaling"),
        ("cronjobs", "cronjob", ["cj"], "batch"), ("jobs", "job", [], "batch"),
        ("certificatesigningrequests", "certificatesigningrequest", ["csr"], "certificates.k8s.io"),
        ("leases", "lease", [], "coordination.k8s.io"), ("endpointslices", "endpointslice", [], "discovery.k8s.io"),
        ("events", "event", ["ev"], "events.k8s.io"),
        ("flowschemas", "flowschema", [], "flowcontrol.apiserver.k8s.io"),
        ("prioritylevelconfigurations", "prioritylevelconfiguration", [], "flowcontrol.apiserver.k8s.io"),
        ("ingressclasses", "ingressclass", [], "networking.k8s.io"), ("ingresses", "ingress", ["ing"], "networking.k8s.io"),
        ("networkpolicies", "networkpolicy", ["netpol"], "networking.k8s.io"), ("runtimeclasses", "runtimeclass", [], "node.k8s.io"),
        ("poddisruptionbudgets", "poddisruptionbudget", ["pdb"], "policy"),
        ("clusterrolebindings", "clusterrolebinding", [], "rbac.authorization.k8s.io"),
        ("clusterroles", "clusterrole", [], "rbac.authorization.k8s.io"), ("rolebindings", "rolebinding", [], "rbac.authorization.k8s.io"),
        ("roles", "role", [], "rbac.authorization.k8s.io"), ("priorityclasses", "priorityclass", ["pc"], "scheduling.k8s.io"),
        ("csidrivers", "csidriver", [], "storage.k8s.io"), ("csinodes", "csinode", [], "storage.k8s.io"),
        ("csistoragecapacities", "csistoragecapacity", [], "storage.k8s.io"), ("storageclasses", "storageclass", ["sc"], "storage.k8s.io"),
        ("volumeattachments", "volumeattachment", [], "storage.k8s.io"),
        // What an EKS cluster's own add-ons define.
        ("eniconfigs", "eniconfig", [], "crd.k8s.amazonaws.com"), ("policyendpoints", "policyendpoint", [], "networking.k8s.aws"),
        ("cninodes", "cninode", ["cnd"], "vpcresources.k8s.aws"), ("securitygrouppolicies", "securitygrouppolicy", ["sgp"], "vpcresources.k8s.aws"),
    ]

    static let names: Set<String> = {
        var names: Set<String> = ["all"]
        for (plural, singular, short, group) in resources {
            for name in [plural, singular] + short {
                names.insert(name)
                if !group.isEmpty { names.insert("\(name).\(group)") }
            }
        }
        return names
    }()

    /// Whether a real EKS cluster would know the word.
    static func contains(_ word: String) -> Bool { names.contains(word.lowercased()) }
}

extension KubectlProgram {
    /// What kubectl says of a resource word the simulated cluster does not serve: the server's
    /// refusal for a word no cluster knows (status 1), the simulator's gap for a built-in kind it
    /// does not hold yet.
    static func unservedResource(_ word: String, verb: String, context: ProgramContext) -> Int32 {
        if let retired = context.simulator.retiredKind(named: word) {
            // kubectl's discovery cache still has the kind of a CRD deleted since: the list is sent, and refused.
            context.err("Error from server (NotFound): Unable to list \"\(retired.apiVersion), Resource=\(retired.plural)\": the server could not find the requested resource\n")
            return 1
        }
        if KubernetesBuiltInNames.contains(word) {
            context.err("not available in the simulated cluster: kubectl \(verb) \(word)\n")
            return Session.unavailableStatus
        }
        context.err(unknownKind(word))
        return 1
    }
}
