import ClusterSim
import JMESPath
import JSON

/// Service responses as JSON, members in the service model's order (the order awscli prints).
enum AWSShapes {
    static func object(_ pairs: [(String, JSONValue?)]) -> JSONValue {
        .object(pairs.compactMap { pair in pair.1.map { (key: pair.0, value: $0) } })
    }

    static func strings(_ list: [String]) -> JSONValue { .array(list.map { .string($0) }) }

    static func map(_ dictionary: [String: String]) -> JSONValue {
        .object(dictionary.keys.sorted().map { (key: $0, value: .string(dictionary[$0]!)) })
    }

    /// Epoch seconds, as awscli v1 prints timestamps (the wire format).
    static func timestamp(_ epoch: Double) -> JSONValue {
        let millis = (epoch * 1000).rounded() / 1000
        return millis == millis.rounded() ? .int(Int(millis)) : .double(millis)
    }

    static func parameter(_ p: SSMParameter) -> JSONValue {
        object([("Name", .string(p.name)), ("Type", .string(p.type)), ("Value", .string(p.value)), ("Version", .int(p.version)),
                ("LastModifiedDate", timestamp(p.lastModifiedEpoch)), ("ARN", .string(p.arn)), ("DataType", .string(p.dataType))])
    }

    static func cluster(_ c: Cluster) -> JSONValue {
        object([
            ("name", .string(c.name)), ("arn", .string(c.arn)), ("createdAt", timestamp(c.createdEpoch)), ("version", .string(c.version)),
            ("endpoint", .string(c.endpoint)), ("roleArn", .string(c.roleArn)),
            ("resourcesVpcConfig", object([
                ("subnetIds", strings(c.subnetIds)), ("securityGroupIds", strings(c.securityGroupIds)),
                ("clusterSecurityGroupId", .string(c.clusterSecurityGroupId)), ("vpcId", .string(c.vpcId)),
                ("endpointPublicAccess", .bool(true)), ("endpointPrivateAccess", .bool(true)), ("publicAccessCidrs", strings(["0.0.0.0/0"])),
            ])),
            ("kubernetesNetworkConfig", object([("serviceIpv4Cidr", .string(c.serviceIpv4Cidr)), ("ipFamily", .string("ipv4")),
                                                ("elasticLoadBalancing", object([("enabled", .bool(false))]))])),
            ("logging", object([("clusterLogging", .array([object([
                ("types", strings(["api", "audit", "authenticator", "controllerManager", "scheduler"])), ("enabled", .bool(false)),
            ])]))])),
            ("identity", object([("oidc", object([("issuer", .string(c.oidcIssuer))]))])),
            ("status", .string(c.status)),
            ("certificateAuthority", object([("data", .string(c.certificateAuthority))])),
            ("platformVersion", .string(c.platformVersion)),
            ("tags", map(c.tags)),
            ("health", object([("issues", .array([]))])),
            ("accessConfig", object([("authenticationMode", .string("API_AND_CONFIG_MAP"))])),
            ("upgradePolicy", object([("supportType", .string("STANDARD"))])),
        ])
    }

    static func nodegroup(_ g: Nodegroup) -> JSONValue {
        var updateConfig: [(String, JSONValue?)] = [("maxUnavailable", g.updateConfig.maxUnavailable.map { .int($0) }),
                                                   ("maxUnavailablePercentage", g.updateConfig.maxUnavailablePercentage.map { .int($0) })]
        if let strategy = g.updateConfig.updateStrategy { updateConfig.append(("updateStrategy", .string(strategy.rawValue))) }
        return object([
            ("nodegroupName", .string(g.name)), ("nodegroupArn", .string(g.arn)), ("clusterName", .string(g.clusterName)),
            ("version", .string(g.version)), ("releaseVersion", .string(g.releaseVersion)),
            ("createdAt", timestamp(g.createdEpoch)), ("modifiedAt", timestamp(g.modifiedEpoch)), ("status", .string(g.status.rawValue)),
            ("capacityType", .string(g.capacityType)),
            ("scalingConfig", object([("minSize", .int(g.scalingConfig.minSize)), ("maxSize", .int(g.scalingConfig.maxSize)),
                                      ("desiredSize", .int(g.scalingConfig.desiredSize))])),
            ("instanceTypes", strings(g.instanceTypes)), ("subnets", strings(g.subnets)), ("amiType", .string(g.amiType.rawValue)),
            ("nodeRole", .string(g.nodeRole)), ("labels", map(g.labels)),
            ("taints", g.taints.isEmpty ? nil : .array(g.taints.map { t in
                object([("key", .string(t.key)), ("value", t.value.map { .string($0) }), ("effect", .string(t.effect))])
            })),
            ("resources", object([("autoScalingGroups", .array([object([("name", .string(g.autoScalingGroupName))])]))])),
            ("diskSize", .int(g.diskSize)),
            ("health", object([("issues", .array(g.healthIssues.map { issue in
                object([("code", .string(issue.code)), ("message", .string(issue.message)), ("resourceIds", strings(issue.resourceIds))])
            }))])),
            ("updateConfig", object(updateConfig)),
            ("tags", map(g.tags)),
        ])
    }

    static func addon(_ a: Addon) -> JSONValue {
        object([
            ("addonName", .string(a.name)), ("clusterName", .string(a.clusterName)), ("status", .string(a.status.rawValue)),
            ("addonVersion", .string(a.version)), ("health", object([("issues", .array([]))])), ("addonArn", .string(a.arn)),
            ("createdAt", timestamp(a.createdEpoch)), ("modifiedAt", timestamp(a.modifiedEpoch)),
            ("serviceAccountRoleArn", a.serviceAccountRoleArn.map { .string($0) }), ("tags", map(a.tags)),
        ])
    }

    static func insightStatus(_ status: Insight.Status, _ reason: String) -> JSONValue {
        object([("status", .string(status.rawValue)), ("reason", .string(reason))])
    }

    static func insightSummary(_ i: Insight) -> JSONValue {
        object([
            ("id", .string(i.id)), ("name", .string(i.name)), ("category", .string(i.category)), ("kubernetesVersion", .string(i.kubernetesVersion)),
            ("lastRefreshTime", timestamp(i.lastRefreshEpoch)), ("lastTransitionTime", timestamp(i.lastTransitionEpoch)),
            ("description", .string(i.description)), ("insightStatus", insightStatus(i.status, i.reason)),
        ])
    }

    static func insight(_ i: Insight) -> JSONValue {
        object([
            ("id", .string(i.id)), ("name", .string(i.name)), ("category", .string(i.category)), ("kubernetesVersion", .string(i.kubernetesVersion)),
            ("lastRefreshTime", timestamp(i.lastRefreshEpoch)), ("lastTransitionTime", timestamp(i.lastTransitionEpoch)),
            ("description", .string(i.description)), ("insightStatus", insightStatus(i.status, i.reason)),
            ("recommendation", .string(i.recommendation)), ("additionalInfo", .object([])),
            ("resources", .array(i.resources.map { r in
                object([("insightStatus", insightStatus(r.status, r.reason)), ("kubernetesResourceUri", r.kubernetesResourceUri.map { .string($0) }),
                        ("arn", r.arn.map { .string($0) })])
            })),
            ("categorySpecificSummary", object([
                ("deprecationDetails", .array([])),
                ("addonCompatibilityDetails", .array(i.addonCompatibility.map { detail in
                    object([("name", .string(detail.name)), ("compatibleVersions", strings(detail.compatibleVersions))])
                })),
            ])),
        ])
    }

    static func update(_ u: EKSUpdate) -> JSONValue {
        object([
            ("id", .string(u.id)), ("status", .string(u.status.rawValue)), ("type", .string(u.type)),
            ("params", .array(u.params.map { object([("type", .string($0.type)), ("value", .string($0.value))]) })),
            ("createdAt", timestamp(u.createdEpoch)),
            ("errors", .array(u.errors.map { e in
                object([("errorCode", .string(e.errorCode)), ("errorMessage", .string(e.errorMessage)), ("resourceIds", strings(e.resourceIds))])
            })),
        ])
    }
}
