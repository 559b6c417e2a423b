import ClusterSim
import Foundation
import JSON
import Testing
import WireServer
@testable import Actions

/// The real `kubectl` against `workshop serve` in the middle of an upgrade, compared byte for byte
/// with the native action on the same state: every client-side printer (`-o json`, `yaml`, `name`,
/// `jsonpath`, `custom-columns`), `describe node`, and tables — whose columns and cells the server
/// computes, as a real API server does, while kubectl lays them out (`-o wide`, NAMESPACE under `-A`,
/// `-L`, `--show-labels`, `--no-headers`). Skipped when `kubectl` is not installed.
@Suite(.serialized) struct KubectlDifferentialTests {
    /// A cluster in the middle of an update: new nodes, a cordoned old one, pods moving, events.
    static func prepareMidUpdate(_ simulator: Simulator) {
        let session = Session(simulator: simulator)
        _ = session.runProgram("aws", arguments: ["eks", "update-nodegroup-version", "--cluster-name", "eks-workshop", "--nodegroup-name", "default"],
                               environment: ["AWS_DEFAULT_REGION": "us-west-2"])
        simulator.advance(by: .seconds(1500))
        try? simulator.setSchedulable(node: simulator.nodeList()[0].name, false)
        simulator.advance(by: .seconds(5))
    }

    static func midUpdate() async throws -> ServedCluster { try await ServedCluster(prepare: prepareMidUpdate) }

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

    @Test(.enabled(if: RealClient.kubectl != nil, "kubectl is not installed: the committed goldens (KubectlGoldenTests) still run"))
    func realKubectlPrintsWhatTheNativeActionPrints() async throws {
        let served = try await Self.midUpdate()
        let record = ProcessInfo.processInfo.environment["WORKSHOP_RECORD_GOLDENS"] == "1"
        for arguments in Self.cases {
            let native = served.native(["kubectl"] + arguments)
            let real = await served.real(["kubectl"] + arguments)
            if record { try KubectlGoldenTests.record(arguments, stdout: real.stdout, stderr: real.stderr, status: real.status) }
            #expect(real.status == native.status, "\(arguments)\n\(real.stderr)")
            #expect(real.stdout == native.stdout, "\(arguments)\nreal:\n\(real.stdout)\nnative:\n\(native.stdout)")
            if real.status != 0 { #expect(real.stderr == native.stderr, "\(arguments)") }
        }
    }

    /// Commands that change the cluster, run natively on one served cluster and by the real kubectl
    /// on an identical one, in the same order: the same words, statuses and resulting nodes.
    @Test(.enabled(if: RealClient.kubectl != nil, "kubectl is not installed: the committed goldens (KubectlGoldenTests) still run"))
    func writesPrintWhatTheNativeActionPrints() async throws {
        let native = try await ServedCluster()
        let real = try await ServedCluster()
        let node = native.server.host.access { $0.nodeList()[0].name }
        let pod = native.server.host.access { $0.podList(namespace: "ui")[0].name }
        let lines: [[String]] = [
            ["cordon", node], ["cordon", node], ["uncordon", node], ["uncordon", node], ["cordon", "no-such-node"],
            ["delete", "pod", pod, "-n", "ui", "--wait=false"], ["delete", "pod", "nope", "-n", "ui"],
            ["wait", "--for=condition=Ready", "node/\(node)", "--timeout=5s"],
        ]
        await ServedCluster.expectSameKubectl(lines, native: native, real: real)
        let nodes = { (served: ServedCluster) in served.server.host.access { $0.nodeList().map { "\($0.name) \($0.unschedulable)" } } }
        #expect(nodes(native) == nodes(real))
    }

    /// kubectl measures ages from its own clock, so the native page is rendered for each whole second
    /// between just before and just after kubectl ran (the page can only change on such a second).
    @Test(.enabled(if: RealClient.kubectl != nil, "kubectl is not installed: the committed goldens (KubectlGoldenTests) still run"))
    func realKubectlDescribesNodesAsTheNativeActionDoes() async throws {
        let served = try await Self.midUpdate()
        let names = served.server.host.access { simulator in simulator.nodeList().map(\.name) }
        #expect(served.server.host.access { $0.nodeList().contains { $0.unschedulable } }, "the comparison should include a cordoned node")
        for name in names {
            let before = Date().timeIntervalSince1970
            let real = await served.real(["kubectl", "describe", "node", name])
            let after = Date().timeIntervalSince1970
            #expect(real.status == 0, "\(real.stderr)")
            let candidates = served.server.host.access { simulator in
                stride(from: before.rounded(.down), through: after.rounded(.down) + 1, by: 1).map { now in
                    NodeDescriber.describe(node: name, simulator: simulator, now: now)
                }
            }
            #expect(candidates.contains(real.stdout), "\(name)\nreal:\n\(real.stdout)\nnative:\n\(candidates[0])")
        }
    }

    /// Strings that go-yaml must quote, fold or escape, and JSON text kubectl escapes, as label values
    /// of a served node (the server takes them through a PATCH), printed by the real kubectl and by the
    /// native encoders.
    @Test(.enabled(if: RealClient.kubectl != nil, "kubectl is not installed: the committed goldens (KubectlGoldenTests) still run"))
    func awkwardStringsPrintAsKubectlPrintsThem() async throws {
        let served = try await ServedCluster(prepare: { simulator in
            let name = simulator.nodeList()[0].name
            try? simulator.patchNode(name, labels: Dictionary(uniqueKeysWithValues: Self.awkwardValues.enumerated().map { ("k\($0.offset)", $0.element) }))
        })
        let name = served.server.host.access { $0.nodeList()[0].name }
        for format in ["yaml", "json"] {
            let real = await served.real(["kubectl", "get", "node", name, "-o", format])
            let native = served.native(["kubectl", "get", "node", name, "-o", format])
            #expect(real.status == 0, "\(real.stderr)")
            #expect(real.stdout == native.stdout, "real:\n\(real.stdout)\nnative:\n\(native.stdout)")
        }
    }

    static let awkwardValues = ["true", "True", "yes", "no", "on", "OFF", "y", "n", "~", "null", "", "1", "-1", "+1", "0123", "08", "0x1F", "0o17", "0b101",
                                "-0b101", "1_000", "1e3", "1e999", ".5", "-.inf", ".NaN", "10:30", "1:2:3.5", "2024-01-01", "2024-1-2", "2024-01-01T00:00:00Z",
                                "2024-01-01 10:00:00", "2024-13-01", "<<", "- a", "-a", ": b", "a: b", "a:b", "#x", "a #b", "a#b", " lead", "trail ",
                                "multi\nline", "multi\nline\n", "multi\n\n", "\nlead", "tab\there", "é and ü", "日本語", "emoji 😀", "'single'",
                                "\"double\"", "back\\slash", "*star", "&anchor", "!tag", "%pct", "@at", "`tick", "[x]", "{x}", ",x", "?x", "? x",
                                "---", "...", "a<b>&c", "line\u{2028}sep", "bell\u{07}",
                                String(repeating: "word ", count: 30) + "end", String(repeating: "x", count: 120),
                                "'" + String(repeating: "quoted words ", count: 10) + "'", String(repeating: "a: b ", count: 25)]

    static var awkwardNode: JSONValue {
        let awkward = awkwardValues
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

extension NodeDescriber {
    /// `kubectl describe node NAME` as the native action prints it at `now` (Unix seconds).
    static func describe(node name: String, simulator: Simulator, now: Double) -> String {
        let node = simulator.node(named: name)!
        return NodeDescriber(node: KubernetesObjects.node(node, simulator: simulator), lease: KubernetesObjects.lease(node, simulator: simulator),
                             pods: simulator.pods(onNode: name).map { KubernetesObjects.pod($0, simulator: simulator) },
                             events: KubectlDescribe.nodeEvents(name, KubernetesEvent.all(simulator)).map { $0.json(simulator) }, now: now).describe()
    }
}
