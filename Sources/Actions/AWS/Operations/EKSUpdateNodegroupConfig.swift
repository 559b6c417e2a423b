import ClusterSim
import JMESPath
import JSON

/// `aws eks update-nodegroup-config --cluster-name C --nodegroup-name N [--scaling-config …]
/// [--update-config …] [--labels …] [--taints …]`.
struct EKSUpdateNodegroupConfig: AWSOperation {
    static let service = "eks"
    static let name = "update-nodegroup-config"
    static let apiName = "UpdateNodegroupConfig"
    static let parameters = [
        AWSParameter(flag: "cluster-name", kind: .string, required: true, member: "clusterName"),
        AWSParameter(flag: "nodegroup-name", kind: .string, required: true, member: "nodegroupName"),
        AWSParameter(flag: "scaling-config", kind: .structure, member: "scalingConfig"),
        AWSParameter(flag: "update-config", kind: .structure, member: "updateConfig"),
        AWSParameter(flag: "labels", kind: .structure, member: "labels"),
        AWSParameter(flag: "taints", kind: .structure, member: "taints"),
    ]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        let cluster = arguments.string("cluster-name")!
        guard context.isHomeRegion else { throw .clusterNotFound(cluster) }
        let name = arguments.string("nodegroup-name")!
        let current = try context.simulator.describeNodegroup(cluster: cluster, nodegroup: name)
        var scaling: Nodegroup.ScalingConfig?
        if let config = arguments.structure("scaling-config") {
            scaling = Nodegroup.ScalingConfig(minSize: integer(config["minSize"]) ?? current.scalingConfig.minSize,
                                              maxSize: integer(config["maxSize"]) ?? current.scalingConfig.maxSize,
                                              desiredSize: integer(config["desiredSize"]) ?? current.scalingConfig.desiredSize)
        }
        var updateConfig: UpdateConfig?
        if let config = arguments.structure("update-config") {
            var strategy: UpdateConfig.Strategy?
            if case .string(let s)? = config["updateStrategy"] {
                guard let parsed = UpdateConfig.Strategy(rawValue: s) else {
                    throw .invalidParameter("Invalid updateStrategy \(s): use DEFAULT or MINIMAL")
                }
                strategy = parsed
            }
            updateConfig = UpdateConfig(maxUnavailable: integer(config["maxUnavailable"]),
                                        maxUnavailablePercentage: integer(config["maxUnavailablePercentage"]), updateStrategy: strategy)
        }
        var addLabels: [String: String] = [:]
        var removeLabels: [String] = []
        if let labels = arguments.structure("labels") {
            if case .object(let pairs)? = labels["addOrUpdateLabels"] {
                for pair in pairs { if case .string(let v) = pair.value { addLabels[pair.key] = v } }
            }
            if case .array(let keys)? = labels["removeLabels"] {
                removeLabels = keys.compactMap { if case .string(let k) = $0 { return k } else { return nil } }
            }
        }
        func taints(_ value: JSONValue?) -> [Taint] {
            guard case .array(let items)? = value else { return [] }
            return items.compactMap { item in
                guard case .string(let key)? = item["key"], case .string(let effect)? = item["effect"] else { return nil }
                var value: String?
                if case .string(let v)? = item["value"] { value = v }
                return Taint(key: key, value: value, effect: effect)
            }
        }
        let update = try context.simulator.updateNodegroupConfig(
            cluster: cluster, nodegroup: name, scaling: scaling, updateConfig: updateConfig, addLabels: addLabels,
            removeLabels: removeLabels, addTaints: taints(arguments.structure("taints")?["addOrUpdateTaints"]),
            removeTaints: taints(arguments.structure("taints")?["removeTaints"]))
        return AWSShapes.object([("update", AWSShapes.update(update))])
    }

    private static func integer(_ value: JSONValue?) -> Int? {
        switch value {
        case .int(let i)?: return i
        case .string(let s)?: return Int(s)
        default: return nil
        }
    }
}
