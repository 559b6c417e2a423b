import Foundation
import Testing
import ClusterSim
import JSON
@testable import Actions

/// The real `kubectl` against a loopback stand-in for the API server that serves the simulator's own
/// objects, compared byte for byte with the native action: every client-side printer (`-o json`,
/// `yaml`, `name`, `jsonpath`, `custom-columns`), `describe node`, and tables. Skipped when `kubectl`
/// is not installed. A table's columns and cells come from the API server (the stub serves the native
/// ones); what kubectl adds is compared: layout, `-o wide`'s columns, NAMESPACE under `-A`, `-L`,
/// `--show-labels`, `--no-headers`, named objects in order, and the messages for nothing found.
@Suite(.serialized) struct KubectlDifferentialTests {
    static let kubectl: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        .map { "\($0)/kubectl" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    /// A cluster in the middle of an update: new nodes, a cordoned old one, pods moving, events.
    static func midUpdateSession() -> Session {
        let session = Session(simulator: Simulator(scenario: .default))
        _ = session.run("aws eks update-nodegroup-version --cluster-name eks-workshop --nodegroup-name default")
        _ = session.run("sleep 1500")
        let node = session.simulator.nodeList()[0].name
        _ = session.run("kubectl cordon \(node)")
        _ = session.run("sleep 5")
        return session
    }

    /// Paths the API server would answer for the simulator's objects, discovery included.
    static func routes(_ simulator: Simulator) -> [String: JSONValue] {
        func resources(_ list: [(String, String, Bool, [String])]) -> JSONValue {
            .array(list.map { name, kind, namespaced, short in
                .object([("name", .string(name)), ("singularName", .string(kind.lowercased())), ("namespaced", .bool(namespaced)),
                         ("kind", .string(kind)), ("verbs", .array([.string("get"), .string("list")])),
                         ("shortNames", .array(short.map { .string($0) }))])
            })
        }
        func group(_ name: String) -> JSONValue {
            let version = JSONValue.object([("groupVersion", .string("\(name)/v1")), ("version", .string("v1"))])
            return .object([("name", .string(name)), ("versions", .array([version])), ("preferredVersion", version)])
        }
        var routes: [String: JSONValue] = [
            "/version": .object([("major", .string("1")), ("minor", .string("33")), ("gitVersion", .string("v1.33.5-eks-3cfe0ce"))]),
            "/api": .object([("kind", .string("APIVersions")), ("versions", .array([.string("v1")]))]),
            "/apis": .object([("kind", .string("APIGroupList")), ("apiVersion", .string("v1")),
                              ("groups", .array(["apps", "policy", "coordination.k8s.io"].map(group)))]),
            "/api/v1": .object([("kind", .string("APIResourceList")), ("groupVersion", .string("v1")),
                                ("resources", resources([("nodes", "Node", false, ["no"]), ("pods", "Pod", true, ["po"]),
                                                         ("events", "Event", true, ["ev"])]))]),
            "/apis/apps/v1": .object([("kind", .string("APIResourceList")), ("groupVersion", .string("apps/v1")),
                                      ("resources", resources([("deployments", "Deployment", true, ["deploy"])]))]),
            "/apis/policy/v1": .object([("kind", .string("APIResourceList")), ("groupVersion", .string("policy/v1")),
                                        ("resources", resources([("poddisruptionbudgets", "PodDisruptionBudget", true, ["pdb"])]))]),
            "/apis/coordination.k8s.io/v1": .object([("kind", .string("APIResourceList")), ("groupVersion", .string("coordination.k8s.io/v1")),
                                                     ("resources", resources([("leases", "Lease", true, [])]))]),
        ]
        let types: [(KubectlResource, String, String)] = [
            (.nodes, "/api/v1", "NodeList"), (.pods, "/api/v1", "PodList"), (.events, "/api/v1", "EventList"),
            (.deployments, "/apis/apps/v1", "DeploymentList"), (.podDisruptionBudgets, "/apis/policy/v1", "PodDisruptionBudgetList"),
        ]
        for (resource, base, listKind) in types {
            let plural = resource.qualifiedPlural.split(separator: ".").first.map(String.init)!
            let objects = resource.objects(nil, simulator)
            func list(_ items: [KubectlResource.Object]) -> JSONValue {
                .object([("apiVersion", .string(String(base.dropFirst(base.hasPrefix("/apis/") ? 6 : 5)))), ("kind", .string(listKind)),
                         ("metadata", .object([("resourceVersion", .string("12345"))])), ("items", .array(items.map { $0.json() }))])
            }
            routes["\(base)/\(plural)"] = list(objects)
            for object in objects {
                if let namespace = object.namespace {
                    routes["\(base)/namespaces/\(namespace)/\(plural)/\(object.name)"] = object.json()
                } else {
                    routes["\(base)/\(plural)/\(object.name)"] = object.json()
                }
            }
            for namespace in Set(objects.compactMap(\.namespace)) {
                routes["\(base)/namespaces/\(namespace)/\(plural)"] = list(objects.filter { $0.namespace == namespace })
            }
        }
        routes["__tables__"] = tables(simulator, types.map(\.0))
        for node in simulator.nodeList() {
            routes["/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/\(node.name)"] = KubernetesObjects.lease(node, simulator: simulator)
        }
        return routes
    }

    /// What the API server's table printers would send: each type's columns (those only `-o wide`
    /// shows have priority 1) and every object's cells, from the native table.
    static func tables(_ simulator: Simulator, _ resources: [KubectlResource]) -> JSONValue {
        .object(resources.map { resource in
            let narrow = Set(resource.header(false))
            let columns = resource.header(true).map { name in
                JSONValue.object([("name", .string(name)), ("priority", .int(narrow.contains(name) ? 0 : 1))])
            }
            let cells = resource.objects(nil, simulator).map { object in
                (object.key, JSONValue.array(object.row(true, simulator.now).map { .string($0) }))
            }
            let plural = resource.qualifiedPlural.split(separator: ".").first.map(String.init)!
            return (plural, .object([("columns", .array(columns)), ("cells", .object(cells))]))
        })
    }

    final class Stub {
        let process = Process()
        let port = 40_000 + Int.random(in: 0..<20_000)
        let directory = NSTemporaryDirectory() + "workshop-kubectl-\(UUID().uuidString)"

        init?(routes: [String: JSONValue]) {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let file = directory + "/routes.json"
            let body = JSONSerializer.compact(.object(routes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
            FileManager.default.createFile(atPath: file, contents: Data(body.utf8))
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/kubectl/apiserver-stub.py").path
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script, String(port), file]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return nil }
            // Wait until it accepts connections.
            for _ in 0..<50 {
                if Self.accepts(port) { return }
                usleep(100_000)
            }
            return nil
        }

        static func accepts(_ port: Int) -> Bool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
        }

        func kubectl(_ arguments: [String]) -> (stdout: String, stderr: String, status: Int32) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: KubectlDifferentialTests.kubectl!)
            process.arguments = ["--server", "http://127.0.0.1:\(port)", "--cache-dir", directory + "/cache"] + arguments
            var environment = ProcessInfo.processInfo.environment
            environment["TZ"] = "UTC"
            environment["KUBECONFIG"] = directory + "/no-kubeconfig"
            environment["HOME"] = directory
            process.environment = environment
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try? process.run()
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self), process.terminationStatus)
        }

        deinit {
            process.terminate()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    static let cases: [[String]] = [
        ["get", "nodes", "-o", "json"], ["get", "nodes", "-o", "yaml"], ["get", "nodes", "-o", "name"],
        ["get", "nodes", "-o", "jsonpath={.items[*].metadata.name}"],
        ["get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name}{\"\\t\"}{.metadata.labels.eks\\.amazonaws\\.com/nodegroup-image}{\"\\n\"}{end}"],
        ["get", "nodes", "-o", "custom-columns=NAME:.metadata.name,ZONE:.metadata.labels.topology\\.kubernetes\\.io/zone,TAINTS:.spec.taints[*].key,UNSCHEDULABLE:.spec.unschedulable"],
        ["get", "pods", "-A", "-o", "yaml"], ["get", "pods", "-n", "ui", "-o", "json"], ["get", "pods", "-A", "-o", "name"],
        ["get", "pods", "-A", "-o", "custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,NODE:.spec.nodeName,PHASE:.status.phase"],
        ["get", "deployments", "-A", "-o", "yaml"], ["get", "deploy", "ui", "-n", "ui", "-o", "json"], ["get", "deployments", "-A", "-o", "name"],
        ["get", "pdb", "-A", "-o", "yaml"], ["get", "pdb", "ui", "-n", "ui", "-o", "json"], ["get", "pdb", "-A", "-o", "name"],
        ["get", "events", "-A", "-o", "yaml"], ["get", "events", "-n", "default", "-o", "json"],
        ["get", "nodes", "-o", "jsonpath={.items[0].status.conditions[?(@.type==\"Ready\")].status}"],
        ["get", "nodes", "no-such-node", "-o", "yaml"],
        ["get", "pods", "-A", "-l", "app.kubernetes.io/name=ui", "-o", "name"],
        ["get", "nodes", "-l", "topology.kubernetes.io/zone=us-west-2b", "-o", "jsonpath={.items[*].metadata.name}"],
        // Tables: the server's cells, kubectl's layout and decorations.
        ["get", "nodes"], ["get", "nodes", "-o", "wide"], ["get", "nodes", "--no-headers"], ["get", "nodes", "--show-labels"],
        ["get", "nodes", "-L", "eks.amazonaws.com/nodegroup,topology.kubernetes.io/zone", "-L", "missing/label"],
        ["get", "pods", "-A"], ["get", "pods", "-n", "ui", "-o", "wide"], ["get", "pods", "-n", "ui", "--show-labels"],
        ["get", "pods", "-n", "nowhere"], ["get", "pods", "-A", "-l", "app.kubernetes.io/component=service", "-o", "wide"],
        ["get", "deployments", "-A"], ["get", "deploy", "-n", "ui", "-o", "wide"], ["get", "deploy", "ui", "-n", "ui", "--no-headers"],
        ["get", "pdb", "-A"], ["get", "pdb", "-n", "ui", "-L", "app"], ["get", "events", "-A"], ["get", "events", "-n", "default", "-o", "wide"],
        ["get", "events", "-n", "nowhere"],
    ]

    @Test(.enabled(if: KubectlDifferentialTests.kubectl != nil, "kubectl is not installed: the committed goldens (KubectlGoldenTests) still run"))
    func realKubectlPrintsWhatTheNativeActionPrints() throws {
        let session = Self.midUpdateSession()
        let routes = Self.routes(session.simulator)
        let stub = try #require(Stub(routes: routes), "the API server stub did not start")
        let record = ProcessInfo.processInfo.environment["WORKSHOP_RECORD_GOLDENS"] == "1"
        for arguments in Self.cases {
            let native = session.run(AwscliDifferentialTests.quote(["kubectl"] + arguments))
            let real = stub.kubectl(arguments)
            if record { try KubectlGoldenTests.record(arguments, stdout: real.stdout, stderr: real.stderr, status: real.status) }
            #expect(real.status == native.status, "\(arguments)")
            #expect(real.stdout == native.stdout, "\(arguments)\nreal:\n\(real.stdout)\nnative:\n\(native.stdout)")
            if real.status != 0 { #expect(real.stderr == native.stderr, "\(arguments)") }
        }
    }

    /// kubectl measures ages from its own clock, so the native page is rendered for each whole second
    /// between just before and just after kubectl ran (the page can only change on such a second).
    @Test(.enabled(if: KubectlDifferentialTests.kubectl != nil, "kubectl is not installed: the committed goldens (KubectlGoldenTests) still run"))
    func realKubectlDescribesNodesAsTheNativeActionDoes() throws {
        let session = Self.midUpdateSession()
        let simulator = session.simulator
        let routes = Self.routes(simulator)
        let stub = try #require(Stub(routes: routes), "the API server stub did not start")
        let events = KubernetesEvent.all(simulator)
        #expect(simulator.nodeList().contains { $0.unschedulable }, "the comparison should include a cordoned node")
        for node in simulator.nodeList() {
            let before = Date().timeIntervalSince1970
            let real = stub.kubectl(["describe", "node", node.name])
            let after = Date().timeIntervalSince1970
            #expect(real.status == 0, "\(real.stderr)")
            let describer = { (now: Double) in
                NodeDescriber(node: KubernetesObjects.node(node, simulator: simulator), lease: KubernetesObjects.lease(node, simulator: simulator),
                              pods: simulator.pods(onNode: node.name).map { KubernetesObjects.pod($0, simulator: simulator) },
                              events: KubectlDescribe.nodeEvents(node.name, events).map { $0.json(simulator) }, now: now).describe()
            }
            let candidates = stride(from: before.rounded(.down), through: after.rounded(.down) + 1, by: 1).map(describer)
            #expect(candidates.contains(real.stdout), "\(node.name)\nreal:\n\(real.stdout)\nnative:\n\(candidates[0])")
        }
    }

    /// Strings that go-yaml must quote, fold or escape, and JSON text kubectl escapes: one object
    /// carrying them all, printed by the real kubectl and by the native encoders.
    @Test(.enabled(if: KubectlDifferentialTests.kubectl != nil, "kubectl is not installed: the committed goldens (KubectlGoldenTests) still run"))
    func awkwardStringsPrintAsKubectlPrintsThem() throws {
        let node = Self.awkwardNode
        var routes = Self.routes(Simulator(scenario: .default))
        routes["/api/v1/nodes/awkward"] = node
        let stub = try #require(Stub(routes: routes), "the API server stub did not start")
        let yaml = stub.kubectl(["get", "node", "awkward", "-o", "yaml"])
        #expect(yaml.status == 0, "\(yaml.stderr)")
        if ProcessInfo.processInfo.environment["WORKSHOP_RECORD_GOLDENS"] == "1" {
            try KubectlGoldenTests.record(["awkward", "yaml"], stdout: yaml.stdout, stderr: "", status: 0)
            try KubectlGoldenTests.record(["awkward", "json"], stdout: stub.kubectl(["get", "node", "awkward", "-o", "json"]).stdout, stderr: "", status: 0)
        }
        #expect(yaml.stdout == GoYAMLEncoder.encode(node), "real:\n\(yaml.stdout)\nnative:\n\(GoYAMLEncoder.encode(node))")
        let json = stub.kubectl(["get", "node", "awkward", "-o", "json"])
        #expect(json.stdout == KubectlStructuredOutput.json(node), "real:\n\(json.stdout)\nnative:\n\(KubectlStructuredOutput.json(node))")
    }

    static var awkwardNode: JSONValue {
        let awkward = ["true", "True", "yes", "no", "on", "OFF", "y", "n", "~", "null", "", "1", "-1", "+1", "0123", "08", "0x1F", "0o17", "0b101",
                       "-0b101", "1_000", "1e3", "1e999", ".5", "-.inf", ".NaN", "10:30", "1:2:3.5", "2024-01-01", "2024-1-2", "2024-01-01T00:00:00Z",
                       "2024-01-01 10:00:00", "2024-13-01", "<<", "- a", "-a", ": b", "a: b", "a:b", "#x", "a #b", "a#b", " lead", "trail ",
                       "multi\nline", "multi\nline\n", "multi\n\n", "\nlead", "tab\there", "é and ü", "日本語", "emoji 😀", "'single'",
                       "\"double\"", "back\\slash", "*star", "&anchor", "!tag", "%pct", "@at", "`tick", "[x]", "{x}", ",x", "?x", "? x",
                       "---", "...", "a<b>&c", "line\u{2028}sep", "bell\u{07}",
                       String(repeating: "word ", count: 30) + "end", String(repeating: "x", count: 120),
                       "'" + String(repeating: "quoted words ", count: 10) + "'", String(repeating: "a: b ", count: 25)]
        let labels = JSONValue.object(awkward.enumerated().map { ("k\($0.offset)", .string($0.element)) })
        let node = JSONValue.object([("apiVersion", .string("v1")), ("kind", .string("Node")),
                                     ("metadata", .object([("name", .string("awkward")), ("annotations", labels),
                                                           ("labels", .object([("a", .string("1")), ("a10", .string("x")), ("a9", .string("y")),
                                                                               ("a_b", .string("z")), ("aB", .string("w")), ("A", .string("v"))]))])),
                                     ("spec", .object([("podCIDRs", .array([.string("10.0.0.0/24")])), ("unschedulable", .bool(true)),
                                                       ("taints", .array([]))])),
                                     ("status", .object([("capacity", .object([("cpu", .double(1.5)), ("pods", .int(110))]))]))])
        return node
    }
}
