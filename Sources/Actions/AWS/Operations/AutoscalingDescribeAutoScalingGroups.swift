import ClusterSim
import JMESPath
import JSON

/// `aws autoscaling describe-auto-scaling-groups [--auto-scaling-group-names …] [--filters …]`.
struct AutoscalingDescribeAutoScalingGroups: AWSOperation {
    static let service = "autoscaling"
    static let name = "describe-auto-scaling-groups"
    static let apiName = "DescribeAutoScalingGroups"
    static let parameters = [
        AWSParameter(flag: "auto-scaling-group-names", kind: .list, member: "AutoScalingGroupNames"),
        AWSParameter(flag: "filters", kind: .filters, member: "Filters"),
    ]

    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue {
        guard context.isHomeRegion else { return AWSShapes.object([("AutoScalingGroups", .array([]))]) }
        let simulator = context.simulator
        let filters = AWSFilters(arguments.structure("filters"))
        let groups = simulator.describeAutoScalingGroups(names: arguments.list("auto-scaling-group-names") ?? []).compactMap { group -> JSONValue? in
            let instances = simulator.describeInstances().filter { $0.autoScalingGroup == group.name && $0.state != .terminated }
            let shape = AWSShapes.object([
                ("AutoScalingGroupName", .string(group.name)), ("AutoScalingGroupARN", .string(group.arn)),
                ("MixedInstancesPolicy", AWSShapes.object([("LaunchTemplate", AWSShapes.object([("LaunchTemplateSpecification", AWSShapes.object([
                    ("LaunchTemplateId", .string(group.launchTemplateId)), ("LaunchTemplateName", .string(group.launchTemplateName)),
                    ("Version", .string(String(group.launchTemplateVersion))),
                ]))]))])),
                ("MinSize", .int(group.minSize)), ("MaxSize", .int(group.maxSize)), ("DesiredCapacity", .int(group.desiredCapacity)),
                ("DefaultCooldown", .int(300)), ("AvailabilityZones", AWSShapes.strings(group.availabilityZones)),
                ("LoadBalancerNames", .array([])), ("TargetGroupARNs", .array([])), ("HealthCheckType", .string("EC2")),
                ("HealthCheckGracePeriod", .int(15)),
                ("Instances", .array(instances.map { instance in
                    AWSShapes.object([
                        ("InstanceId", .string(instance.id)), ("InstanceType", .string(instance.instanceType)),
                        ("AvailabilityZone", .string(instance.availabilityZone)),
                        ("LifecycleState", .string(instance.state == .shuttingDown ? "Terminating" : instance.state == .pending ? "Pending" : "InService")),
                        ("HealthStatus", .string("Healthy")),
                        ("LaunchTemplate", AWSShapes.object([("LaunchTemplateId", .string(instance.launchTemplateId)),
                                                            ("LaunchTemplateName", .string(group.launchTemplateName)),
                                                            ("Version", .string(String(instance.launchTemplateVersion)))])),
                        ("ProtectedFromScaleIn", .bool(false)),
                    ])
                })),
                ("CreatedTime", .string(SimCalendar.iso8601(epoch: group.createdEpoch, fractionDigits: 3).replacingOccurrences(of: "Z", with: "000+00:00"))),
                ("SuspendedProcesses", .array([])), ("VPCZoneIdentifier", .string(group.subnetIds.joined(separator: ","))),
                ("EnabledMetrics", .array([])),
                ("Tags", .array(group.tags.keys.sorted().map { key in
                    AWSShapes.object([("ResourceId", .string(group.name)), ("ResourceType", .string("auto-scaling-group")),
                                      ("Key", .string(key)), ("Value", .string(group.tags[key]!)), ("PropagateAtLaunch", .bool(true))])
                })),
                ("TerminationPolicies", AWSShapes.strings(["AllocationStrategy", "OldestLaunchTemplate", "OldestInstance"])),
                ("NewInstancesProtectedFromScaleIn", .bool(false)), ("ServiceLinkedRoleARN", .string("arn:aws:iam::\(simulator.scenario.accountId):role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling")),
                ("CapacityRebalance", .bool(true)),
            ])
            var tags = group.tags
            tags["aws:autoscaling:groupName"] = group.name
            return filters.matches(shape, tags: tags) ? shape : nil
        }
        return AWSShapes.object([("AutoScalingGroups", .array(groups))])
    }
}
