import ArgumentParser
import ClusterSim
import Foundation
import ClusterObservation
import Timeline

/// `workshop simulate`: one managed node group update on a scenario, no lesson, as a timeline.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a managed node group update on the simulated cluster and print its timeline.",
        discussion: """
            Without --scenario or knobs, it upgrades the workshop's default node group (3 m5.large nodes in 3 zones, \
            the sample application with its PodDisruptionBudgets) to the latest AMI. Exit status: 0 when the update \
            succeeded, 1 when it failed, 2 for a usage error, 65 for an unreadable scenario file.
            """
    )

    @Option(help: ArgumentHelp("A scenario YAML file (see README: Scenarios).", valueName: "file"))
    var scenario: String?

    @Option(help: "Nodes in the node group (builds a synthetic scenario).")
    var nodes: Int?

    @Option(help: "Availability Zones, 1 to 6 (synthetic scenario).")
    var azs: Int?

    @Option(help: "Application pods per node (synthetic scenario).")
    var podsPerNode: Int?

    @Option(help: ArgumentHelp("A PodDisruptionBudget for every application: minAvailable=N|N% or maxUnavailable=N|N%.", valueName: "budget"))
    var pdb: String?

    @Option(help: "maxUnavailable of the node group's update config.")
    var maxUnavailable: Int?

    @Option(help: "maxUnavailablePercentage of the node group's update config.")
    var maxUnavailablePercentage: Int?

    @Option(help: "Update strategy: DEFAULT or MINIMAL.")
    var strategy: String?

    @Flag(help: "Force the update: delete pods a PodDisruptionBudget protects instead of failing.")
    var force = false

    @Option(help: ArgumentHelp("Inject a fault: pdb-blocks, no-capacity:<zone>, node-join-failure (repeatable).", valueName: "fault"))
    var fault: [String] = []

    @Option(help: "The cluster's Kubernetes version (1.23–1.34); the node group starts on an older AMI of it.")
    var kubernetesVersion: String?

    @Option(help: "Seed for every random choice; the same seed gives the same timeline.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Print events as text (default) or json (one object per line).", valueName: "format"))
    var events: EventFormat = .text

    @Option(help: ArgumentHelp("What to upgrade: nodegroup (default), cluster (the control plane to the next minor version), addons (each to the newest version made for the cluster) or all (the control plane, then the add-ons, then every node group).", valueName: "what"))
    var upgrade: UpgradeRun.Sequence = .nodegroup

    @Option(help: "Timeline detail: phases, nodes (default) or pods.")
    var detail: DetailOption = .nodes

    @Option(help: ArgumentHelp("Also draw the upgrade as an SVG timeline in this file (one row per node, the phases, the group's size, refused evictions, the result).", valueName: "file"))
    var svg: String?

    enum EventFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    enum DetailOption: String, ExpressibleByArgument, CaseIterable {
        case phases, nodes, pods
        var level: SimEvent.Detail { self == .phases ? .phases : self == .nodes ? .nodes : .pods }
    }

    func validate() throws {
        if let n = nodes, !(1...450).contains(n) { throw ValidationError("--nodes must be 1 to 450 (the EKS quota per node group)") }
        if let z = azs, !(1...6).contains(z) { throw ValidationError("--azs must be 1 to 6") }
        if let p = podsPerNode, !(0...200).contains(p) { throw ValidationError("--pods-per-node must be 0 to 200") }
        if maxUnavailable != nil && maxUnavailablePercentage != nil {
            throw ValidationError("give either --max-unavailable or --max-unavailable-percentage, not both")
        }
        if let m = maxUnavailable, !(1...100).contains(m) { throw ValidationError("--max-unavailable must be 1 to 100") }
        if let p = maxUnavailablePercentage, !(1...100).contains(p) { throw ValidationError("--max-unavailable-percentage must be 1 to 100") }
        if let s = strategy, UpdateConfig.Strategy(rawValue: s.uppercased()) == nil { throw ValidationError("--strategy must be DEFAULT or MINIMAL") }
        if let v = kubernetesVersion, !AMICatalog.kubernetesVersions.contains(v) {
            throw ValidationError("--kubernetes-version must be one of \(AMICatalog.kubernetesVersions.joined(separator: ", "))")
        }
        if let pdb, Self.budget(pdb) == nil { throw ValidationError("--pdb must look like minAvailable=1, minAvailable=50% or maxUnavailable=1") }
        for f in fault where Scenario.Fault(f) == nil { throw ValidationError("--fault \(f) is unknown; use \(Scenario.Fault.forms)") }
        if scenario != nil && (nodes != nil || azs != nil || podsPerNode != nil) {
            throw ValidationError("--scenario and --nodes/--azs/--pods-per-node cannot be combined; edit the scenario file instead")
        }
    }

    static func budget(_ text: String) -> Scenario.BudgetSpec? {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let amount = IntOrPercent(parts[1]) else { return nil }
        switch parts[0] {
        case "minAvailable": return Scenario.BudgetSpec(minAvailable: amount)
        case "maxUnavailable": return Scenario.BudgetSpec(maxUnavailable: amount)
        default: return nil
        }
    }

    func run() throws {
        var world: Scenario
        if let path = scenario {
            do {
                world = try ScenarioLoader.load(path: path)
            } catch {
                Console.error("\(error)")
                throw ExitStatus.unreadable
            }
        } else if nodes != nil || azs != nil || podsPerNode != nil {
            world = Scenario.synthetic(nodes: nodes ?? 3, zones: azs ?? 3, podsPerNode: podsPerNode ?? 5,
                                       budget: pdb.flatMap(Self.budget), updateConfig: UpdateConfig(),
                                       kubernetesVersion: kubernetesVersion ?? "1.33")
        } else {
            world = Scenario.default
            if let pdb, let budget = Self.budget(pdb) {
                for i in world.workloads.indices where world.workloads[i].kind != .daemonSet { world.workloads[i].budget = budget }
            }
        }
        if let v = kubernetesVersion {
            world.kubernetesVersion = v
            for i in world.nodegroups.indices {
                world.nodegroups[i].kubernetesVersion = nil
                world.nodegroups[i].releaseVersion = nil
                if !world.nodegroups[i].amiType.minors.contains(Int(v.split(separator: ".").last!)!) { world.nodegroups[i].amiType = .al2023x86 }
            }
        }
        if maxUnavailable != nil || maxUnavailablePercentage != nil || strategy != nil {
            for i in world.nodegroups.indices {
                if let m = maxUnavailable { world.nodegroups[i].updateConfig = UpdateConfig(maxUnavailable: m, updateStrategy: world.nodegroups[i].updateConfig.updateStrategy) }
                if let p = maxUnavailablePercentage { world.nodegroups[i].updateConfig = UpdateConfig(maxUnavailable: nil, maxUnavailablePercentage: p, updateStrategy: world.nodegroups[i].updateConfig.updateStrategy) }
                if let s = strategy { world.nodegroups[i].updateConfig.updateStrategy = UpdateConfig.Strategy(rawValue: s.uppercased()) }
            }
        }
        world.faults += fault.compactMap(Scenario.Fault.init)
        if let problem = world.validate().first {
            throw ValidationError(problem)
        }
        let format = events
        let level = detail.level
        let calendar = SimCalendar(startEpoch: world.startEpoch)
        let out = FileHandle.standardOutput
        let result: (Simulator, [EKSUpdate])
        // The picture is drawn from what an observer sees every 10 simulated seconds, as in a session;
        // a big group's update runs for hours, so there it looks about once per pixel of the picture.
        let nodeCount = world.nodegroups.reduce(0) { $0 + $1.desiredSize }
        let lookEvery = 10.0 * Double(max(1, nodeCount / 75))
        var watch: SimulatorWatch?
        let prepare: ((Simulator) -> Void)? = svg == nil ? nil : { simulator in
            let looking = SimulatorWatch(simulator: simulator, every: lookEvery)
            looking.look()
            watch = looking
        }
        do {
            result = try UpgradeRun.run(upgrade, scenario: world, seed: seed, force: force, prepare: prepare) { event, _ in
                switch format {
                case .json:
                    out.write(Data((event.jsonLine(calendar: calendar) + "\n").utf8))
                case .text:
                    guard event.detail <= level else { return }
                    out.write(Data("[\(event.time.clockText)] \(event.summary)\n".utf8))
                }
            }
        } catch {
            let operation = upgrade == .nodegroup ? "UpdateNodegroupVersion" : "UpdateClusterVersion or UpdateNodegroupVersion"
            Console.error("An error occurred (\(error.code)) when calling the \(operation) operation: \(error.message)")
            throw ExitStatus.failure
        }
        let (simulator, updates) = result
        if let svg, let watcher = watch?.watcher {
            // One more look some minutes on, so the picture shows the group settled after its last change.
            simulator.advance(by: .seconds(60))
            watcher.poll()
            let subject = upgrade == .nodegroup ? "node group update" : upgrade == .all ? "cluster upgrade" : "\(upgrade.rawValue) upgrade"
            let picture = SVGTimelineRenderer(title: "\(world.clusterName): \(subject), seed \(seed)").render(Timeline(frames: watcher.frames))
            do {
                try picture.write(toFile: svg, atomically: true, encoding: .utf8)
            } catch {
                Console.error("workshop: cannot write the timeline to \(svg): \(error.localizedDescription)")
                throw ExitStatus.usage
            }
            Console.error("Timeline written to \(svg) (open it in a browser)")
        }
        for update in updates {
            // When this update ended: its last status change (the run may have gone on after it).
            let ended = simulator.events.last { event in
                if case .updateStatusChanged(update.id, _, _) = event.kind { return true }
                return false
            }?.time ?? simulator.now
            let subject = update.nodegroupName.map { "node group \($0)" } ?? update.addonName.map { "add-on \($0)" } ?? "control plane"
            let detailText = update.errors.first.map { ": \($0.errorCode): \($0.errorMessage)" } ?? ""
            if format == .text {
                Console.out("update \(update.id) (\(subject)): \(update.status.rawValue) after \(ended.durationText) of simulated time\(detailText)\n")
            }
        }
        if updates.contains(where: { $0.status != .successful }) { throw ExitStatus.failure }
    }
}
extension UpgradeRun.Sequence: ExpressibleByArgument {}
