@testable import Actions
import ClusterSim
import Testing

/// `kubectl wait` as lessons write it: objects chosen by label or all of a kind, waited for one
/// after the other on the simulated clock within one timeout, each printed as it meets the condition.
/// (Its words against the real kubectl: KubectlObjectWritesTests.)
@Suite struct KubectlWaitTests {
    func sessionWithDeployment() -> Session {
        let session = Session(simulator: Simulator(scenario: .default))
        _ = session.kubectl(["create", "namespace", "demo"])
        _ = session.kubectl(["create", "deployment", "web", "--image=nginx", "-n", "demo", "--replicas=3"])
        return session
    }

    @Test func podsByLabelAreWaitedForUntilReadyAndATimeoutNamesTheFirstNotReady() {
        let session = sessionWithDeployment()
        let started = session.simulator.now
        let early = session.kubectl(["wait", "--for=condition=Ready", "pods", "-l", "app=web", "-n", "demo", "--timeout=1s"])
        #expect(early.status == 1)
        let first = session.simulator.podList(namespace: "demo").map(\.name).sorted()[0]
        #expect(early.stderr == "error: timed out waiting for the condition on pods/\(first)\n")
        #expect(session.simulator.now - started == .seconds(1), "a timeout is simulated time, all of it and no more")
        let ready = session.kubectl(["wait", "--for=condition=Ready", "pods", "-l", "app=web", "-n", "demo", "--timeout=120s"])
        #expect(ready.status == 0)
        #expect(ready.stdout == session.simulator.podList(namespace: "demo").map { "pod/\($0.name) condition met\n" }.joined())
    }

    @Test func deletedPodsAreWaitedForUntilGone() {
        let session = sessionWithDeployment()
        _ = session.kubectl(["wait", "--for=condition=Available", "deployment/web", "-n", "demo", "--timeout=120s"])
        let names = session.simulator.podList(namespace: "demo").map(\.name)
        _ = session.kubectl(["delete", "deployment", "web", "-n", "demo", "--wait=false"])
        let started = session.simulator.now
        let gone = session.kubectl(["wait", "--for=delete", "pods", "-l", "app=web", "-n", "demo", "--timeout=60s"])
        #expect(gone.status == 0)
        #expect(gone.stdout == names.map { "pod/\($0) condition met\n" }.joined())
        #expect(session.simulator.now - started >= .seconds(30), "their grace period passed")
        #expect(session.simulator.podList(namespace: "demo").isEmpty)
    }

    @Test func jsonPathConditionsCompareOneValue() {
        let session = sessionWithDeployment()
        let replicas = session.kubectl(["wait", "--for=jsonpath={.status.readyReplicas}=3", "deploy", "web", "-n", "demo", "--timeout=120s"])
        #expect(replicas.stdout == "deployment.apps/web condition met\n")
        #expect(session.simulator.workloadStatus("demo/web").ready == 3)
        let many = session.kubectl(["wait", "--for=jsonpath={.spec.template.spec.containers[*].name}=nginx", "deploy/web", "-n", "demo"])
        #expect(many.status == 0, "one container: one value")
        let badFormat = session.kubectl(["wait", "--for=jsonpath={.a}=1=2", "deploy/web", "-n", "demo"])
        #expect(badFormat.stderr == "error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'\n")
        let empty = session.kubectl(["wait", "--for=jsonpath={.a}=", "deploy/web", "-n", "demo"])
        #expect(empty.stderr == "error: jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3\n")
    }

    @Test func waitsForANewNodeToBeReady() throws {
        let s = Session(simulator: Simulator(scenario: .default))
        let existing = s.simulator.nodeList()[0].name
        #expect(s.run("kubectl wait --for=condition=Ready node/\(existing)").stdout == "node/\(existing) condition met\n")
        _ = s.run("aws eks update-nodegroup-version --cluster-name eks-workshop --nodegroup-name default")
        s.simulator.advance(by: .seconds(80))
        let fresh = try #require(s.simulator.nodeList().first { $0.readiness != .ready })
        let result = s.run("kubectl wait --for=condition=Ready node/\(fresh.name) --timeout=120s")
        #expect(result.status == 0)
        #expect(result.stdout == "node/\(fresh.name) condition met\n")
        let missing = s.run("kubectl wait --for=condition=Ready node/nope")
        #expect(missing.status == 1)
        #expect(missing.stderr == "Error from server (NotFound): nodes \"nope\" not found\n")
    }
}
