import ClusterSim
import Testing
@testable import Actions

/// `kubectl label`, `annotate` and `taint`, and the scheduler honouring what they set: node
/// selectors, tolerations, a NoExecute taint clearing a node, and the scheduler's own account of
/// why a pod stays Pending.
@Suite struct KubectlLabelTaintTests {
    func session() -> (Session, String) {
        let session = Session(simulator: Simulator(scenario: .default))
        let node = session.simulator.nodeList()[0].name
        _ = session.run("kubectl create namespace shop")
        return (session, node)
    }

    func nodesOf(_ session: Session) -> Set<String> {
        Set(session.simulator.podList(namespace: "shop").filter { !$0.terminating }.compactMap(\.nodeName))
    }

    @Test func labelsAreAddedRefusedOverwrittenAndRemovedAsKubectlSays() {
        let (session, node) = session()
        #expect(session.run("kubectl label node \(node) disktype=ssd").stdout == "node/\(node) labeled\n")
        #expect(session.run("kubectl label node \(node) disktype=ssd").stdout == "node/\(node) not labeled\n")
        #expect(session.run("kubectl label node \(node) disktype=hdd").stderr == "error: 'disktype' already has a value (ssd), and --overwrite is false\n")
        #expect(session.run("kubectl label node \(node) disktype=hdd --overwrite").stdout == "node/\(node) labeled\n")
        #expect(session.simulator.node(named: node)?.labels["disktype"] == "hdd")
        #expect(session.run("kubectl label node \(node) disktype-").stdout == "node/\(node) unlabeled\n")
        #expect(session.simulator.node(named: node)?.labels["disktype"] == nil)
        #expect(session.run("kubectl label node \(node) 'tier=a b'").stderr.hasPrefix("error: invalid label value: \"tier=a b\": a valid label must be"))
        #expect(session.run("kubectl label node \(node)").stderr == "error: at least one label update is required\n")
        _ = session.run("kubectl create deployment web -n shop --image=nginx")
        #expect(session.run("kubectl label deployment web -n shop team=checkout").stdout == "deployment.apps/web labeled\n")
        #expect(session.run("kubectl get deployment web -n shop -o jsonpath={.metadata.labels.team}").stdout == "checkout")
        #expect(session.run("kubectl annotate deployment web -n shop kubernetes.io/change-cause=pinned").stdout == "deployment.apps/web annotated\n")
        _ = session.run("kubectl set image deployment/web -n shop nginx=nginx:2")
        #expect(session.run("kubectl rollout history deployment/web -n shop").stdout.contains("2         pinned\n"))
    }

    @Test func aNodeSelectorPlacesPodsOnlyOnLabelledNodes() {
        let (session, node) = session()
        _ = session.run("kubectl label node \(node) disktype=ssd")
        _ = session.run("kubectl create deployment web -n shop --image=nginx --replicas=3")
        _ = session.run(#"kubectl patch deployment web -n shop -p '{"spec":{"template":{"spec":{"nodeSelector":{"disktype":"ssd"}}}}}'"#)
        _ = session.run("kubectl rollout status deployment/web -n shop")
        #expect(nodesOf(session) == [node])
    }

    @Test func aNoExecuteTaintClearsTheNodeAndTheSchedulerSaysWhy() {
        let (session, node) = session()
        _ = session.run("kubectl label node \(node) disktype=ssd")
        _ = session.run("kubectl create deployment web -n shop --image=nginx --replicas=2")
        _ = session.run(#"kubectl patch deployment web -n shop -p '{"spec":{"template":{"spec":{"nodeSelector":{"disktype":"ssd"}}}}}'"#)
        _ = session.run("kubectl rollout status deployment/web -n shop")
        #expect(session.run("kubectl taint nodes \(node) dedicated=web:NoExecute").stdout == "node/\(node) tainted\n")
        #expect(session.run("kubectl taint nodes \(node) dedicated=web:NoExecute").stderr
                == "error: node \(node) already has dedicated taint(s) with same effect(s) and --overwrite is false\n")
        #expect(nodesOf(session).isEmpty)
        let events = session.run("kubectl get events -n shop").stdout
        #expect(events.contains("0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: web}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.\n"))
        // A toleration lets them back.
        _ = session.run(#"kubectl patch deployment web -n shop -p '{"spec":{"template":{"spec":{"tolerations":[{"key":"dedicated","operator":"Equal","value":"web","effect":"NoExecute"}]}}}}'"#)
        _ = session.run("kubectl rollout status deployment/web -n shop")
        #expect(nodesOf(session) == [node])
        #expect(session.run("kubectl taint nodes \(node) dedicated:NoExecute-").stdout == "node/\(node) untainted\n")
        #expect(session.run("kubectl taint nodes \(node) dedicated:NoExecute-").stderr == "error: taint \"dedicated:NoExecute\" not found\n")
        #expect(session.run("kubectl taint nodes \(node) dedicated=web:Sometimes").stderr == "error: invalid taint effect: Sometimes, unsupported taint effect\n")
        #expect(session.run("kubectl taint deployment web a=b:NoSchedule").stderr == "error: invalid resource type deployment, only node types are supported\n")
    }
}
