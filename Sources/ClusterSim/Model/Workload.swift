/// An `int` or a `percent%`, as PodDisruptionBudgets take them.
public enum IntOrPercent: Sendable, Equatable, CustomStringConvertible {
    case count(Int)
    case percent(Int)

    public init?(_ text: String) {
        if text.hasSuffix("%"), let p = Int(text.dropLast()), (0...100).contains(p) {
            self = .percent(p)
        } else if let n = Int(text), n >= 0 {
            self = .count(n)
        } else {
            return nil
        }
    }

    /// The value against `total`, rounding percentages up as Kubernetes does for budgets.
    public func resolve(total: Int) -> Int {
        switch self {
        case .count(let n): return n
        case .percent(let p): return (total * p + 99) / 100
        }
    }

    public var description: String {
        switch self {
        case .count(let n): return String(n)
        case .percent(let p): return "\(p)%"
        }
    }
}

/// A Deployment, StatefulSet or DaemonSet: the controller that keeps its pods' count.
public struct Workload: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case deployment = "Deployment", statefulSet = "StatefulSet", daemonSet = "DaemonSet", job = "Job"
        /// A pod a client wrote: no controller makes it again.
        case pod = "Pod"
    }

    public var kind: Kind
    public var namespace: String
    public var name: String
    /// Ignored for DaemonSets (one pod per schedulable node).
    public var replicas: Int
    public var cpuMillis: Int
    public var memoryMi: Int
    /// `app.kubernetes.io/name`-style labels; PDBs select pods by these.
    public var labels: [String: String]
    /// Tolerates every taint (like a DaemonSet that must run everywhere).
    public var toleratesAllTaints: Bool
    public var created: SimTime
    /// The container's name and image when an applied manifest gave them (nil: the scenario's).
    public var containerName: String? = nil
    public var image: String? = nil
    /// How a Deployment replaces its pods when the template changes.
    public var strategy: RolloutStrategy = .standard
    /// The current template's `pod-template-hash` (nil: the scenario's own, derived from the key).
    public var templateHash: String? = nil
    /// Node selector, node affinity and tolerations of its pods.
    public var placement = PodPlacement()
    /// A Job's completions, parallelism, retries and how its pods' containers run.
    public var job: JobSpec? = nil
    /// How a DaemonSet's or StatefulSet's pods follow a template change.
    public var setUpdate: SetUpdateStrategy = .standard
    /// Its pods' `restartPolicy` (a Job's template says Never or OnFailure).
    public var restartPolicy = "Always"
    /// PersistentVolumeClaims every pod mounts (its template's `persistentVolumeClaim` volumes).
    public var claims: [String] = []
    /// A StatefulSet's `volumeClaimTemplates`: pod `web-0` mounts claim `TEMPLATE-web-0` of each.
    public var claimTemplates: [String] = []

    public var key: String { "\(namespace)/\(name)" }

    /// The container's image: a manifest's, else the sample store's and EKS add-ons' images, nginx otherwise.
    public var effectiveImage: String {
        if let image { return image }
        let registry = "602401143452.dkr.ecr.us-west-2.amazonaws.com"
        switch name {
        case "aws-node": return "\(registry)/amazon-k8s-cni:v1.19.2-eksbuild.1"
        case "kube-proxy": return "\(registry)/eks/kube-proxy:v1.31.3-minimal-eksbuild.2"
        case "coredns": return "\(registry)/eks/coredns:v1.11.3-eksbuild.2"
        case "ui", "catalog", "carts", "checkout", "orders": return "public.ecr.aws/aws-containers/retail-store-sample-\(name):1.2.1"
        case "catalog-mysql": return "public.ecr.aws/docker/library/mysql:8.0"
        case "carts-dynamodb": return "amazon/dynamodb-local:1.25.1"
        case "checkout-redis": return "public.ecr.aws/docker/library/redis:6.0-alpine"
        case "orders-postgresql": return "public.ecr.aws/docker/library/postgres:16.1"
        default: return "public.ecr.aws/nginx/nginx:1.27"
        }
    }
}

/// What a Job asks for: how many pods must succeed, how many run at once, how many failures it
/// tolerates, and how its pods' container behaves (read from its command: `sleep N` runs N
/// seconds, `exit N` or `false` fails).
public struct JobSpec: Sendable, Equatable {
    /// `spec.completions`; nil: the first success completes the Job (a work queue).
    public var completions: Int?
    public var parallelism: Int
    public var backoffLimit: Int
    /// How long a pod's container runs once started.
    public var runSeconds: Int
    /// Whether the container exits non-zero.
    public var fails: Bool

    public init(completions: Int?, parallelism: Int, backoffLimit: Int, runSeconds: Int, fails: Bool) {
        self.completions = completions
        self.parallelism = parallelism
        self.backoffLimit = backoffLimit
        self.runSeconds = runSeconds
        self.fails = fails
    }
}

/// A Job's progress, as its status shows it.
public struct JobProgress: Sendable, Equatable {
    public var succeeded = 0
    public var failed = 0
    /// When its first pod was created (`status.startTime`).
    public var started: SimTime?
    /// When it reached its completions or gave up.
    public var finished: SimTime?
    /// `Complete`, `Failed`, or nil while it runs.
    public var outcome: String?
    /// Why it failed (`BackoffLimitExceeded`).
    public var reason: String?
    /// Retries wait: the next pod is not made before this moment.
    public var backoffUntil: SimTime?
}

/// A PodDisruptionBudget: evictions that would leave fewer healthy pods than it allows are refused.
public struct PodDisruptionBudget: Sendable, Equatable {
    public var namespace: String
    public var name: String
    /// Selects pods whose labels include all of these.
    public var selector: [String: String]
    public var minAvailable: IntOrPercent?
    public var maxUnavailable: IntOrPercent?
    public var created: SimTime

    public init(namespace: String, name: String, selector: [String: String], minAvailable: IntOrPercent?,
                maxUnavailable: IntOrPercent?, created: SimTime) {
        self.namespace = namespace
        self.name = name
        self.selector = selector
        self.minAvailable = minAvailable
        self.maxUnavailable = maxUnavailable
        self.created = created
    }

    public var key: String { "\(namespace)/\(name)" }
}

/// A pod.
public struct Pod: Sendable, Equatable {
    public enum Phase: String, Sendable, Equatable {
        case pending = "Pending", running = "Running", succeeded = "Succeeded", failed = "Failed"
    }

    /// Creation order: also the scheduler's queue order.
    public var id: Int
    public var namespace: String
    public var name: String
    public var workload: String
    public var labels: [String: String]
    public var nodeName: String?
    public var phase: Phase
    public var ready: Bool
    /// Set once an eviction or deletion has started; the pod is gone after its grace period.
    public var terminating: Bool
    public var created: SimTime
    public var started: SimTime?
    public var cpuMillis: Int
    public var memoryMi: Int
    public var podIp: String?
    public var restarts: Int
    public var toleratesAllTaints: Bool
    public var isDaemon: Bool
    /// The `pod-template-hash` of the template it was made from (a Deployment's pods).
    public var templateHash: String = ""
    /// Where it may run (its workload's node selector, affinity, tolerations).
    public var placement = PodPlacement()
    /// When its deletion or eviction began (its `deletionTimestamp`).
    public var deletionStarted: SimTime? = nil
    /// When its container exited (a Job's pod that ran to its end).
    public var finished: SimTime? = nil
    /// The PersistentVolumeClaims it mounts, by name in its namespace: the scheduler places it only
    /// where their volumes can be attached (``VolumeBinding``).
    public var claims: [String] = []
    /// Its containers' requests and limits as admission left them (LimitRange defaults filled in);
    /// nil for the scenario's own pods, which have the workload's requests.
    public var resources: PodResources? = nil

    public var key: String { "\(namespace)/\(name)" }
}

extension Workload.Kind {
    /// The API kind whose objects run as workloads of this kind.
    public var resourceKind: ResourceKind {
        switch self {
        case .deployment: ResourceKinds.deployment
        case .daemonSet: ResourceKinds.daemonSet
        case .statefulSet: ResourceKinds.statefulSet
        case .job: ResourceKinds.job
        case .pod: ResourceKinds.pod
        }
    }
}
