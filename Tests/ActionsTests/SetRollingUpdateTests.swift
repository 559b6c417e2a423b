import ClusterSim
import Testing
@testable import Actions

/// DaemonSets and StatefulSets follow a changed template: a DaemonSet one node at a time, a
/// StatefulSet from its highest ordinal down, each waiting for the replacement to be ready;
/// `rollout status` says what it waits for as kubectl does.
@Suite struct SetRollingUpdateTests {
    static let manifest = """
    apiVersion: apps/v1
    kind: DaemonSet
    metadata: {name: agent, namespace: shop}
    spec:
      selector: {matchLabels: {app: agent}}
      template:
        metadata: {labels: {app: agent}}
        spec:
          containers: [{name: agent, image: busybox:1.36}]
    ---
    apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: db, namespace: shop}
    spec:
      replicas: 3
      serviceName: db
      selector: {matchLabels: {app: db}}
      template:
        metadata: {labels: {app: db}}
        spec:
          containers: [{name: db, image: postgres:16}]
    """

    func session() -> Session {
        let session = Session(simulator: Simulator(scenario: .default))
        _ = session.run("kubectl create namespace shop")
        let output = OutputStreams()
        _ = session.runProgram("kubectl", arguments: ["apply", "-f", "-"], environment: [:], output: output,
                               input: ProgramInput(directory: "/nonexistent", recorded: ["-": Self.manifest]))
        _ = session.run("kubectl rollout status ds/agent -n shop")
        _ = session.run("kubectl rollout status sts/db -n shop")
        return session
    }

    func pods(_ session: Session, _ workload: String) -> [Pod] {
        session.simulator.podList(namespace: "shop").filter { $0.workload == "shop/\(workload)" }
    }

    @Test func aDaemonSetRollsOneNodeAtATime() {
        let session = session()
        let before = Set(pods(session, "agent").map(\.id))
        #expect(session.run("kubectl set image ds/agent -n shop agent=busybox:1.37").stdout == "daemonset.apps/agent image updated\n")
        // Never more than one node without a ready agent while it rolls.
        var worst = 0
        for _ in 0..<180 {
            session.simulator.advance(by: .seconds(1))
            let ready = pods(session, "agent").filter { $0.ready && !$0.terminating }.count
            worst = max(worst, 3 - ready)
        }
        #expect(worst == 1)
        let after = pods(session, "agent")
        #expect(after.count == 3 && after.allSatisfy { !before.contains($0.id) && $0.ready })
        #expect(session.run("kubectl rollout status ds/agent -n shop").stdout == "daemon set \"agent\" successfully rolled out\n")
    }

    @Test func aStatefulSetRollsFromItsTopOrdinalDown() {
        let session = session()
        var order: [String] = []
        let seen = Set(pods(session, "db").map(\.id))
        _ = session.run("kubectl set image sts/db -n shop db=postgres:17")
        let status = session.run("kubectl rollout status sts/db -n shop").stdout
        #expect(status.hasSuffix("partitioned roll out complete: 3 new pods have been updated...\n"))
        #expect(status.contains("Waiting for 1 pods to be ready...\n"))
        for event in session.simulator.events {
            if case .podDeleted(let pod, _, _) = event.kind, pod.hasPrefix("shop/db-") { order.append(pod) }
        }
        #expect(order == ["shop/db-2", "shop/db-1", "shop/db-0"])
        #expect(pods(session, "db").allSatisfy { !seen.contains($0.id) })
        // A partition keeps the ordinals below it on the old template.
        _ = session.run(#"kubectl patch sts db -n shop -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":2}}}}'"#)
        _ = session.run("kubectl set image sts/db -n shop db=postgres:18")
        #expect(session.run("kubectl rollout status sts/db -n shop").stdout.hasSuffix("partitioned roll out complete: 1 new pods have been updated...\n"))
    }

    @Test func writingAScenarioDaemonSetWithoutTouchingItsTemplateRollsNothing() {
        let session = Session(simulator: Simulator(scenario: .default))
        let before = Set(session.simulator.podList(namespace: "kube-system").filter { $0.workload == "kube-system/aws-node" }.map(\.id))
        #expect(session.run("kubectl label ds aws-node -n kube-system team=net").status == 0)
        session.simulator.advance(by: .seconds(120))
        let after = Set(session.simulator.podList(namespace: "kube-system").filter { $0.workload == "kube-system/aws-node" }.map(\.id))
        #expect(before == after)
    }
}
