import ClusterSim

extension KubectlResource {
    /// ResourceQuotas: NAME AGE REQUEST LIMIT. The simulated cluster sets none (EKS creates none),
    /// so every list is empty — `describe namespace` reads it, as kubectl does.
    static let resourceQuotas = KubectlResource(
        names: ["resourcequotas", "resourcequota", "quota"], qualifiedPlural: "resourcequotas", nameKind: "resourcequota", namespaced: true,
        header: { _ in ["NAME", "AGE", "REQUEST", "LIMIT"] }, watchChanges: .byVersion, objects: { _, _ in [] })

    /// LimitRanges: NAME CREATED AT. None, as on a new EKS cluster.
    static let limitRanges = KubectlResource(
        names: ["limitranges", "limitrange", "limits"], qualifiedPlural: "limitranges", nameKind: "limitrange", namespaced: true,
        header: { _ in ["NAME", "CREATED AT"] }, watchChanges: .byVersion, objects: { _, _ in [] })
}
