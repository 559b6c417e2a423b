import ClusterSim
import Testing
@testable import Actions

/// `kubectl get endpoints`: a Service's ready pods by address and target port, not-ready and
/// terminating ones kept out of the column, named target ports resolved from the pod template.
@Suite struct KubectlEndpointsTests {
    static let manifest = """
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, namespace: shop}
    spec:
      replicas: 5
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: web, image: nginx:1.27, ports: [{name: http, containerPort: 8080}]}]
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: web, namespace: shop}
    spec:
      selector: {app: web}
      ports: [{name: http, port: 80, targetPort: http}]
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: external, namespace: shop}
    spec:
      ports: [{port: 443}]
    """


    @Test func readyPodsAreTheServicesEndpointsOnTheirTargetPort() throws {
        let session = Session(simulator: Simulator(scenario: .default))
        _ = session.run("kubectl create namespace shop")
        #expect(session.kubectl(["apply", "-f", "-"], stdin: Self.manifest).status == 0)
        // Just created: no pod ready yet, so the column is empty but the Endpoints exists.
        let early = try #require(session.simulator.serviceEndpoints(namespace: "shop").first)
        #expect(early.addresses.isEmpty && !early.notReadyAddresses.isEmpty)
        _ = session.run("kubectl rollout status deployment/web -n shop")
        let endpoints = try #require(session.simulator.serviceEndpoints(namespace: "shop").first)
        #expect(endpoints.addresses.count == 5 && endpoints.ports.map(\.port) == [8080])
        let ips = endpoints.addresses.map { "\($0.ip):8080" }
        let table = session.run("kubectl get endpoints -n shop").stdout
        // Three shown, then how many more; a Service with no selector has no Endpoints of its own.
        #expect(table.contains("web    \(ips[0...2].joined(separator: ",")) + 2 more...   "))
        #expect(!table.contains("external"))
        #expect(session.run("kubectl get ep web -n shop -o jsonpath={.subsets[0].ports[0].name}").stdout == "http")
        // A deleted pod leaves the endpoints at once; its replacement joins once ready.
        let gone = endpoints.addresses[0].podName
        _ = session.run("kubectl delete pod \(gone) -n shop --wait=false")
        #expect(!session.simulator.serviceEndpoints(namespace: "shop")[0].addresses.contains { $0.podName == gone })
        _ = session.run("kubectl rollout status deployment/web -n shop")
        session.simulator.advance(by: .seconds(30))
        #expect(session.simulator.serviceEndpoints(namespace: "shop")[0].addresses.count == 5)
        #expect(session.run("kubectl get endpoints kubernetes").stdout.contains(":443,"))
    }
}
