import ClusterSim
import Testing
@testable import Actions

/// `kubectl delete pod`: what it prints, that it waits for the pod to go (the clock moves through the
/// grace period), that the controller replaces the pod, and the NotFound error.
@Suite struct KubectlDeletePodTests {
    @Test func deletingAPodWaitsUntilItIsGoneAndItsControllerReplacesIt() {
        let session = Session(simulator: Simulator(scenario: .default))
        let pod = session.simulator.podList(namespace: "ui")[0].name
        let before = session.simulator.now
        let result = session.run("kubectl delete pod \(pod) -n ui")
        #expect(result.status == 0)
        #expect(result.stdout == "pod \"\(pod)\" deleted\n")
        #expect(session.simulator.pod(namespace: "ui", name: pod) == nil)
        #expect(session.simulator.now > before, "the wait let the grace period pass")
        #expect(session.simulator.podList(namespace: "ui").count == 2, "a replacement was made")
    }

    @Test func withoutWaitingThePodIsLeftTerminating() {
        let session = Session(simulator: Simulator(scenario: .default))
        let pod = session.simulator.podList(namespace: "ui")[0].name
        #expect(session.run("kubectl delete pod \(pod) -n ui --wait=false").status == 0)
        #expect(session.simulator.pod(namespace: "ui", name: pod)?.terminating == true)
    }

    @Test func aMissingPodIsTheAPIServersNotFound() {
        let result = Session(simulator: Simulator(scenario: .default)).run("kubectl delete pod nope -n ui")
        #expect(result.status == 1)
        #expect(result.stderr == "Error from server (NotFound): pods \"nope\" not found\n")
    }
}
