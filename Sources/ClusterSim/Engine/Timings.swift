/// Every duration the simulation uses, in one place.
///
/// Values follow AWS documentation where it gives one (the 60-second wait after cordon, the
/// 15-minute eviction limit, the 30-second waiter delay) and typical observations otherwise
/// (boot and join times). With the defaults, the workshop's 3-node upgrade takes 9–12 simulated
/// minutes; a real cluster needed about 848 s for the same lesson in the EKS Workshop's CI.
public struct Timings: Sendable, Equatable {
    /// Setup phase: writing the launch template version and pointing the ASG at it.
    public var setup = 15.0
    /// How often the update workflow checks progress (and retries refused evictions).
    public var workflowTick = 5.0
    /// EC2 instance start until kubelet registers the node (NotReady). Low–high, drawn per instance.
    public var instanceBoot = (low: 60.0, high: 90.0)
    /// Node registered until Ready (CNI up).
    public var nodeReady = (low: 15.0, high: 30.0)
    /// Pod bound to a node until Ready.
    public var podStart = (low: 5.0, high: 12.0)
    /// Evicted pod's graceful termination (Kubernetes' default terminationGracePeriodSeconds).
    public var podTermination = 30.0
    /// Documented: after a node is drained and cordoned, EKS waits 60 s before terminating it.
    public var waitAfterCordon = 60.0
    /// Termination request until the node reports NotReady (node-monitor grace period).
    public var nodeNotReadyAfterTermination = 40.0
    /// Termination request until the instance is gone and the Node object deleted.
    public var instanceTermination = 60.0
    /// Documented: EKS gives up draining a node after 15 minutes (PodEvictionFailure unless forced).
    public var evictionLimit = 15 * 60.0
    /// Scale-up: how long EKS waits for new nodes before NodeCreationFailure.
    public var nodeJoinLimit = 20 * 60.0
    /// Scale-down: pause between decrements of the Auto Scaling group.
    public var scaleDownStep = 10.0
    /// The ASG retries failed launches this often.
    public var launchRetry = 30.0
    /// Control plane version update: new API server instances start and pass health checks, then
    /// take the traffic (drawn per update).
    public var controlPlaneLaunch = (low: 240.0, high: 330.0)
    /// Control plane version update: after the cut-over, until the old instances are gone and the
    /// update ends (about 7–9 minutes in all; eksctl's own log shows 10 for a real one).
    public var controlPlaneRetire = (low: 150.0, high: 240.0)
    /// Add-on update: EKS applies the new version's manifests before the pods roll.
    public var addonApply = (low: 20.0, high: 40.0)
    /// A CSI driver's CreateVolume until the new PersistentVolume exists (an EBS volume's creation).
    public var volumeProvisioning = 6.0
    /// A claim deleted until its provisioned volume (reclaim policy Delete) is deleted too.
    public var volumeDeletion = 5.0

    public init() {}

    public static func == (a: Timings, b: Timings) -> Bool {
        a.setup == b.setup && a.workflowTick == b.workflowTick && a.instanceBoot == b.instanceBoot
            && a.nodeReady == b.nodeReady && a.podStart == b.podStart && a.podTermination == b.podTermination
            && a.waitAfterCordon == b.waitAfterCordon && a.nodeNotReadyAfterTermination == b.nodeNotReadyAfterTermination
            && a.instanceTermination == b.instanceTermination && a.evictionLimit == b.evictionLimit
            && a.nodeJoinLimit == b.nodeJoinLimit && a.scaleDownStep == b.scaleDownStep && a.launchRetry == b.launchRetry
            && a.controlPlaneLaunch == b.controlPlaneLaunch && a.controlPlaneRetire == b.controlPlaneRetire
            && a.addonApply == b.addonApply && a.volumeProvisioning == b.volumeProvisioning
            && a.volumeDeletion == b.volumeDeletion
    }
}
