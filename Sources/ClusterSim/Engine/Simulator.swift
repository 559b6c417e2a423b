/// A deterministic simulation of an EKS control plane: clusters, managed node groups with their
/// Auto Scaling groups and launch templates, EC2 instances, Kubernetes nodes, pods and
/// PodDisruptionBudgets, driven by a virtual clock.
///
/// Time moves only when the caller advances it (`advance(by:)`, `run(until:)`), so a run is as
/// fast as the CPU allows, or paced against a wall clock by ``PacedClock``. All randomness comes
/// from one seeded generator: the same scenario and seed produce the same events.
public final class Simulator {
    public let scenario: Scenario
    public let seed: UInt64
    public let calendar: SimCalendar
    public let catalog: AMICatalog
    public let environment: Environment
    public var timings: Timings { scenario.timings }

    public internal(set) var now: SimTime = .zero
    public internal(set) var cluster: Cluster
    /// Every event so far, in order.
    public internal(set) var events: [SimEvent] = []

    var nodegroups: [String: Nodegroup] = [:]
    var nodegroupOrder: [String] = []
    var launchTemplates: [String: LaunchTemplate] = [:]
    var autoScalingGroups: [String: AutoScalingGroup] = [:]
    var instances: [String: Instance] = [:]
    var instanceOrder: [String] = []
    var nodes: [String: Node] = [:]
    var pods = PodTable()
    var podsByNode: [String: [Int]] = [:]
    /// The live pod (not terminating, or the newest) with a `namespace/name`.
    var podIdByKey: [String: Int] = [:]
    var podsByWorkload: [String: [Int]] = [:]
    var pendingPods: [Int] = []
    /// Set when something may let a pending pod run; the scheduler runs once per step.
    var schedulingRequested = false
    /// Node names in order, kept as nodes join and leave (the scheduler walks it constantly).
    var sortedNodeNames: [String] = []
    /// Places pending pods; keeps its own view of schedulable nodes.
    var scheduler = Scheduler()
    var reportedPending: Set<Int> = []
    var nodeUsage: [String: Usage] = [:]
    var workloads: [String: Workload] = [:]
    var workloadOrder: [String] = []
    /// Each Deployment's, DaemonSet's and StatefulSet's template revisions, oldest first (its
    /// ReplicaSets or ControllerRevisions; recorded on its first write, until then only its first).
    var templateRevisions: [String: [DeploymentRevision]] = [:]
    /// How many pods each stored Deployment's ReplicaSets should run, by template hash (what
    /// `ScalingReplicaSet` events report changes of).
    var replicaSetSizes: [String: [String: Int]] = [:]
    /// Deployments with pods of an earlier template still running: a pod becoming ready moves them on.
    var rollingOut: Set<String> = []
    /// Workloads whose pods are being reconciled (deleting a pod asks again; one pass is enough).
    var reconciling: Set<String> = []
    var daemonSetKeys: [String] = []
    /// Each Job's progress.
    var jobs: [String: JobProgress] = [:]
    /// PodDisruptionBudgets and the eviction API's rule over them.
    var disruptionBudgets = DisruptionBudgets()
    var updates: [String: EKSUpdate] = [:]
    var updateOrder: [String] = []
    var workflows: [String: UpgradeWorkflow] = [:]
    /// The control plane's version update, while one runs.
    var controlPlaneWorkflow: ControlPlaneWorkflow?
    var addons: [String: Addon] = [:]
    var addonWorkflows: [String: AddonWorkflow] = [:]
    /// Claims (`namespace/name`) a provisioner is making a volume for, and the waits already announced.
    var claimVolumes = ClaimVolumes()
    /// Each CronJob's next run and its last scheduled and successful ones, by `namespace/name`.
    var cronJobRuns: [String: CronJobRuns] = [:]
    /// Workloads whose last pod admission refused (a quota), and namespaces with a retry on its way.
    var refusedWorkloads: Set<String> = []
    var retryScheduled: Set<String> = []
    /// Each HorizontalPodAutoscaler's next sync, by `namespace/name`.
    var autoscalerSyncs: [String: SimTime] = [:]
    var retirements: [Retirement] = []
    /// Every API object: those the scenario made (stored at time zero) and those written since;
    /// their controllers keep the workloads and budgets above in line.
    var store = ObjectStore()
    /// The store's version up to which controllers have acted.
    var reconciledVersion = 0
    var queue = EventQueue<Action>()
    /// Happenings set for a time rather than caused by one in progress (a CronJob's next run): they
    /// run as the clock passes them, but the clock never jumps to one (``nextEventTime`` ignores
    /// them), so a server at `--speed max` idles instead of racing through years of schedules.
    var timers = EventQueue<Action>()
    var rng: SeededGenerator
    var tickScheduled = false
    var asgRetryScheduled: Set<String> = []
    var usedAddresses: Set<String> = []
    var nextPodId = 1
    var nextInstanceSequence = 0
    private var observers: [(SimEvent) -> Void] = []
    private var tickers: [Ticker] = []
    /// Counts every change to the cluster's state, whether or not it has an event (an uncordon has
    /// none): what a watch over the wire compares to know the objects may have changed.
    public internal(set) var writes = 0

    struct Usage {
        var cpuMillis = 0
        var memoryMi = 0
        var pods = 0
    }

    /// What the event queue holds: things that happen at a set time.
    enum Action {
        case instanceBooted(String)
        case nodeBecomesReady(String)
        case podStarted(Int)
        case podTerminated(Int)
        /// A Job's pod's container exits.
        case podFinished(Int)
        /// A Job's back-off is over: it may make its next pod.
        case jobBackoff(String)
        case nodeStopsReporting(String)
        case instanceGone(String)
        case controllerTick
        case retryLaunches(String)
        /// A provisioner's new volume for a claim (`namespace/name`) is ready.
        case provisionVolume(String)
        /// A provisioned volume whose claim was deleted goes too.
        case reclaimVolume(String)
        /// A CREATING add-on looks whether its pods are Ready.
        case addonHealthCheck(String)
        /// A DELETING add-on is gone.
        case addonRemoved(String)
        /// A CronJob (`namespace/name`) is due to run at this instant.
        case cronJobDue(String)
        /// A CronJob's finished Jobs beyond its history limits are deleted.
        case cronJobHistory(String)
        /// Controllers whose pods admission refused in a namespace try again.
        case retryAdmission(String)
        /// A HorizontalPodAutoscaler (`namespace/name`) syncs.
        case autoscalerSync(String)
    }

    /// Builds the scenario's world as it is at time zero (nodes and pods already running).
    public init(scenario: Scenario, seed: UInt64 = 1) {
        self.scenario = scenario
        self.seed = seed
        self.rng = SeededGenerator(seed: seed)
        self.calendar = SimCalendar(startEpoch: scenario.startEpoch)
        self.catalog = AMICatalog(region: scenario.region)
        var subnets: [Subnet] = []
        // The EKS Workshop VPC: 10.42.0.0/16 with a /19 private subnet per zone.
        let blocks = [96, 128, 160, 192, 224, 64]
        for (i, zone) in scenario.availabilityZones.enumerated() {
            subnets.append(Subnet(id: "subnet-0" + StableHash.hex("subnet|\(scenario.clusterName)|\(zone)", count: 16),
                                  availabilityZone: zone, cidr: "10.42.\(blocks[i % blocks.count]).0/19", octet: blocks[i % blocks.count]))
        }
        self.environment = Environment(region: scenario.region, accountId: scenario.accountId,
                                       availabilityZones: scenario.availabilityZones, subnets: subnets)
        let created = scenario.startEpoch - scenario.clusterAgeHours * 3600 - 1800
        let clusterId = StableHash.hex("cluster|\(scenario.clusterName)", count: 32).uppercased()
        self.cluster = Cluster(
            name: scenario.clusterName,
            arn: "arn:aws:eks:\(scenario.region):\(scenario.accountId):cluster/\(scenario.clusterName)",
            version: scenario.kubernetesVersion, serverVersion: scenario.kubernetesVersion, platformVersion: "eks.\(Self.platformVersion(scenario.kubernetesVersion))",
            status: "ACTIVE",
            endpoint: "https://\(clusterId).gr7.\(scenario.region).eks.amazonaws.com",
            roleArn: "arn:aws:iam::\(scenario.accountId):role/\(scenario.clusterName)-cluster-role",
            createdEpoch: created, vpcId: "vpc-0" + StableHash.hex("vpc|\(scenario.clusterName)", count: 16),
            subnetIds: subnets.map(\.id),
            securityGroupIds: ["sg-0" + StableHash.hex("sg|\(scenario.clusterName)", count: 16)],
            clusterSecurityGroupId: "sg-0" + StableHash.hex("clustersg|\(scenario.clusterName)", count: 16),
            serviceIpv4Cidr: "172.20.0.0/16",
            oidcIssuer: "https://oidc.eks.\(scenario.region).amazonaws.com/id/\(clusterId)",
            certificateAuthority: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t" + StableHash.hex("ca|\(scenario.clusterName)", count: 40),
            tags: ["created-by": "eks-workshop-v2", "env": scenario.clusterName])
        bootstrap()
    }

    /// EKS platform versions move independently of Kubernetes; a fixed table keeps output stable.
    static func platformVersion(_ version: String) -> Int {
        let minor = Int(version.split(separator: ".").last ?? "") ?? 30
        return max(1, 45 - minor)
    }

    // MARK: - Observation

    /// Calls `observer` for every event from now on (narration, recording, invariant checks).
    public func observe(_ observer: @escaping (SimEvent) -> Void) {
        observers.append(observer)
    }

    /// Runs an update request; a refusal is recorded as a `requestRefused` event (and changes
    /// nothing else) so that narration can explain the rule the request broke.
    func refusable<T>(_ operation: String, _ body: () throws(ServiceError) -> T) throws(ServiceError) -> T {
        do {
            return try body()
        } catch {
            emit(.requestRefused(operation: operation, code: error.code, message: error.message))
            throw error
        }
    }

    func emit(_ kind: SimEvent.Kind) {
        let event = SimEvent(time: now, kind: kind)
        events.append(event)
        writes += 1
        for observer in observers { observer(event) }
    }

    // MARK: - Running the clock

    /// A look at the cluster every `interval` of simulated time, as a poller would take one: the
    /// clock stops at each multiple of `interval` once everything due before it has run.
    struct Ticker {
        let interval: SimTime
        var next: SimTime
        let body: () -> Void
    }

    /// Calls `body` at every multiple of `interval` the clock passes from now on, with the clock
    /// set to that instant and every happening up to it done — how an observer polls the simulated
    /// cluster at a fixed rate, whatever pace the clock is driven at. `body` must only read.
    public func addTicker(every interval: SimTime, _ body: @escaping () -> Void) {
        precondition(interval.milliseconds > 0, "a ticker needs a positive interval")
        let next = SimTime(milliseconds: (now.milliseconds / interval.milliseconds + 1) * interval.milliseconds)
        tickers.append(Ticker(interval: interval, next: next, body: body))
    }

    /// Fires the tickers due before `time` (or at it, when `inclusive`), in time order.
    private func fireTickers(upTo time: SimTime, inclusive: Bool) {
        guard !tickers.isEmpty else { return }
        while true {
            guard let index = tickers.indices.min(by: { tickers[$0].next < tickers[$1].next }) else { return }
            let due = tickers[index].next
            guard inclusive ? due <= time : due < time else { return }
            if due > now { now = due }
            tickers[index].next = due + tickers[index].interval
            tickers[index].body()
        }
    }

    /// Runs everything due up to `now + duration`, then sets the clock there.
    public func advance(by duration: SimTime) {
        run(until: now + duration)
    }

    /// Runs everything due up to `time`, then sets the clock there.
    public func run(until time: SimTime) {
        while let next = nextDue, next <= time {
            fireTickers(upTo: next, inclusive: false)
            step()
        }
        fireTickers(upTo: time, inclusive: true)
        if time > now { now = time }
    }

    /// Runs events until `condition` holds or `limit` of simulated time has passed; returns whether it held.
    @discardableResult
    public func run(until condition: () -> Bool, limit: SimTime) -> Bool {
        let deadline = now + limit
        while !condition() {
            guard let next = nextDue, next <= deadline else {
                fireTickers(upTo: deadline, inclusive: true)
                if deadline > now { now = deadline }
                return condition()
            }
            fireTickers(upTo: next, inclusive: false)
            step()
        }
        return true
    }

    /// The earliest happening of either queue.
    private var nextDue: SimTime? {
        switch (queue.nextTime, timers.nextTime) {
        case let (a?, b?): return min(a, b)
        case let (a, b): return a ?? b
        }
    }

    /// Whether anything is still scheduled (an update in progress, nodes booting, pods starting).
    public var isIdle: Bool { queue.isEmpty }

    /// The time of the next scheduled happening, if any.
    public var nextEventTime: SimTime? { queue.nextTime }

    private func step() {
        // Ties go to the main queue: what is in progress happens before a timer set for the same instant.
        let fromTimers = timers.nextTime.map { timer in queue.nextTime.map { timer < $0 } ?? true } ?? false
        guard let (time, action) = fromTimers ? timers.popNext() : queue.popNext() else { return }
        if time > now { now = time }
        perform(action)
        flushScheduling()
    }

    /// Runs the scheduler if anything asked for it since it last ran.
    func flushScheduling() {
        if schedulingRequested {
            schedulingRequested = false
            schedulePendingPods()
        }
    }

    func schedule(_ action: Action, after delay: SimTime) {
        queue.schedule(action, at: now + delay)
    }

    private func perform(_ action: Action) {
        switch action {
        case .instanceBooted(let id): instanceBooted(id)
        case .nodeBecomesReady(let name): nodeBecomesReady(name)
        case .podStarted(let id): podStarted(id)
        case .podTerminated(let id): podTerminated(id)
        case .podFinished(let id): podFinished(id)
        case .jobBackoff(let key): reconcile(workload: key)
        case .nodeStopsReporting(let name): nodeStopsReporting(name)
        case .instanceGone(let id): instanceGone(id)
        case .controllerTick:
            tickScheduled = false
            controllerTick()
        case .retryLaunches(let group):
            asgRetryScheduled.remove(group)
            reconcile(autoScalingGroup: group)
        case .provisionVolume(let claim): provisionVolume(forClaim: claim)
        case .reclaimVolume(let volume): reclaimVolume(volume)
        case .addonHealthCheck(let addon): checkAddonHealth(addon)
        case .addonRemoved(let addon): removeAddon(addon)
        case .cronJobDue(let key): cronJobDue(key)
        case .cronJobHistory(let key): trimCronJobHistory(key)
        case .retryAdmission(let namespace): retryAdmission(namespace)
        case .autoscalerSync(let name): syncAutoscaler(name)
        }
    }

    /// Keeps the controller loop running while an update, a drain or a retirement is in progress.
    func ensureTick() {
        guard !tickScheduled, !workflows.isEmpty || !retirements.isEmpty || controlPlaneWorkflow != nil
                || !addonWorkflows.isEmpty else { return }
        tickScheduled = true
        schedule(.controllerTick, after: .seconds(timings.workflowTick))
    }

    private func controllerTick() {
        advanceControlPlaneWorkflow()
        advanceAddonWorkflows()
        processRetirements()
        for name in nodegroupOrder where workflows[name] != nil {
            advanceWorkflow(nodegroup: name)
        }
        ensureTick()
    }

    // MARK: - Bootstrap

    private func bootstrap() {
        let startOffset = SimTime.seconds(-scenario.clusterAgeHours * 3600)
        for spec in scenario.nodegroups {
            createNodegroup(spec, at: startOffset)
        }
        installDefaultAddons(created: startOffset + .seconds(300))
        for spec in scenario.workloads {
            addWorkload(spec, created: startOffset + .seconds(600))
        }
        if scenario.faults.contains(.pdbBlocks), let target = workloadOrder.first(where: { workloads[$0]!.kind != .daemonSet && workloads[$0]!.namespace != "kube-system" }) {
            let workload = workloads[target]!
            disruptionBudgets.upsert(PodDisruptionBudget(namespace: workload.namespace, name: workload.name + "-blocking",
                                                         selector: workload.labels, minAvailable: .percent(100), maxUnavailable: nil,
                                                         created: startOffset + .seconds(600)))
        }
        storeScenarioObjects()
        // The world at time zero: everything placed and running, no events recorded for it.
        let initial = now
        now = startOffset + .seconds(600)
        flushScheduling()
        for id in pods.ids where pods[id]!.nodeName != nil {
            pods[id]!.phase = .running
            pods[id]!.ready = true
            pods[id]!.started = pods[id]!.created + .seconds(30)
        }
        queue = EventQueue()
        events.removeAll()
        now = initial
    }

    /// Stores the namespaces, workloads and budgets the scenario made, as the objects they are,
    /// without their controllers acting (their pods are already there).
    private func storeScenarioObjects() {
        let birth = workloads.values.map(\.created).min() ?? .zero
        var namespaces: [String: SimTime] = [:]
        for name in Self.systemNamespaces { namespaces[name] = birth }
        for key in workloadOrder {
            let workload = workloads[key]!
            namespaces[workload.namespace] = min(namespaces[workload.namespace] ?? workload.created, workload.created)
        }
        var entries = namespaces.keys.sorted().map { ScenarioObjects.namespace($0, created: namespaces[$0]!) }
        entries += ScenarioObjects.clusterOwn(created: birth)
        entries += workloadOrder.map { ScenarioObjects.workload(workloads[$0]!) }
        entries += budgetList().map(ScenarioObjects.budget)
        for entry in entries {
            do {
                try store.create(kind: entry.kind, namespace: entry.metadata["namespace"]?.stringValue, metadata: entry.metadata,
                                 body: entry.body, now: entry.created, uid: StableHash.uuid(entry.uidSeed))
            } catch {
                // `Scenario.validate()` refuses what the store would: reaching this is a bug here.
                preconditionFailure("scenario object \(entry.metadata) is not valid: \(error)")
            }
        }
        reconciledVersion = store.resourceVersion
    }

    private func createNodegroup(_ spec: Scenario.NodegroupSpec, at created: SimTime) {
        let version = spec.kubernetesVersion ?? scenario.kubernetesVersion
        let releases = catalog.releases(family: spec.amiType, kubernetesVersion: version)
        let release = spec.releaseVersion.flatMap { r in releases.first { $0.releaseVersion == r } }
            ?? releases[max(0, releases.count - 3)]
        let uuid = Self.awsUUID(StableHash.hex("nodegroup|\(scenario.clusterName)|\(spec.name)", count: 32))
        let asgName = "eks-\(spec.name)-\(uuid)"
        let ltId = "lt-0" + StableHash.hex("lt|\(scenario.clusterName)|\(spec.name)", count: 16)
        let ltName = "eks-\(uuid)"
        let createdEpoch = calendar.epoch(created)
        let zones = scenario.availabilityZones
        launchTemplates[ltId] = LaunchTemplate(id: ltId, name: ltName, versions: [
            LaunchTemplate.Version(number: 1, imageId: release.imageId, instanceType: spec.instanceType, createdEpoch: createdEpoch),
        ])
        autoScalingGroups[asgName] = AutoScalingGroup(
            name: asgName,
            arn: "arn:aws:autoscaling:\(scenario.region):\(scenario.accountId):autoScalingGroup:\(StableHash.hex("asg|\(asgName)", count: 8))-\(StableHash.hex("asg2|\(asgName)", count: 4))-\(StableHash.hex("asg3|\(asgName)", count: 4))-\(StableHash.hex("asg4|\(asgName)", count: 4))-\(StableHash.hex("asg5|\(asgName)", count: 12)):autoScalingGroupName/\(asgName)",
            minSize: spec.minSize, maxSize: spec.maxSize, desiredCapacity: spec.desiredSize,
            launchTemplateId: ltId, launchTemplateName: ltName, launchTemplateVersion: 1,
            availabilityZones: zones, subnetIds: environment.subnets.map(\.id), instanceIds: [], createdEpoch: createdEpoch,
            tags: ["eks:cluster-name": scenario.clusterName, "eks:nodegroup-name": spec.name,
                   "k8s.io/cluster-autoscaler/enabled": "true", "k8s.io/cluster-autoscaler/\(scenario.clusterName)": "owned",
                   "kubernetes.io/cluster/\(scenario.clusterName)": "owned"])
        nodegroups[spec.name] = Nodegroup(
            name: spec.name,
            arn: "arn:aws:eks:\(scenario.region):\(scenario.accountId):nodegroup/\(scenario.clusterName)/\(spec.name)/\(uuid)",
            clusterName: scenario.clusterName, version: version, releaseVersion: release.releaseVersion,
            createdEpoch: createdEpoch, modifiedEpoch: createdEpoch, status: .active, capacityType: spec.capacityType,
            scalingConfig: .init(minSize: spec.minSize, maxSize: spec.maxSize, desiredSize: spec.desiredSize),
            instanceTypes: [spec.instanceType], subnets: environment.subnets.map(\.id), amiType: spec.amiType,
            nodeRole: "arn:aws:iam::\(scenario.accountId):role/\(scenario.clusterName)-\(spec.name)-node-role",
            labels: spec.labels, taints: spec.taints, diskSize: 20, updateConfig: spec.updateConfig, healthIssues: [],
            autoScalingGroupName: asgName, launchTemplateId: ltId, launchTemplateName: ltName,
            tags: ["created-by": "eks-workshop-v2", "env": scenario.clusterName])
        nodegroupOrder.append(spec.name)
        // Instances that are already running, spread over the zones in order.
        let saved = now
        now = created
        for i in 0..<spec.desiredSize {
            let zone = zones[i % zones.count]
            let id = launchInstance(group: asgName, zone: zone, joins: true, announce: false)
            registerNode(instanceId: id, ready: true, announce: false)
        }
        now = saved
    }

    /// EKS-style UUID text (8-4-4-4-12) from 32 hex digits.
    static func awsUUID(_ hex: String) -> String { StableHash.uuid(hex: hex) }

    /// A fresh, unused private address in a zone's /19 subnet.
    func allocateAddress(zone: String) -> String {
        let base = environment.subnets.first { $0.availabilityZone == zone }?.octet ?? 96
        func address(_ offset: Int) -> String { "10.42.\(base + offset / 256).\(offset % 256)" }
        for _ in 0..<64 {
            let candidate = address(4 + Int(rng.next() % 8180))
            if usedAddresses.insert(candidate).inserted { return candidate }
        }
        for offset in 4..<8190 where usedAddresses.insert(address(offset)).inserted { return address(offset) }
        return address(4 + Int(rng.next() % 8180))
    }
}
