import ClusterSim
import Testing
@testable import Actions

/// Pod affinity, anti-affinity and topology spread constraints, applied from manifests: where
/// the scheduler puts the pods, and the scheduler's own account of why one stays Pending.
/// (The default scenario: three nodes, one per zone.)
@Suite struct PodRulesSchedulingTests {

    func session() -> Session {
        let session = Session(simulator: Simulator(scenario: .default))
        _ = session.run("kubectl create namespace shop")
        return session
    }

    static func deployment(_ name: String, replicas: Int, labels: String? = nil, spec: String) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: \(name), namespace: shop}
        spec:
          replicas: \(replicas)
          selector: {matchLabels: {app: \(name)}}
          template:
            metadata: {labels: {app: \(name)\(labels.map { ", \($0)" } ?? "")}}
            spec:
              containers: [{name: \(name), image: nginx:1.27, resources: {requests: {cpu: 10m}}}]
        \(spec)
        ---

        """
    }

    /// Live pods of a Deployment by the node they run on (nil: Pending).
    func placement(_ session: Session, _ name: String) -> [String?] {
        session.simulator.podList(namespace: "shop").filter { !$0.terminating && $0.workload == "shop/\(name)" }.map(\.nodeName)
    }

    func zone(_ session: Session, _ node: String) -> String {
        session.simulator.node(named: node)?.labels["topology.kubernetes.io/zone"] ?? ""
    }

    @Test func requiredAntiAffinityPutsOnePodPerNodeAndLeavesTheRestPendingWithTheSchedulersWords() {
        let session = session()
        let manifest = Self.deployment("web", replicas: 4, spec: """
                  affinity:
                    podAntiAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                      - labelSelector: {matchLabels: {app: web}}
                        topologyKey: kubernetes.io/hostname
            """)
        #expect(session.kubectl(["apply", "-f", "-"], stdin: manifest).status == 0)
        session.simulator.advance(by: .seconds(60))
        let nodes = placement(session, "web")
        #expect(nodes.count == 4)
        #expect(Set(nodes.compactMap { $0 }).count == 3)
        #expect(nodes.filter { $0 == nil }.count == 1)
        let events = session.run("kubectl get events -n shop").stdout
        #expect(events.contains("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.\n"))
    }

    @Test func existingPodsAntiAffinityKeepsOtherPodsOffTheirNode() {
        let session = session()
        let guardian = Self.deployment("db", replicas: 1, spec: """
                  affinity:
                    podAntiAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                      - labelSelector: {matchExpressions: [{key: app, operator: In, values: [web]}]}
                        topologyKey: kubernetes.io/hostname
            """)
        #expect(session.kubectl(["apply", "-f", "-"], stdin: guardian).status == 0)
        session.simulator.advance(by: .seconds(60))
        let dbNode = placement(session, "db").first!!
        #expect(session.kubectl(["apply", "-f", "-"], stdin: Self.deployment("web", replicas: 6, spec: "")).status == 0)
        session.simulator.advance(by: .seconds(60))
        let webNodes = placement(session, "web")
        #expect(webNodes.count == 6 && !webNodes.contains(nil))
        #expect(!webNodes.contains(dbNode))
    }

    @Test func requiredPodAffinityFollowsThePodsItNames() {
        let session = session()
        #expect(session.kubectl(["apply", "-f", "-"], stdin: Self.deployment("cache", replicas: 1, spec: "")).status == 0)
        session.simulator.advance(by: .seconds(60))
        let cacheNode = placement(session, "cache").first!!
        let web = Self.deployment("web", replicas: 3, spec: """
                  affinity:
                    podAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                      - labelSelector: {matchLabels: {app: cache}}
                        topologyKey: kubernetes.io/hostname
            """)
        #expect(session.kubectl(["apply", "-f", "-"], stdin: web).status == 0)
        session.simulator.advance(by: .seconds(60))
        #expect(placement(session, "web") == [cacheNode, cacheNode, cacheNode])
        // With nothing to follow, a pod that does not match its own term stays Pending.
        let lonely = Self.deployment("lonely", replicas: 1, spec: """
                  affinity:
                    podAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                      - labelSelector: {matchLabels: {app: nowhere}}
                        topologyKey: topology.kubernetes.io/zone
            """)
        #expect(session.kubectl(["apply", "-f", "-"], stdin: lonely).status == 0)
        session.simulator.advance(by: .seconds(60))
        #expect(placement(session, "lonely") == [nil])
        #expect(session.run("kubectl get events -n shop").stdout.contains("0/3 nodes are available: 3 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.\n"))
    }

    @Test func aZoneSpreadConstraintKeepsZonesWithinTheSkewAndRefusesTheRest() {
        let session = session()
        let spread = Self.deployment("web", replicas: 6, spec: """
                  topologySpreadConstraints:
                  - maxSkew: 1
                    topologyKey: topology.kubernetes.io/zone
                    whenUnsatisfiable: DoNotSchedule
                    labelSelector: {matchLabels: {app: web}}
            """)
        #expect(session.kubectl(["apply", "-f", "-"], stdin: spread).status == 0)
        session.simulator.advance(by: .seconds(60))
        let zones = placement(session, "web").compactMap { $0 }.map { zone(session, $0) }
        #expect(zones.count == 6)
        #expect(Dictionary(grouping: zones, by: { $0 }).values.map(\.count).sorted() == [2, 2, 2])
        // Cordon two zones' nodes: a seventh pod makes the open zone 3 against 2; an eighth would
        // make it 4 against 2, beyond the skew.
        let nodes = session.simulator.nodeList().map(\.name)
        let others = nodes.filter { zone(session, $0) != zone(session, nodes[0]) }
        for node in others { _ = session.run("kubectl cordon \(node)") }
        #expect(session.run("kubectl scale deployment web -n shop --replicas=8").status == 0)
        session.simulator.advance(by: .seconds(60))
        #expect(placement(session, "web").filter { $0 == nil }.count == 1)
        #expect(session.run("kubectl get events -n shop").stdout.contains("0/3 nodes are available: 1 node(s) didn't match pod topology spread constraints, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.\n"))
    }

    @Test func aSpreadConstraintOnAMissingNodeLabelIsUnresolvable() {
        let session = session()
        let spread = Self.deployment("web", replicas: 1, spec: """
                  topologySpreadConstraints:
                  - maxSkew: 1
                    topologyKey: example.com/rack
                    whenUnsatisfiable: DoNotSchedule
                    labelSelector: {matchLabels: {app: web}}
            """)
        #expect(session.kubectl(["apply", "-f", "-"], stdin: spread).status == 0)
        session.simulator.advance(by: .seconds(60))
        #expect(placement(session, "web") == [nil])
        #expect(session.run("kubectl get events -n shop").stdout.contains("0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints (missing required label). preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.\n"))
        // Label one node with a rack: the pod goes there.
        let node = session.simulator.nodeList()[1].name
        _ = session.run("kubectl label node \(node) example.com/rack=r1")
        session.simulator.advance(by: .seconds(60))
        #expect(placement(session, "web") == [node])
    }

    @Test func preferredAntiAffinityAndSoftSpreadOnlyScoreNodes() {
        let session = session()
        let soft = Self.deployment("web", replicas: 5, spec: """
                  affinity:
                    podAntiAffinity:
                      preferredDuringSchedulingIgnoredDuringExecution:
                      - weight: 100
                        podAffinityTerm:
                          labelSelector: {matchLabels: {app: web}}
                          topologyKey: kubernetes.io/hostname
                  topologySpreadConstraints:
                  - maxSkew: 1
                    topologyKey: topology.kubernetes.io/zone
                    whenUnsatisfiable: ScheduleAnyway
                    labelSelector: {matchLabels: {app: web}}
            """)
        #expect(session.kubectl(["apply", "-f", "-"], stdin: soft).status == 0)
        session.simulator.advance(by: .seconds(60))
        let nodes = placement(session, "web")
        #expect(!nodes.contains(nil))
        #expect(Dictionary(grouping: nodes.compactMap { $0 }, by: { $0 }).values.map(\.count).sorted() == [1, 2, 2])
    }
}
