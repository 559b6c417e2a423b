import ClusterSim
import JMESPath
import JSON

/// `aws ec2 describe-instances [--instance-ids …] [--filters Name=…,Values=…]`: the node group's
/// instances, one reservation each, with the filters lessons use (tags, state, zone, ids).
struct EC2DescribeInstances: AWSOperation {
    static let service = "ec2"
    static let name = "describe-instances"
    static let apiName = "DescribeInstances"
    static let parameters = [
        AWSParameter(flag: "instance-ids", kind: .list, member: "InstanceIds"),
        AWSParameter(flag: "filters", kind: .filters, member: "Filters"),
    ]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        guard context.isHomeRegion else { return AWSShapes.object([("Reservations", .array([]))]) }
        let simulator = context.simulator
        let ids = arguments.list("instance-ids")
        if let ids, let missing = ids.first(where: { id in !simulator.describeInstances().contains { $0.id == id } }) {
            throw ServiceError(code: "InvalidInstanceID.NotFound", message: "The instance ID '\(missing)' does not exist", httpStatus: 400)
        }
        let filters = AWSFilters(arguments.structure("filters"))
        var reservations: [JSONValue] = []
        for instance in simulator.describeInstances() where ids == nil || ids!.contains(instance.id) {
            let group = simulator.describeAutoScalingGroups().first { $0.name == instance.autoScalingGroup }
            var tags = group?.tags ?? [:]
            tags["aws:autoscaling:groupName"] = instance.autoScalingGroup
            tags["aws:ec2launchtemplate:id"] = instance.launchTemplateId
            tags["aws:ec2launchtemplate:version"] = String(instance.launchTemplateVersion)
            // Members in botocore's model order: awscli prints a parsed reply in that order.
            let shape = AWSShapes.object([
                ("Architecture", .string("x86_64")),
                ("Tags", .array(tags.keys.sorted().map { AWSShapes.object([("Key", .string($0)), ("Value", .string(tags[$0]!))]) })),
                ("InstanceId", .string(instance.id)), ("ImageId", .string(instance.imageId)),
                ("State", AWSShapes.object([("Code", .int(Self.stateCode(instance.state))), ("Name", .string(instance.state.rawValue))])),
                ("PrivateDnsName", .string(instance.privateDnsName)), ("AmiLaunchIndex", .int(0)),
                ("InstanceType", .string(instance.instanceType)),
                ("LaunchTime", .string(SimCalendar.iso8601(epoch: instance.launchEpoch, fractionDigits: 0).replacingOccurrences(of: "Z", with: "+00:00"))),
                ("Placement", AWSShapes.object([("Tenancy", .string("default")), ("AvailabilityZone", .string(instance.availabilityZone))])),
                ("SubnetId", .string(instance.subnetId)), ("VpcId", .string(simulator.cluster.vpcId)),
                ("PrivateIpAddress", .string(instance.privateIp)),
            ])
            guard filters.matches(shape, tags: tags) else { continue }
            reservations.append(AWSShapes.object([
                ("ReservationId", .string("r-0" + String(instance.id.dropFirst(3).reversed()))),
                ("OwnerId", .string(simulator.scenario.accountId)), ("RequesterId", .string("236147542393")),
                ("Groups", .array([])), ("Instances", .array([shape])),
            ]))
        }
        return AWSShapes.object([("Reservations", .array(reservations))])
    }

    static func stateCode(_ state: Instance.State) -> Int {
        switch state {
        case .pending: return 0
        case .running: return 16
        case .shuttingDown: return 32
        case .terminated: return 48
        }
    }
}

/// EC2-style `--filters Name=tag:K,Values=v1,v2 Name=…`.
struct AWSFilters {
    var filters: [(name: String, values: [String])] = []

    init(_ value: JSONValue?) {
        guard case .array(let items)? = value else { return }
        for item in items {
            guard case .string(let name)? = item["Name"], case .array(let values)? = item["Values"] else { continue }
            filters.append((name, values.compactMap { if case .string(let s) = $0 { return s } else { return nil } }))
        }
    }

    func matches(_ shape: JSONValue, tags: [String: String]) -> Bool {
        filters.allSatisfy { filter in
            let candidates: [String]
            switch filter.name {
            case let name where name.hasPrefix("tag:"): candidates = tags[String(name.dropFirst(4))].map { [$0] } ?? []
            case "tag-key": candidates = Array(tags.keys)
            case "instance-state-name": candidates = [stringAt(shape, "State", "Name")]
            case "availability-zone": candidates = [stringAt(shape, "Placement", "AvailabilityZone")]
            case "instance-id": candidates = [stringAt(shape, "InstanceId")]
            case "instance-type": candidates = [stringAt(shape, "InstanceType")]
            case "image-id": candidates = [stringAt(shape, "ImageId")]
            case "private-dns-name": candidates = [stringAt(shape, "PrivateDnsName")]
            default: return false
            }
            return candidates.contains { candidate in filter.values.contains { Self.glob($0, candidate) } }
        }
    }

    private func stringAt(_ value: JSONValue, _ path: String...) -> String {
        var current: JSONValue? = value
        for key in path { current = current?[key] }
        if case .string(let s)? = current { return s }
        return ""
    }

    /// EC2 filter values accept `*` and `?` wildcards.
    static func glob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        func match(_ i: Int, _ j: Int) -> Bool {
            if i == p.count { return j == t.count }
            if p[i] == "*" { return match(i + 1, j) || (j < t.count && match(i, j + 1)) }
            return j < t.count && (p[i] == "?" || p[i] == t[j]) && match(i + 1, j + 1)
        }
        return match(0, 0)
    }
}
