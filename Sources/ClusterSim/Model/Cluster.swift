/// An EKS cluster (control plane) as DescribeCluster returns it.
public struct Cluster: Sendable, Equatable {
    public var name: String
    public var arn: String
    /// The Kubernetes version DescribeCluster reports: it changes when a version update ends.
    public var version: String
    /// The version the API servers answer with (`kubectl version`): during a version update it
    /// changes when the new control plane instances take the traffic, before the update ends.
    public var serverVersion: String
    public var platformVersion: String
    public var status: String
    public var endpoint: String
    public var roleArn: String
    public var createdEpoch: Double
    public var vpcId: String
    public var subnetIds: [String]
    public var securityGroupIds: [String]
    public var clusterSecurityGroupId: String
    public var serviceIpv4Cidr: String
    public var oidcIssuer: String
    public var certificateAuthority: String
    public var tags: [String: String]
}

/// A subnet of the cluster's VPC, one per Availability Zone.
public struct Subnet: Sendable, Equatable {
    public var id: String
    public var availabilityZone: String
    public var cidr: String
    /// First third octet of the subnet's 10.42.x.0/19 range (8,190 addresses: node and pod IPs are drawn inside it).
    public var octet: Int
}

/// Region, account and network facts shared by every resource.
public struct Environment: Sendable, Equatable {
    public var region: String
    public var accountId: String
    public var availabilityZones: [String]
    public var subnets: [Subnet]

    /// `ip-10-42-10-96.us-west-2.compute.internal` (`.ec2.internal` in us-east-1).
    public func privateDNSName(ip: String) -> String {
        let host = "ip-" + ip.replacingOccurrences(of: ".", with: "-")
        return region == "us-east-1" ? host + ".ec2.internal" : host + ".\(region).compute.internal"
    }
}
