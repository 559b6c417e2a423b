import ClusterSim
import JSON

/// `aws eks list-insights --cluster-name C [--filter categories=…,kubernetesVersions=…,statuses=…]`:
/// the upgrade readiness checks for the cluster's next version, as summaries.
struct EKSListInsights: AWSOperation {
    static let service = "eks"
    static let name = "list-insights"
    static let apiName = "ListInsights"
    static let parameters = [
        AWSParameter(flag: "cluster-name", kind: .string, required: true, member: "clusterName"),
        AWSParameter(flag: "filter", kind: .structure, member: "filter"),
    ]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let cluster = arguments.string("cluster-name")!
        guard context.isHomeRegion else { throw .clusterNotFound(cluster) }
        let filter = arguments.structure("filter")
        func values(_ key: String) -> [String]? {
            switch filter?[key] {
            case .string(let one)?: return [one]
            case .array(let many)?: return many.compactMap(\.stringValue)
            default: return nil
            }
        }
        let insights = try context.simulator.listInsights(cluster: cluster).filter { insight in
            (values("categories").map { $0.contains(insight.category) } ?? true)
                && (values("kubernetesVersions").map { $0.contains(insight.kubernetesVersion) } ?? true)
                && (values("statuses").map { $0.contains(insight.status.rawValue) } ?? true)
        }
        return AWSShapes.object([("insights", .array(insights.map(AWSShapes.insightSummary)))])
    }
}
