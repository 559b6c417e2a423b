@testable import Actions
import ClusterSim
import Testing

/// Kinds the store holds as written: what a lesson applies, lists and describes before and after an
/// upgrade (an Ingress, RBAC, storage and priority classes), with the API server's columns.
@Suite struct HeldKindsTests {
    static let manifest = """
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: shop
      namespace: ui
    spec:
      ingressClassName: alb
      rules:
      - host: a.example.com
        http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: ui, port: {number: 80}}}}]}
      - host: b.example.com
        http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: ui, port: {number: 80}}}}]}
      - host: c.example.com
        http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: ui, port: {number: 80}}}}]}
      - host: d.example.com
        http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: ui, port: {number: 80}}}}]}
      tls:
      - hosts: [a.example.com]
        secretName: shop-tls
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: deployer
      namespace: ui
    rules:
    - apiGroups: [apps]
      resources: [deployments]
      verbs: [get, patch]
    - apiGroups: [apps]
      resources: [deployments]
      verbs: [list, get]
    """

    @Test func anIngressListsItsFirstThreeHostsAndItsTLSPort() {
        let session = Session(simulator: Simulator(scenario: .default))
        #expect(session.kubectl(["apply", "-f", "-"], stdin: Self.manifest).status == 0)
        #expect(session.run("kubectl get ingress -n ui").stdout == """
            NAME   CLASS   HOSTS                                                   ADDRESS   PORTS     AGE
            shop   alb     a.example.com,b.example.com,c.example.com + 1 more...             80, 443   0s

            """)
    }

    @Test func aRolesRulesAreMergedPerResourceAsKubectlDescribesThem() {
        let session = Session(simulator: Simulator(scenario: .default))
        #expect(session.kubectl(["apply", "-f", "-"], stdin: Self.manifest).status == 0)
        let page = session.run("kubectl describe role deployer -n ui").stdout
        #expect(page.contains("  deployments.apps  []                 []              [get patch list]\n"), "\(page)")
    }

    @Test func theClusterComesWithEKSsStorageClassAndTheSystemPriorities() {
        let session = Session(simulator: Simulator(scenario: .default))
        #expect(session.run("kubectl get sc").stdout == """
            NAME   PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE
            gp2    kubernetes.io/aws-ebs   Delete          WaitForFirstConsumer   false                  25h

            """)
        #expect(session.run("kubectl get pc").stdout.contains("system-node-critical      2000001000   false            25h   PreemptLowerPriority\n"))
        // Held kinds are deleted like any object; a namespace takes its own with it.
        #expect(session.kubectl(["apply", "-f", "-"], stdin: Self.manifest).status == 0)
        #expect(session.run("kubectl delete namespace ui").status == 0)
        #expect(session.run("kubectl get ingress,roles -A").stderr == "No resources found\n")
    }
}
