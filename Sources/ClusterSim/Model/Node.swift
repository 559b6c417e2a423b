/// A Kubernetes node backed by an EC2 instance.
public struct Node: Sendable, Hashable {
    public enum Readiness: String, Sendable, Hashable {
        case ready = "True", notReady = "False", unknown = "Unknown"
    }

    public struct Resources: Sendable, Hashable {
        public var cpuMillis: Int
        public var memoryMi: Int
        public var pods: Int
    }

    public var name: String
    public var instanceId: String
    public var nodegroup: String
    public var availabilityZone: String
    public var internalIp: String
    public var labels: [String: String]
    public var taints: [Taint]
    public var unschedulable: Bool
    public var readiness: Readiness
    /// When the Ready condition last changed, for `kubectl describe`.
    public var readinessChanged: SimTime
    public var created: SimTime
    public var kubeletVersion: String
    public var imageId: String
    public var osImage: String
    public var kernelVersion: String
    public var containerRuntime: String
    public var architecture: String
    public var allocatable: Resources
    public var capacity: Resources
    public var instanceType: String

    /// `Ready`, `NotReady,SchedulingDisabled` … as the STATUS column shows it.
    public var statusText: String {
        (readiness == .ready ? "Ready" : "NotReady") + (unschedulable ? ",SchedulingDisabled" : "")
    }
}
