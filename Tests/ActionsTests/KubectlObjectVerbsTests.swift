import ClusterSim
import Testing
@testable import Actions

/// `kubectl apply`, `create`, `scale`, `patch`, `rollout status` and `delete` on the simulated
/// cluster, as a lesson's author uses them: what they print, what they refuse, what the cluster does.
@Suite struct KubectlObjectVerbsTests {
    static let manifest = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
    spec:
      replicas: 2
      selector:
        matchLabels:
          app: web
      template:
        metadata:
          labels:
            app: web
        spec:
          containers:
          - name: web
            image: public.ecr.aws/nginx/nginx:1.27
    ---
    apiVersion: policy/v1
    kind: PodDisruptionBudget
    metadata:
      name: web
      namespace: shop
    spec:
      minAvailable: 2
      selector:
        matchLabels:
          app: web
    """


    @Test func applyCreatesThenLeavesUnchangedThenConfigures() {
        let session = Session(simulator: Simulator(scenario: .default))
        let missing = session.kubectl(["apply", "-f", "-"], stdin: Self.manifest)
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("Error from server (NotFound): error when creating \"STDIN\": namespaces \"shop\" not found\n"))
        #expect(session.simulator.workload(key: "shop/web") == nil)
        #expect(session.kubectl(["create", "namespace", "shop"]).stdout == "namespace/shop created\n")
        #expect(session.kubectl(["create", "namespace", "shop"]).stderr == "Error from server (AlreadyExists): namespaces \"shop\" already exists\n")
        #expect(session.kubectl(["apply", "-f", "-"], stdin: Self.manifest).stdout == "deployment.apps/web created\npoddisruptionbudget.policy/web created\n")
        // kubectl always re-patches a budget's selector (its built-in schema replaces it whole).
        #expect(session.kubectl(["apply", "-f", "-"], stdin: Self.manifest).stdout == "deployment.apps/web unchanged\npoddisruptionbudget.policy/web configured\n")
        let changed = Self.manifest.replacingOccurrences(of: "replicas: 2", with: "replicas: 3")
        #expect(session.kubectl(["apply", "-f", "-"], stdin: changed).stdout == "deployment.apps/web configured\npoddisruptionbudget.policy/web configured\n")
        #expect(session.simulator.workload(key: "shop/web")?.replicas == 3)
        let rollout = session.kubectl(["rollout", "status", "deployment/web", "-n", "shop"])
        #expect(rollout.status == 0)
        #expect(rollout.stdout.hasPrefix("Waiting for deployment \"web\" rollout to finish: 0 of 3 updated replicas are available...\n"))
        #expect(rollout.stdout.hasSuffix("deployment \"web\" successfully rolled out\n"))
        #expect(session.simulator.workloadStatus("shop/web").ready == 3)
    }

    @Test func scalePatchAndDeleteReachTheCluster() {
        let session = Session(simulator: Simulator(scenario: .default))
        _ = session.kubectl(["create", "namespace", "shop"])
        _ = session.kubectl(["apply", "-f", "-"], stdin: Self.manifest)
        #expect(session.kubectl(["scale", "deployment/web", "-n", "shop", "--replicas=1"]).stdout == "deployment.apps/web scaled\n")
        #expect(session.simulator.workloadStatus("shop/web").current == 1)
        let budget = { session.simulator.budgetList().first { $0.key == "shop/web" } }
        #expect(budget()?.minAvailable == .count(2))
        #expect(session.kubectl(["patch", "pdb", "web", "-n", "shop", "--type", "merge", "-p", #"{"spec":{"minAvailable":1}}"#]).stdout == "poddisruptionbudget.policy/web patched\n")
        #expect(budget()?.minAvailable == .count(1))
        #expect(session.kubectl(["patch", "pdb", "web", "-n", "shop", "--type", "merge", "-p", #"{"spec":{"minAvailable":1}}"#]).stdout == "poddisruptionbudget.policy/web patched (no change)\n")
        // The scenario's own budgets are patched the same way.
        #expect(session.kubectl(["patch", "pdb", "ui", "-n", "ui", "-p", #"{"spec":{"minAvailable":2}}"#]).status == 0)
        #expect(session.simulator.budgetList().first { $0.key == "ui/ui" }?.minAvailable == .count(2))
        let started = session.simulator.now
        #expect(session.kubectl(["delete", "namespace", "shop"]).stdout == "namespace \"shop\" deleted\n")
        // kubectl waits for the namespace to go: after its pods' grace period.
        #expect(session.simulator.now - started >= .seconds(30))
        #expect(session.kubectl(["get", "namespace", "shop"]).status == 1)
        #expect(session.simulator.workload(key: "shop/web") == nil)
        #expect(budget() == nil)
        #expect(session.kubectl(["delete", "deployment", "web", "-n", "shop"]).stderr == "Error from server (NotFound): deployments.apps \"web\" not found\n")
    }

    @Test func badManifestsAreRefusedWithKubectlsWordsAndChangeNothing() {
        let session = Session(simulator: Simulator(scenario: .default))
        let before = session.simulator.workloadList().count
        let unknown = session.kubectl(["apply", "-f", "-"], stdin: "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n")
        #expect(unknown.stderr == "error: resource mapping not found for name: \"w\" namespace: \"\" from \"STDIN\": no matches for kind \"Widget\" in version \"example.com/v1\"\nensure CRDs are installed first\n")
        let broken = session.kubectl(["apply", "-f", "-"], stdin: "kind: Deployment\nmetadata: x\n  name: y\n")
        #expect(broken.status == 1)
        #expect(broken.stderr.hasPrefix("error: error parsing STDIN: error converting YAML to JSON: yaml: line "))
        let noKind = session.kubectl(["apply", "-f", "-"], stdin: "apiVersion: v1\nmetadata:\n  name: x\n")
        #expect(noKind.stderr == "error: error validating \"STDIN\": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n")
        let mismatched = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx\n"
        let invalid = session.kubectl(["apply", "-f", "-"], stdin: mismatched)
        #expect(invalid.stderr == "The Deployment \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`\n")
        #expect(session.kubectl(["apply", "-f", "missing.yaml"]).stderr == "error: the path \"missing.yaml\" does not exist\n")
        #expect(session.simulator.workloadList().count == before)
    }

    @Test func aThousandObjectsApplyInOneGo() {
        let session = Session(simulator: Simulator(scenario: .default))
        let manifest = (0..<1000).map { "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-\($0)\ndata:\n  key: value\($0)\n" }.joined(separator: "---\n")
        let result = session.kubectl(["apply", "-f", "-"], stdin: manifest)
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").count == 1000)
        #expect(session.simulator.storedObjects(ResourceKinds.configMap).count == 1000)
    }

    @Test func configMapsSecretsServicesAndServiceAccountsListWithTheirColumns() {
        let session = Session(simulator: Simulator(scenario: .default))
        _ = session.kubectl(["create", "namespace", "shop"])
        let manifest = """
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          type: NodePort
          selector: {app: web}
          ports: [{port: 80, nodePort: 30080}, {port: 443, protocol: TCP}]
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: creds, namespace: shop}
        stringData: {password: hunter2}
        """
        #expect(session.kubectl(["apply", "-f", "-"], stdin: manifest).stdout == "service/web created\nsecret/creds created\n")
        let listed = session.kubectl(["get", "svc,secret,cm", "-n", "shop"]).stdout
        #expect(listed.hasPrefix("NAME          TYPE       CLUSTER-IP"))
        #expect(listed.contains("   <none>        80:30080/TCP,443/TCP   0s\n\nNAME           TYPE     DATA   AGE\nsecret/creds   Opaque   1      0s\n\nNAME                         DATA   AGE\nconfigmap/kube-root-ca.crt   1      0s\n"))
        #expect(session.kubectl(["get", "secret", "creds", "-n", "shop", "-o", "jsonpath={.data.password}"]).stdout == "aHVudGVyMg==")
        #expect(session.kubectl(["get", "sa", "-n", "shop", "--no-headers"]).stdout == "default   0     0s\n")
        #expect(session.kubectl(["get", "svc", "kubernetes", "-o", "jsonpath={.spec.clusterIP}"]).stdout == "10.100.0.1")
    }

    @Test func deletingByLabelWaitsForThePodsAndTheirControllerReplacesThem() {
        let session = Session(simulator: Simulator(scenario: .default))
        _ = session.kubectl(["create", "namespace", "shop"])
        _ = session.kubectl(["create", "deployment", "web", "-n", "shop", "--image=nginx:1.27", "--replicas=3"])
        _ = session.kubectl(["rollout", "status", "deployment/web", "-n", "shop"])
        let before = Set(session.simulator.podList(namespace: "shop").map(\.name))
        let deleted = session.kubectl(["delete", "pods", "-l", "app=web", "-n", "shop"])
        #expect(deleted.stdout.split(separator: "\n").count == 3)
        #expect(deleted.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("pod \"web-") && $0.hasSuffix("\" deleted") })
        let after = Set(session.simulator.podList(namespace: "shop").map(\.name))
        #expect(after.count == 3 && after.isDisjoint(with: before))
        #expect(session.kubectl(["delete", "pods", "-l", "app=nothing", "-n", "shop"]).stdout == "No resources found\n")
        #expect(session.kubectl(["delete", "deployment", "--all", "-n", "shop"]).stdout == "deployment.apps \"web\" deleted\n")
    }

    @Test func aDeletionNothingWillFinishIsExplainedInsteadOfWaitingForGood() {
        let session = Session(simulator: Simulator(scenario: .default))
        _ = session.kubectl(["create", "namespace", "shop"])
        _ = session.kubectl(["apply", "-f", "-"], stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  namespace: shop\n  finalizers: [example.com/cleanup]\n")
        let deleted = session.kubectl(["delete", "configmap", "held", "-n", "shop"])
        #expect(deleted.stdout == "configmap \"held\" deleted\n")
        #expect(deleted.status == 1)
        #expect(deleted.stderr == """
            kubectl would wait here for good: configmaps "held" is terminating, and nothing in the simulated cluster removes its finalizers [example.com/cleanup]. To let it go, remove them yourself:
              kubectl patch configmaps held -n shop --type=merge -p '{"metadata":{"finalizers":null}}'

            """)
        #expect(session.kubectl(["get", "configmap", "held", "-n", "shop", "-o", "jsonpath={.metadata.deletionTimestamp}"]).stdout.hasPrefix("20"))
        // The namespace waits for it, and says so.
        let namespace = session.kubectl(["delete", "namespace", "shop"])
        #expect(namespace.stderr.hasPrefix("kubectl would wait here for good: namespace \"shop\" stays Terminating while configmaps \"held\" in it is terminating"))
        #expect(session.kubectl(["get", "namespace", "shop"]).stdout.contains("Terminating"))
        #expect(session.kubectl(["create", "configmap", "late", "-n", "shop"]).stderr
                == "error: failed to create configmap: configmaps \"late\" is forbidden: unable to create new content in namespace shop because it is being terminated\n")
        // The suggested patch finishes both.
        #expect(session.kubectl(["patch", "configmaps", "held", "-n", "shop", "--type=merge", "-p", #"{"metadata":{"finalizers":null}}"#]).status == 0)
        #expect(session.kubectl(["get", "namespace", "shop"]).status == 1)
        #expect(session.kubectl(["delete", "configmap", "held", "-n", "shop", "--wait=false"]).status == 1)
    }

    @Test func fieldSelectorsPickObjectsByAnyFieldForGetAndDelete() {
        let session = Session(simulator: Simulator(scenario: .default))
        _ = session.kubectl(["create", "deployment", "web", "--image=nginx", "--replicas=2"])
        _ = session.kubectl(["create", "job", "once", "--image=busybox", "--", "sh", "-c", "exit 1"])
        session.simulator.advance(by: .seconds(40))
        let failed = session.kubectl(["get", "pods", "--field-selector", "status.phase=Failed", "-o", "name"]).stdout
        #expect(failed.hasPrefix("pod/once-") && failed.split(separator: "\n").count >= 1)
        #expect(session.kubectl(["get", "pods", "--field-selector=status.phase=Running,spec.restartPolicy=Always", "-o", "name"]).stdout.split(separator: "\n").count == 2)
        let deleted = session.kubectl(["delete", "pods", "--field-selector", "status.phase=Failed", "--wait=false"])
        #expect(deleted.stdout.hasPrefix("pod \"once-") && deleted.status == 0)
        #expect(session.kubectl(["get", "deploy", "web"]).status == 0, "what the selector does not pick stays")
        #expect(session.kubectl(["get", "pods", "--field-selector", "foo"]).stderr
                == "Error from server (BadRequest): Unable to find \"/v1, Resource=pods\" that match label selector \"\", field selector \"foo\": invalid selector: 'foo'; can't understand 'foo'\n")
        // Each kind selects on a few fields only, as the API server allows.
        #expect(session.kubectl(["get", "deploy", "--field-selector", "spec.replicas=2"]).stderr
                == "Error from server (BadRequest): Unable to find \"apps/v1, Resource=deployments\" that match label selector \"\", field selector \"spec.replicas=2\": \"spec.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"\n")
        #expect(session.kubectl(["delete", "pods", "--field-selector", "spec.containers=x"]).stderr.hasSuffix(": field label not supported: spec.containers\n"))
    }
}
