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

    /// A namespace's page lists its quotas and limit ranges, the limits with the API server's defaults
    /// (a default limit taken from the max, a default request from the default limit or the min).
    @Test func aNamespacesPageListsItsQuotasAndDefaultedLimits() {
        let session = Session(simulator: Simulator(scenario: .default))
        let manifest = """
            apiVersion: v1
            kind: LimitRange
            metadata: {name: limits, namespace: ui}
            spec:
              limits:
              - type: Container
                max: {memory: 1Gi}
                min: {cpu: 100m}
              - type: Pod
                max: {cpu: "2"}
            ---
            apiVersion: v1
            kind: ResourceQuota
            metadata: {name: objects, namespace: ui}
            spec:
              hard: {configmaps: 4}
            """
        #expect(session.kubectl(["apply", "-f", "-"], stdin: manifest).status == 0)
        #expect(session.run("kubectl get limits limits -n ui -o jsonpath={.spec.limits[0].default.memory}/{.spec.limits[0].defaultRequest}").stdout
                == #"1Gi/{"cpu":"100m","memory":"1Gi"}"#)
        #expect(session.run("kubectl describe namespace ui").stdout.hasSuffix("""
            Resource Quotas
              Name:       objects
              Resource    Used  Hard
              --------    ---   ---
              configmaps  1     4

            Resource Limits
             Type       Resource  Min   Max  Default Request  Default Limit  Max Limit/Request Ratio
             ----       --------  ---   ---  ---------------  -------------  -----------------------
             Container  cpu       100m  -    100m             -              -
             Container  memory    -     1Gi  1Gi              1Gi            -
             Pod        cpu       -     2    -                -              -

            """))
    }

    /// A pod made from a template that mounts a claim shows the claim among its volumes, and the
    /// claim's page names the pod.
    @Test func aClaimsPageNamesThePodsThatMountIt() {
        let session = Session(simulator: Simulator(scenario: .default))
        let manifest = """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data, namespace: ui}
            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: db, namespace: ui}
            spec:
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  containers: [{name: db, image: postgres:16}]
                  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
            """
        #expect(session.kubectl(["apply", "-f", "-"], stdin: manifest).status == 0)
        let pod = session.run("kubectl get pods -n ui -l app=db -o jsonpath={.items[0].metadata.name}").stdout
        #expect(session.run("kubectl describe pvc data -n ui").stdout.contains("Used By:       \(pod)\n"))
        // The page's columns are aligned across the whole block: compare with single spaces.
        let page = session.run("kubectl describe pod \(pod) -n ui").stdout.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        #expect(page.contains("Volumes:\n data:\n Type: PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n ClaimName: data\n ReadOnly: false\n"), "\(page)")
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
