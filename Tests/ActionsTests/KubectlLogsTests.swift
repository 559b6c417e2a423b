import ClusterSim
import Testing
@testable import Actions

/// `kubectl logs`: a simulated container's start, readiness and SIGTERM at the moments the clock
/// saw them; a container still starting has none yet.
@Suite struct KubectlLogsTests {
    @Test func aPodsLogFollowsItsLifeFromStartToSigterm() {
        let session = Session(simulator: Simulator(scenario: .default))
        _ = session.run("kubectl create namespace shop")
        _ = session.run("kubectl create deployment web -n shop --image=nginx:1.27")
        let name = session.simulator.podList(namespace: "shop")[0].name
        #expect(session.run("kubectl logs \(name) -n shop").stderr.hasPrefix("Error from server (BadRequest): container \"nginx\" in pod \"\(name)\" is waiting to start:"))
        _ = session.run("kubectl rollout status deployment/web -n shop")
        let log = session.run("kubectl logs deployment/web -n shop").stdout
        #expect(log.contains(" starting nginx (nginx:1.27) on ip-10-42-"))
        #expect(log.hasSuffix(" ready: accepting requests\n"))
        _ = session.run("kubectl delete pod \(name) -n shop --wait=false")
        let ending = session.run("kubectl logs \(name) -n shop --tail=1 --timestamps").stdout
        #expect(ending.hasSuffix("SIGTERM received: finishing in-flight requests, then exiting\n"))
        #expect(ending.split(separator: " ").first?.hasSuffix(".000000000Z") == true)
        #expect(session.run("kubectl logs nope -n shop").stderr == "error: error from server (NotFound): pods \"nope\" not found in namespace \"shop\"\n")
    }
}
