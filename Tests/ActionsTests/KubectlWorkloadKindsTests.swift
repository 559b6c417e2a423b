import ClusterSim
import Testing
@testable import Actions

/// DaemonSets and StatefulSets applied from manifests: one pod per matching node, ordered pods
/// that scale down from the top, both gone with their object.
@Suite struct KubectlWorkloadKindsTests {
    static let manifest = """
    apiVersion: apps/v1
    kind: DaemonSet
    metadata: {name: agent, namespace: shop}
    spec:
      selector: {matchLabels: {app: agent}}
      template:
        metadata: {labels: {app: agent}}
        spec:
          nodeSelector: {disktype: ssd}
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


    func live(_ session: Session) -> [String] {
        session.simulator.podList(namespace: "shop").filter { !$0.terminating }.map(\.name).sorted()
    }

    @Test func daemonSetsFollowTheirNodesAndStatefulSetsKeepTheirOrder() {
        let session = Session(simulator: Simulator(scenario: .default))
        let nodes = session.simulator.nodeList().map(\.name)
        _ = session.kubectl(["label", "node", nodes[0], "disktype=ssd"])
        _ = session.kubectl(["create", "namespace", "shop"])
        #expect(session.kubectl(["apply", "-f", "-"], stdin: Self.manifest).stdout == "daemonset.apps/agent created\nstatefulset.apps/db created\n")
        #expect(live(session).filter { $0.hasPrefix("agent-") }.count == 1)
        let status = session.kubectl(["rollout", "status", "ds/agent", "-n", "shop"]).stdout
        #expect(status.hasPrefix("Waiting for daemon set \"agent\" rollout to finish: 0 of 1 updated pods are available...\n"))
        #expect(status.hasSuffix("daemon set \"agent\" successfully rolled out\n"))
        #expect(session.kubectl(["rollout", "status", "daemonset/aws-node", "-n", "kube-system"]).stdout == "daemon set \"aws-node\" successfully rolled out\n")
        #expect(live(session).filter { $0.hasPrefix("db-") } == ["db-0", "db-1", "db-2"])
        // A second labelled node gets the DaemonSet's pod too.
        _ = session.kubectl(["label", "node", nodes[1], "disktype=ssd"])
        session.simulator.advance(by: .seconds(1))
        #expect(session.simulator.podList(namespace: "shop").filter { $0.name.hasPrefix("agent-") }.compactMap(\.nodeName).sorted() == Array(nodes[0...1]).sorted())
        #expect(session.kubectl(["get", "ds", "agent", "-n", "shop", "--no-headers"]).stdout.contains("disktype=ssd"))
        #expect(session.kubectl(["scale", "sts", "db", "-n", "shop", "--replicas=1"]).stdout == "statefulset.apps/db scaled\n")
        #expect(live(session).filter { $0.hasPrefix("db-") } == ["db-0"])
        #expect(session.kubectl(["delete", "-f", "-"], stdin: Self.manifest).stdout == "daemonset.apps \"agent\" deleted\nstatefulset.apps \"db\" deleted\n")
        #expect(live(session).isEmpty)
    }
}
