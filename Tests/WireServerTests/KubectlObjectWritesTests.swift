@testable import Actions
import ClusterSim
import Foundation
import Testing

/// The object verbs — apply, create (each generator, which real kubectl sends as protobuf), scale,
/// label, annotate, taint, set image, rollout, patch, delete — run natively on one served cluster
/// and by the real kubectl on an identical one, in the same order: the same words, statuses and
/// objects.
@Suite struct KubectlObjectWritesTests {
    /// Kinds held as written (networking, RBAC, storage and scheduling classes) and a Service for
    /// the Ingress's backend.
    static let heldKinds = """
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: ui
      namespace: ui
      annotations:
        alb.ingress.kubernetes.io/scheme: internet-facing
    spec:
      ingressClassName: alb
      rules:
      - http:
          paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ui
                port:
                  number: 80
          - path: /missing
            pathType: Prefix
            backend:
              service:
                name: nothing
                port:
                  name: http
      - host: shop.example.com
        http:
          paths:
          - path: /cart
            pathType: Exact
            backend:
              service:
                name: ui
                port:
                  number: 80
      tls:
      - hosts: [shop.example.com]
        secretName: shop-tls
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: deny-all
      namespace: ui
    spec:
      podSelector: {}
      policyTypes: [Ingress]
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: allow-ui
      namespace: ui
    spec:
      podSelector:
        matchLabels:
          app.kubernetes.io/name: ui
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: shop-traffic
      namespace: ui
      labels: {team: shop}
    spec:
      podSelector:
        matchExpressions:
        - {key: tier, operator: In, values: [web, api]}
      ingress:
      - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: carts}}
          podSelector: {matchLabels: {app: carts}}
        - ipBlock: {cidr: 10.42.0.0/16, except: [10.42.1.0/24, 10.42.2.0/24]}
        ports:
        - {port: 8080}
        - {port: 9000, endPort: 9100, protocol: UDP}
      - {}
      egress:
      - to:
        - namespaceSelector: {}
        ports:
        - {protocol: TCP}
      policyTypes: [Ingress, Egress]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: reader
      namespace: ui
    rules:
    - apiGroups: [""]
      resources: [pods]
      verbs: [get, list]
    - apiGroups: ["", apps]
      resources: [pods, deployments, pods/log]
      verbs: [watch, get]
    - apiGroups: [""]
      resources: [configmaps]
      resourceNames: [settings]
      verbs: [get]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: reader
      namespace: ui
    roleRef:
      apiGroup: rbac.authorization.k8s.io
      kind: Role
      name: reader
    subjects:
    - kind: ServiceAccount
      name: default
      namespace: ui
    - kind: User
      name: jane
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: node-reader
    rules:
    - apiGroups: [""]
      resources: [nodes]
      verbs: [get, list]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: node-reader
    roleRef:
      apiGroup: rbac.authorization.k8s.io
      kind: ClusterRole
      name: node-reader
    subjects:
    - kind: Group
      name: ops
      apiGroup: rbac.authorization.k8s.io
    ---
    apiVersion: networking.k8s.io/v1
    kind: IngressClass
    metadata:
      name: alb
    spec:
      controller: ingress.k8s.aws/alb
    ---
    apiVersion: storage.k8s.io/v1
    kind: StorageClass
    metadata:
      name: gp3
      annotations:
        storageclass.kubernetes.io/is-default-class: "true"
    provisioner: ebs.csi.aws.com
    volumeBindingMode: WaitForFirstConsumer
    allowVolumeExpansion: true
    ---
    apiVersion: scheduling.k8s.io/v1
    kind: PriorityClass
    metadata:
      name: high
    value: 1000
    globalDefault: false
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: ui
      namespace: ui
    spec:
      selector:
        app.kubernetes.io/name: ui
      ports:
      - name: http
        port: 80
        targetPort: 8080
    """

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
            image: nginx:1.27
            ports:
            - containerPort: 80
    ---
    apiVersion: policy/v1
    kind: PodDisruptionBudget
    metadata:
      name: web
      namespace: shop
    spec:
      minAvailable: 1
      selector:
        matchLabels:
          app: web
    ---
    apiVersion: apps/v1
    kind: StatefulSet
    metadata:
      name: db
      namespace: shop
    spec:
      replicas: 2
      serviceName: db
      selector:
        matchLabels:
          app: db
      template:
        metadata:
          labels:
            app: db
        spec:
          containers:
          - name: db
            image: postgres:16
    ---
    apiVersion: apps/v1
    kind: DaemonSet
    metadata:
      name: agent
      namespace: shop
    spec:
      selector:
        matchLabels:
          app: agent
      template:
        metadata:
          labels:
            app: agent
        spec:
          containers:
          - name: agent
            image: busybox:1.36
    ---
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
      namespace: shop
      labels:
        tier: web
    data:
      greeting: hello
    """

    /// A describe page with each event row's age replaced and its spacing collapsed.
    static func withoutEventAges(_ page: String) -> String {
        page.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            // The table's heading and rule are as wide as the ages under them: spacing collapsed too.
            if fields.first == "Type" && fields.dropFirst().first == "Reason" || fields.first == "----" { return fields.joined(separator: " ") }
            guard fields.count > 4, ["Normal", "Warning"].contains(fields[0]) else { return String(line) }
            // A repeated event's age is `3m (x2 over 10m)`: both ages set aside.
            var rest = Array(fields[3...])
            if rest.count > 2, rest[0].hasPrefix("(x"), rest[1] == "over" { rest = Array(rest[3...]) }
            return ([fields[0], fields[1], "AGE"] + rest).joined(separator: " ")
        }.joined(separator: "\n")
    }

    @Test(.enabled(if: RealClient.kubectl != nil, "kubectl is not installed: the native verbs' own tests still run"))
    func aDeletionThatWouldOrphanIsRefusedAndChangesNothing() async throws {
        let served = try await ServedCluster()
        let orphan = await served.real(["kubectl", "delete", "deployment", "ui", "-n", "ui", "--cascade=orphan"])
        #expect(orphan.status == 1)
        #expect(orphan.stderr == "Error from server (BadRequest): propagationPolicy Orphan is not simulated by workshop serve: deletion is always in the background (dependents go after their owner)\n")
        #expect(served.native(["kubectl", "get", "deployment", "ui", "-n", "ui", "-o", "name"]).stdout == "deployment.apps/ui\n")
        let native = served.native(["kubectl", "delete", "deployment", "ui", "-n", "ui", "--cascade=orphan"])
        #expect(native.status == 127 && native.stderr.hasPrefix("not available in the simulated cluster: kubectl delete --cascade=orphan"))
        let background = await served.real(["kubectl", "delete", "deployment", "ui", "-n", "ui", "--cascade=background", "--wait=false"])
        #expect(background.stdout == "deployment.apps \"ui\" deleted\n")
    }

    @Test(.enabled(if: RealClient.kubectl != nil, "kubectl is not installed: the native verbs' own tests still run"))
    func objectVerbsPrintWhatTheNativeActionPrints() async throws {
        let native = try await ServedCluster()
        let real = try await ServedCluster()
        let file = native.directory + "/app.yaml"
        try Self.manifest.write(toFile: file, atomically: true, encoding: .utf8)
        // ConfigMaps too big: for the last-applied annotation (256 KiB), for a ConfigMap (1 MiB),
        // for a request (3 MiB, with apply's copy of the object in the annotation).
        var sized: [Int: String] = [:]
        for size in [300_000, 1_200_000, 2_000_000] {
            sized[size] = native.directory + "/cm-\(size).yaml"
            try "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: blob-\(size)\n  namespace: shop\ndata:\n  blob: \(String(repeating: "x", count: size))\n"
                .write(toFile: sized[size]!, atomically: true, encoding: .utf8)
        }
        // Server-side apply of the Deployment: its own replicas (shared), then other replicas (a conflict).
        let ssa = { (replicas: Int) in
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n  labels:\n    owner: ssa\nspec:\n  replicas: \(replicas)\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n"
        }
        let ssaSame = native.directory + "/ssa-same.yaml", ssaMore = native.directory + "/ssa-more.yaml"
        try ssa(2).write(toFile: ssaSame, atomically: true, encoding: .utf8)
        try ssa(4).write(toFile: ssaMore, atomically: true, encoding: .utf8)
        // A kustomization: a ConfigMap renamed and labelled by it (built by kustomize or the real kubectl).
        let overlay = native.directory + "/overlay"
        try FileManager.default.createDirectory(atPath: overlay, withIntermediateDirectories: true)
        try "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tuning\n  namespace: shop\ndata:\n  level: \"3\"\n"
            .write(toFile: overlay + "/tuning.yaml", atomically: true, encoding: .utf8)
        try "resources:\n- tuning.yaml\nnamePrefix: k-\nlabels:\n- pairs:\n    team: search\n"
            .write(toFile: overlay + "/kustomization.yaml", atomically: true, encoding: .utf8)
        let held = native.directory + "/held.yaml"
        try Self.heldKinds.write(toFile: held, atomically: true, encoding: .utf8)
        let node = native.server.host.access { $0.nodeList()[0].name }
        let pod = native.server.host.access { $0.podList(namespace: "ui")[0].name }
        let lines: [[String]] = [
            ["logs", pod, "-n", "ui"], ["logs", pod, "-n", "ui", "--tail=1", "--timestamps"], ["logs", "deployment/ui", "-n", "ui"],
            ["logs", "nope", "-n", "ui"], ["logs", "deployment/nope", "-n", "ui"], ["logs", pod, "-n", "ui", "-c", "nope"],
            ["rollout", "status", "daemonset/aws-node", "-n", "kube-system"], ["rollout", "status", "ds/nope", "-n", "kube-system"],
            ["describe", "pod", pod, "-n", "ui"], ["describe", "pods", "-n", "ui"], ["describe", "pod", "nope", "-n", "ui"],
            ["create", "namespace", "shop"], ["create", "namespace", "shop"],
            ["apply", "-f", file], ["apply", "-f", file],
            ["apply", "--server-side", "-f", ssaSame], ["apply", "--server-side", "-f", ssaMore],
            ["apply", "--server-side", "--force-conflicts", "-f", ssaMore], ["get", "deploy", "web", "-n", "shop", "-o", "jsonpath={.spec.replicas}"],
            ["scale", "deployment", "web", "-n", "shop", "--replicas=2"],
            ["apply", "-f", sized[300_000]!], ["apply", "-f", sized[1_200_000]!], ["apply", "-f", sized[2_000_000]!],
            ["create", "-f", sized[1_200_000]!], ["create", "-f", sized[300_000]!], ["get", "cm", "-n", "shop", "-o", "name"],
            ["apply", "-k", overlay], ["get", "cm", "k-tuning", "-n", "shop", "-o", "jsonpath={.metadata.labels.team}"],
            ["apply", "-k", native.directory + "/nowhere"],
            ["create", "deployment", "api", "-n", "shop", "--image=nginx:1.27", "--replicas=2", "--port=80"],
            ["create", "configmap", "flags", "-n", "shop", "--from-literal=a=b", "--from-literal=c=d"],
            ["create", "secret", "generic", "creds", "-n", "shop", "--from-literal=password=hunter2"],
            ["create", "serviceaccount", "robot", "-n", "shop"],
            ["create", "service", "clusterip", "api", "-n", "shop", "--tcp=80:8080"],
            ["create", "service", "clusterip", "web", "-n", "shop", "--tcp=80"],
            ["get", "endpoints", "-n", "shop"], ["get", "ep", "web", "-n", "shop", "-o", "json"], ["get", "endpoints", "kubernetes"],
            ["get", "ep", "nope", "-n", "shop"],
            ["create", "job", "hello", "-n", "shop", "--image=busybox:1.36", "--", "sleep", "3"],
            ["set", "image", "statefulset/db", "-n", "shop", "db=postgres:17"], ["set", "image", "ds/agent", "-n", "shop", "agent=busybox:1.37"],
            // Both clocks are paused: the Job runs to its end, the sets roll, while both are moved on alike.
            ["(advance)", "600"],
            ["rollout", "status", "sts/db", "-n", "shop"], ["rollout", "status", "ds/agent", "-n", "shop"],
            ["get", "sts", "db", "-n", "shop", "-o", "jsonpath={.status.currentRevision}={.status.updateRevision}"],
            ["wait", "--for=condition=complete", "job/hello", "-n", "shop", "--timeout=60s"],
            ["logs", "job/hello", "-n", "shop"], ["logs", "job/nope", "-n", "shop"], ["logs", "sts/db", "-n", "shop"],
            ["get", "jobs", "-n", "shop", "-o", "wide"], ["get", "job", "hello", "-n", "shop", "-o", "json"],
            ["wait", "--for=condition=complete", "job/nope", "-n", "shop", "--timeout=1s"],
            // wait's other forms: by label, every object, names, jsonpath, delete of what is gone, and its refusals.
            ["wait", "--for=condition=Available", "deployment", "--all", "-n", "shop", "--timeout=5s"],
            ["wait", "--for=condition=Ready", "pods", "-l", "app=db", "-n", "shop", "--timeout=5s"],
            ["wait", "--for=jsonpath={.status.phase}=Running", "pods", "-l", "app=db", "-A", "--timeout=5s"],
            ["wait", "--for=jsonpath={.status.succeeded}=1", "job", "hello", "-n", "shop", "--timeout=5s"],
            ["wait", "--for=jsonpath={.spec}", "job/hello", "-n", "shop", "--timeout=5s"],
            ["wait", "--for=jsonpath={.spec}=x", "job/hello", "-n", "shop", "--timeout=5s"],
            ["wait", "--for=condition=Ready", "pods", "-n", "shop", "--timeout=5s"],
            ["wait", "--for=condition=Ready", "pods", "-l", "app=nothing", "-n", "shop", "--timeout=5s"],
            ["wait", "--for=delete", "pod/nope", "cm/nope", "-n", "shop", "--timeout=5s"],
            ["wait", "--for=create", "job/hello", "-n", "shop", "--timeout=5s"],
            ["wait", "--for=jsonpath={.metadata.name}", "job/hello", "deployment/web", "-n", "shop", "--timeout=2s"],
            ["wait", "--for=bogus", "job/hello", "-n", "shop"],
            // Field selectors: any field of the object, and a malformed one as the server refuses it.
            ["get", "pods", "-n", "shop", "--field-selector", "status.phase=Running,metadata.namespace=shop", "-o", "name"],
            ["get", "pods", "-A", "--field-selector", "status.phase!=Running", "-o", "name"],
            ["get", "events", "-n", "shop", "--field-selector", "involvedObject.kind=Job", "-o", "jsonpath={.items[*].reason}"],
            ["get", "pods", "-n", "shop", "--field-selector", "foo"],
            ["get", "deploy", "-n", "shop", "--field-selector", "spec.replicas=1"], ["get", "pods", "--field-selector", "spec.containers=x"],
            ["get", "pods", "-A", "--field-selector", "spec.host!=nowhere", "-o", "name"],
            ["delete", "pods", "-n", "shop", "--field-selector", "status.phase=Succeeded", "--wait=false"],
            ["delete", "cm", "-n", "shop", "--field-selector", "metadata.name=nope"],
            // The cronjob generator, and a schedule the API server's cron parser refuses.
            ["create", "cronjob", "yearly", "--image=busybox:1.36", "--schedule=0 0 1 1 *", "-n", "shop", "--", "date"],
            ["get", "cronjob", "yearly", "-n", "shop", "-o", "yaml"],
            ["create", "cj", "bad", "--image=busybox", "--schedule=61 * * *", "-n", "shop"],
            ["create", "cj", "bad", "--image=busybox", "--schedule=@Daily", "-n", "shop"],
            ["create", "cj", "nothing", "-n", "shop"],
            ["patch", "cj", "yearly", "-n", "shop", "--type=merge", "-p", #"{"spec":{"schedule":"*/0 * * * *","timeZone":"Mars/Olympus"}}"#],
            ["delete", "cj", "yearly", "-n", "shop"],
            ["describe", "job", "hello", "-n", "shop"], ["describe", "configmap", "settings", "-n", "shop"],
            ["describe", "secret", "creds", "-n", "shop"], ["describe", "sa", "robot", "-n", "shop"],
            ["describe", "endpoints", "web", "-n", "shop"], ["describe", "cm", "nope", "-n", "shop"],
            ["describe", "svc", "web", "-n", "shop"], ["describe", "service", "kubernetes"], ["get", "endpointslices", "-n", "shop"],
            ["describe", "namespace", "shop"], ["describe", "ns", "nope"], ["get", "quota,limits", "-n", "shop"],
            ["describe", "rs", "-n", "shop"], ["describe", "ds", "agent", "-n", "shop"], ["describe", "sts", "db", "-n", "shop"],
            ["scale", "deployment", "web", "-n", "shop", "--replicas=3"],
            ["label", "deployment", "web", "-n", "shop", "team=checkout"],
            ["label", "deployment", "web", "-n", "shop", "team=orders"],
            ["annotate", "deployment", "web", "-n", "shop", "kubernetes.io/change-cause=newer nginx"],
            ["set", "image", "deployment/web", "-n", "shop", "web=nginx:1.28"],
            ["set", "image", "deployment/web", "-n", "shop", "nope=nginx:1.28"],
            ["describe", "deployment", "web", "-n", "shop"], ["describe", "deployment", "ui", "-n", "ui"], ["describe", "deploy", "nope", "-n", "shop"],
            ["rollout", "history", "deployment/web", "-n", "shop"],
            ["rollout", "undo", "deployment/web", "-n", "shop"],
            ["rollout", "undo", "deployment/web", "-n", "shop", "--to-revision=3"],
            ["rollout", "history", "deployment/web", "-n", "shop"],
            ["rollout", "pause", "deployment/web", "-n", "shop"], ["rollout", "pause", "deployment/web", "-n", "shop"],
            ["rollout", "resume", "deployment/web", "-n", "shop"],
            ["patch", "pdb", "web", "-n", "shop", "--type", "merge", "-p", #"{"spec":{"minAvailable":2}}"#],
            ["describe", "pdb", "web", "-n", "shop"],
            ["label", "node", node, "disktype=ssd"], ["label", "node", node, "disktype-"],
            ["taint", "node", node, "dedicated=web:NoSchedule"], ["taint", "node", node, "dedicated=web:NoSchedule"],
            ["taint", "node", node, "dedicated:NoSchedule-"],
            // set resources: the chosen containers' requests and limits; nothing printed when nothing changes.
            ["set", "resources", "deployment/web", "-n", "shop", "--limits=cpu=500m,memory=256Mi", "--requests=cpu=0.1"],
            ["set", "resources", "deployment/web", "-n", "shop", "--limits=cpu=500m,memory=256Mi", "--requests=cpu=0.1"],
            ["get", "deploy", "web", "-n", "shop", "-o", "jsonpath={.spec.template.spec.containers[*].resources}"],
            ["set", "resources", "deployment", "web", "-n", "shop", "-c", "nope", "--limits=cpu=1"],
            ["set", "resources", "deployment/web", "-n", "shop"], ["set", "resources", "deployment/nope", "-n", "shop"],
            ["get", "deploy,rs,cm,secret,sa,svc,pdb", "-n", "shop", "-o", "name"],
            ["get", "cm", "settings", "-n", "shop", "-o", "yaml"],
            ["get", "secret", "creds", "-n", "shop", "-o", "json"],
            ["delete", "pods", "-l", "app=api", "-n", "shop", "--wait=false"], ["delete", "pods", "-l", "app=nothing", "-n", "shop"],
            ["delete", "cm", "-l", "tier=web", "-n", "shop"], ["delete", "sa", "-l", "nothing=here", "-n", "shop"],
            ["delete", "-f", file],
            ["delete", "deployment", "api", "-n", "shop"], ["delete", "deployment", "api", "-n", "shop"],
            // A generator's refusal is wrapped in its own words.
            ["create", "serviceaccount", "default"], ["create", "deployment", "api", "--image=nginx", "-n", "shop"],
            // A namespace is Terminating until its pods have ended (their 30 s grace), then gone.
            ["delete", "namespace", "shop", "--wait=false"], ["get", "namespace", "shop"], ["create", "configmap", "late", "-n", "shop"],
            ["(advance)", "31"], ["get", "namespace", "shop"],
            // The scenario's objects are stored like applied ones: the same uid before and after a
            // first write, taken with their namespace, and the cluster's own namespaces kept.
            ["get", "deploy", "carts", "-n", "carts", "-o", "jsonpath={.metadata.uid} {.metadata.labels}"],
            ["label", "deploy", "carts", "-n", "carts", "tier=cart"],
            ["get", "deploy", "carts", "-n", "carts", "-o", "jsonpath={.metadata.uid} {.metadata.labels}"],
            ["delete", "namespace", "default"], ["delete", "namespace", "kube-system"],
            ["delete", "namespace", "orders", "--wait=false"], ["get", "deploy,pdb", "-n", "orders"],
            // Kinds held as written, with the server's columns and kubectl's describers.
            ["apply", "-f", held], ["get", "ingress,netpol,role,rolebinding", "-n", "ui"], ["get", "rolebinding", "-n", "ui", "-o", "wide"],
            ["get", "clusterrole,clusterrolebinding,ingressclass", "-l", "!kubernetes.io/bootstrapping"], ["get", "sc,pc"],
            ["get", "ingress", "ui", "-n", "ui", "-o", "yaml"], ["get", "netpol", "deny-all", "-n", "ui", "-o", "json"],
            ["get", "sc", "gp3", "-o", "yaml"], ["get", "pc", "high", "-o", "yaml"],
            ["describe", "ingress", "ui", "-n", "ui"], ["describe", "ingressclass", "alb"], ["describe", "role", "reader", "-n", "ui"],
            ["describe", "rolebinding", "reader", "-n", "ui"], ["describe", "clusterrole", "node-reader"],
            ["describe", "clusterrolebinding", "node-reader"], ["describe", "sc"], ["describe", "pc", "system-node-critical"],
            ["describe", "netpol", "-n", "ui"],
            ["delete", "netpol", "deny-all", "-n", "ui"], ["get", "networkpolicies", "-n", "ui"], ["apply", "-f", held],
            ["delete", "-f", held],
            // Again: every object is missing now; each error is printed once all were tried, or none with --ignore-not-found.
            ["delete", "-f", held], ["delete", "-f", held, "--ignore-not-found"], ["delete", "pod", "nope", "--ignore-not-found"],
            ["delete", "cm", "nope", "also-nope", "--ignore-not-found"], ["delete", "pods", "nope", "gone", "--ignore-not-found"],
        ]
        for arguments in lines {
            if arguments.first == "(advance)", let seconds = Double(arguments[1]) {
                for served in [native, real] { served.server.host.access { $0.advance(by: .seconds(seconds)) } }
                continue
            }
            let expected = native.native(["kubectl"] + arguments)
            let got = await real.real(["kubectl"] + arguments)
            #expect(got.status == expected.status, "\(arguments)\n\(got.stderr)")
            // kubectl ages events by its own clock, the simulated cluster's lies in the past: ages are set aside.
            let comparable = { (text: String) in arguments.first == "describe" ? Self.withoutEventAges(text) : text }
            #expect(comparable(got.stdout) == comparable(expected.stdout), "\(arguments)\nreal:\n\(got.stdout)\nnative:\n\(expected.stdout)")
            if expected.status != 0 { #expect(got.stderr == expected.stderr, "\(arguments)") }
        }
        let state = { (served: ServedCluster) in
            served.server.host.access { simulator in
                simulator.nodeList().map { "\($0.name) \($0.labels["disktype"] ?? "-") \($0.taints.count)" }
                    + simulator.namespaceList().map(\.name)
            }
        }
        #expect(state(native) == state(real))
    }
}
