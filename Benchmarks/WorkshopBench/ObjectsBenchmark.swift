import Actions
import ClusterSim
import Foundation

/// Issue goals for objects you can apply: `kubectl apply -f` of 1,000 objects natively ≤ 100 ms
/// (beside reading the same YAML alone); a rolling update of a 1,000-replica Deployment across 450
/// nodes to completion ≤ 1 s wall (beside creating the same 1,000 pods); the 450-node upgrade with
/// the sample application held as stored objects ≤ 1 s (beside the same upgrade without).
enum ObjectsBenchmark {
    static func run() throws {
        print("objects: apply, rolling update, upgrade with the application in the store")
        // WORKSHOP_BENCH_OBJECTS=apply|rolling|upgrade runs one part (for a profiler).
        let only = ProcessInfo.processInfo.environment["WORKSHOP_BENCH_OBJECTS"]
        if only == nil || only == "apply" { try apply() }
        if only == nil || only == "rolling" { try rollingUpdate() }
        if only == nil || only == "upgrade" { try upgradeWithStoredApplication() }
    }

    static func apply() throws {
        let manifest = (0..<1000).map { index -> String in
            switch index % 4 {
            case 0: return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-\(index)\n  labels:\n    app: shop\ndata:\n  key: value-\(index)\n"
            case 1: return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds-\(index)\nstringData:\n  password: p\(index)\n"
            case 2: return "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-\(index)\nspec:\n  selector:\n    app: a\(index)\n  ports:\n  - port: 80\n    targetPort: 8080\n"
            default: return "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: robot-\(index)\n"
            }
        }.joined(separator: "---\n")
        var sessions: [Session] = []
        let runs = 9, warmup = 2
        for _ in 0..<(runs + warmup) { sessions.append(Session(simulator: Simulator(scenario: .default))) }
        var next = 0
        var failures = 0
        let applying = Measure.median(runs: runs, warmup: warmup) {
            let output = OutputStreams()
            let status = sessions[next].runProgram("kubectl", arguments: ["apply", "-f", "-"], environment: [:], output: output,
                                                   input: ProgramInput(directory: "/", recorded: ["-": manifest]))
            if status != 0 { failures += 1 }
            next += 1
        }
        let decoding = try Measure.median(runs: runs, warmup: warmup) { _ = try ManifestDecoder.documents(manifest) }
        print(String(format: "  kubectl apply -f of 1,000 objects  %7.1f ms  (goal ≤ 100 ms: %@)%@", applying * 1000,
                     applying <= 0.1 ? "met" : "NOT met", failures > 0 ? " — FAILED" : ""))
        print(String(format: "  reading the same YAML alone        %7.1f ms  (apply is %.1f× the reading)", decoding * 1000, applying / max(1e-9, decoding)))
    }

    static func rollingUpdate() throws {
        let scenario = Scenario.synthetic(nodes: 450, zones: 3, podsPerNode: 0, budget: nil, updateConfig: UpdateConfig(maxUnavailable: 10))
        let session = Session(simulator: Simulator(scenario: scenario, seed: 1))
        let simulator = session.simulator
        _ = session.runProgram("kubectl", arguments: ["create", "namespace", "shop"], environment: [:])
        let done = { () -> Bool in
            let status = simulator.workloadStatus("shop/web")
            return status.updated == 1000 && status.ready == 1000 && status.current == 1000
        }
        // Checked once per simulated second (as `rollout status` polls), not after every event.
        func settle(_ finished: () -> Bool, limit: SimTime) -> Bool {
            let deadline = simulator.now + limit
            while !finished() {
                guard simulator.now < deadline else { return false }
                simulator.run(until: simulator.now + .seconds(1))
            }
            return true
        }
        var start = Measure.now()
        _ = session.runProgram("kubectl", arguments: ["create", "deployment", "web", "-n", "shop", "--image=nginx:1.27", "--replicas=1000"], environment: [:])
        let created = settle(done, limit: .minutes(60))
        let creating = Double(Measure.now() - start) / 1e9
        start = Measure.now()
        _ = session.runProgram("kubectl", arguments: ["set", "image", "deployment/web", "-n", "shop", "nginx=nginx:1.28"], environment: [:])
        let rolled = settle({ done() && simulator.podList(namespace: "shop").allSatisfy { !$0.terminating } }, limit: .minutes(600))
        let rolling = Double(Measure.now() - start) / 1e9
        print(String(format: "  rolling update, 1,000 replicas on 450 nodes  %7.3f s wall  %@ simulated  (goal ≤ 1 s: %@)%@", rolling,
                     simulator.now.durationText as NSString, rolling <= 1 ? "met" : "NOT met", created && rolled ? "" : " — DID NOT FINISH"))
        print(String(format: "  creating the same 1,000 pods                  %7.3f s wall  (the rollout is %.1f× the creation)", creating, rolling / max(1e-9, creating)))
    }

    static func upgradeWithStoredApplication() throws {
        let scenario = Scenario.synthetic(nodes: 450, zones: 3, podsPerNode: 30, budget: .init(maxUnavailable: .count(1)),
                                          updateConfig: UpdateConfig(maxUnavailable: 10))
        var figures: [Double] = []
        // The application is stored from time zero either way; the second run has every object
        // written once by a client (each Deployment then has its recorded revision, as after `apply`).
        for adopted in [false, true] {
            let simulator = Simulator(scenario: scenario, seed: 1)
            if adopted {
                // Every Deployment and budget written once, unchanged.
                for workload in simulator.workloadList() where workload.kind == .deployment {
                    let key = ObjectStore.Key(kind: ResourceKinds.deployment, namespace: workload.namespace, name: workload.name)
                    if let object = simulator.object(key) { try simulator.updateObject(key, metadata: object.metadata, body: object.body) }
                }
                for budget in simulator.budgetList() {
                    let key = ObjectStore.Key(kind: ResourceKinds.podDisruptionBudget, namespace: budget.namespace, name: budget.name)
                    if let object = simulator.object(key) { try simulator.updateObject(key, metadata: object.metadata, body: object.body) }
                }
            }
            let start = Measure.now()
            let id = try simulator.updateNodegroupVersion(cluster: scenario.clusterName, nodegroup: scenario.nodegroups[0].name).id
            _ = simulator.run(until: { (try? simulator.describeUpdate(cluster: scenario.clusterName, updateId: id))?.status != .inProgress },
                              limit: .minutes(48 * 60))
            figures.append(Double(Measure.now() - start) / 1e9)
            let stored = simulator.storedObjects(ResourceKinds.deployment).count
            print(String(format: "  450-node upgrade, application %@  %7.3f s wall  (%d Deployments stored)",
                         (adopted ? "written once" : "as the scenario made it").padding(toLength: 23, withPad: " ", startingAt: 0), figures.last!, stored))
        }
        print(String(format: "    goal ≤ 1 s with the application as stored objects: %@ (written once: %.2f× untouched)", figures[1] <= 1 ? "met" : "NOT met",
                     figures[1] / max(1e-9, figures[0])))
    }
}
