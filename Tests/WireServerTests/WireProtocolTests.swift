import Actions
import ClusterSim
import Foundation
import JSON
import Testing
@testable import WireServer

/// The server's protocols as clients meet them, request by request (no socket): discovery in the form
/// kubectl asks for, Status errors, evictions refused by a budget, node patches, watches that miss
/// nothing, access tokens, and bad input answered with each protocol's own error.
@Suite struct WireProtocolTests {
    static func server(_ scenario: Scenario = .default, token: String? = nil, prepare: (Simulator) -> Void = { _ in }) -> WireServer {
        let simulator = Simulator(scenario: scenario)
        prepare(simulator)
        return WireServer(host: SimulationHost(simulator: simulator, speed: .paused), region: scenario.region,
                          configuration: .init(access: AccessPolicy(token: token)))
    }

    static func body(_ response: WireResponse) -> (status: Int, headers: [String: String], json: JSONValue?) {
        let (status, headers, body): (Int, [(String, String)], String)
        switch response {
        case .complete(let s, let h, let b): (status, headers, body) = (s, h, b)
        case .bytes(let s, let h, let b): (status, headers, body) = (s, h, String(decoding: b, as: UTF8.self))
        case .stream: return (200, [:], nil)
        }
        return (status, Dictionary(headers.map { ($0.0.lowercased(), $0.1) }, uniquingKeysWith: { a, _ in a }), try? JSONParser.parse(body))
    }

    @Test func aggregatedDiscoveryAnswersInTheVersionAsked() {
        let server = Self.server()
        let v2 = Self.body(server.respond(WireRequest(method: "GET", path: "/apis", headers: ["Accept": "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"])))
        #expect(v2.headers["content-type"] == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
        let old = Self.body(server.respond(WireRequest(method: "GET", path: "/api", headers: ["Accept": "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"])))
        #expect(old.headers["content-type"] == "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList")
        #expect(old.json?["apiVersion"] == .string("apidiscovery.k8s.io/v2beta1"))
        let legacy = Self.body(server.respond(WireRequest(method: "GET", path: "/api/v1", headers: ["Accept": "application/json"])))
        guard case .array(let resources)? = legacy.json?["resources"] else { Issue.record("no resources"); return }
        #expect(resources.contains { $0["name"] == .string("pods/eviction") && $0["group"] == .string("policy") })
        let version = Self.body(server.respond(WireRequest(method: "GET", path: "/version")))
        #expect(version.headers["cache-control"] == "no-store")
        #expect(version.json?["minor"] == .string("33"))
    }

    /// kubectl reads `/openapi/v2` as gnostic's protobuf Document when v3 lacks a kind; a 404 there made
    /// it refuse a file whose CRD is not applied yet, where a real cluster reports the kind unmapped.
    @Test func openAPIV2IsAProtobufDocumentWithTheSwaggerHeaderOnly() throws {
        let response = Self.server().respond(WireRequest(method: "GET", path: "/openapi/v2",
                                                         headers: ["Accept": "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"]))
        guard case .bytes(let status, let headers, let body) = response else { Issue.record("not a byte reply"); return }
        #expect(status == 200)
        #expect(headers.contains { $0.0 == "Content-Type" && $0.1 == "application/com.github.proto-openapi.spec.v2.v1.0+protobuf" })
        var reader = KubernetesProtobuf.Reader(bytes: body, position: 0, end: body.count)
        var fields: [Int: [UInt8]] = [:]
        while let (number, wire) = try reader.key() {
            #expect(wire == 2)
            fields[number] = try reader.lengthDelimited()
        }
        #expect(fields.keys.sorted() == [1, 2], "swagger and info only: no paths (8) or definitions (9)")
        #expect(fields[1].map { String(decoding: $0, as: UTF8.self) } == "2.0")
        var info = KubernetesProtobuf.Reader(bytes: fields[2] ?? [], position: 0, end: fields[2]?.count ?? 0)
        var infoFields: [Int: String] = [:]
        while let (number, _) = try info.key() { infoFields[number] = String(decoding: try info.lengthDelimited(), as: UTF8.self) }
        #expect(infoFields == [1: "Kubernetes", 2: "v1.32.1"])
        #expect(Self.body(Self.server().respond(WireRequest(method: "POST", path: "/openapi/v2"))).status == 404)
    }

    @Test func missingObjectsAndPathsAreStatusObjects() {
        let server = Self.server()
        let pod = Self.body(server.respond(WireRequest(method: "GET", path: "/api/v1/namespaces/default/pods/nope")))
        #expect(pod.status == 404)
        #expect(pod.json?["reason"] == .string("NotFound"))
        #expect(pod.json?["message"] == .string("pods \"nope\" not found"))
        let deployment = Self.body(server.respond(WireRequest(method: "GET", path: "/apis/apps/v1/namespaces/ui/deployments/shop")))
        #expect(deployment.json?["message"] == .string("deployments.apps \"shop\" not found"))
        let unknown = Self.body(server.respond(WireRequest(method: "GET", path: "/apis/example.com/v1/widgets")))
        #expect(unknown.json?["message"] == .string("the server could not find the requested resource"))
    }

    /// A Table written straight to bytes says exactly what the JSON tree form says, for every type,
    /// and keeps saying it as labels change between requests (its label cache follows them).
    @Test func tablesWrittenAsBytesMatchTheTreeForm() throws {
        let server = Self.server()
        let table = ["Accept": "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"]
        func expected(_ type: Actions.KubernetesResourceType, namespace: String? = nil) -> String {
            server.host.access { simulator in
                let version = WatchHub.resourceVersion(simulator)
                let rows = Actions.KubernetesAPI.objects(type, namespace: namespace, simulator: simulator).map {
                    ($0.cells(at: simulator.now), KubernetesTables.metadataOnly($0, resourceVersion: version))
                }
                return JSONSerializer.compact(KubernetesTables.table(type, rows: rows, resourceVersion: version))
            }
        }
        func served(_ path: String) -> String {
            guard case .bytes(_, _, let body) = server.respond(WireRequest(method: "GET", path: path, headers: table)) else { return "" }
            return String(decoding: body, as: UTF8.self)
        }
        for type in Actions.KubernetesAPI.resourceTypes {
            let path = type.group.isEmpty ? "/api/v1/\(type.plural)" : "/apis/\(type.groupVersion)/\(type.plural)"
            #expect(served(path) == expected(type), "\(type.plural)")
        }
        let node = server.host.access { $0.nodeList()[0].name }
        _ = server.respond(WireRequest(method: "PATCH", path: "/api/v1/nodes/\(node)", headers: ["Content-Type": "application/merge-patch+json"],
                                       body: Array(#"{"metadata":{"labels":{"team":"blue"}}}"#.utf8)))
        let nodes = try #require(Actions.KubernetesAPI.resourceType(group: "", version: "v1", plural: "nodes"))
        let after = served("/api/v1/nodes")
        #expect(after == expected(nodes))
        #expect(after.contains(#""team":"blue""#))
    }

    /// Plain lists written straight to bytes (nodes from their cached encodings) say exactly what
    /// the JSON tree says — at rest, after a node changes, and after the clock and the cluster move.
    @Test func listsWrittenAsBytesMatchTheTreeForm() throws {
        let server = Self.server(prepare: { simulator in
            _ = try? simulator.updateNodegroupVersion(cluster: "eks-workshop", nodegroup: "default")
            simulator.advance(by: .seconds(200))
        })
        func expected(_ type: Actions.KubernetesResourceType) -> String {
            server.host.access { simulator in
                JSONSerializer.compact(.object([
                    ("kind", .string(type.listKind)), ("apiVersion", .string(type.groupVersion)),
                    ("metadata", .object([("resourceVersion", .string(String(WatchHub.resourceVersion(simulator))))])),
                    ("items", .array(Actions.KubernetesAPI.objects(type, namespace: nil, simulator: simulator).map { $0.json() })),
                ]))
            }
        }
        func served(_ path: String) -> String {
            guard case .bytes(_, _, let body) = server.respond(WireRequest(method: "GET", path: path)) else { return "" }
            return String(decoding: body, as: UTF8.self)
        }
        for type in Actions.KubernetesAPI.resourceTypes {
            let path = type.group.isEmpty ? "/api/v1/\(type.plural)" : "/apis/\(type.groupVersion)/\(type.plural)"
            #expect(served(path) == expected(type), "\(type.plural)")
        }
        let nodes = try #require(Actions.KubernetesAPI.resourceType(group: "", version: "v1", plural: "nodes"))
        let before = served("/api/v1/nodes")
        let node = server.host.access { $0.nodeList()[0].name }
        _ = server.respond(WireRequest(method: "PATCH", path: "/api/v1/nodes/\(node)", headers: ["Content-Type": "application/merge-patch+json"],
                                       body: Array(#"{"spec":{"unschedulable":true}}"#.utf8)))
        server.host.access { $0.advance(by: .seconds(90)) }
        let after = served("/api/v1/nodes")
        #expect(after != before)
        #expect(after == expected(nodes))
    }

    @Test func selectorsNarrowLists() {
        let server = Self.server()
        let node = server.host.access { $0.nodeList()[0].name }
        let onNode = Self.body(server.respond(WireRequest(method: "GET", path: "/api/v1/pods", query: "fieldSelector=spec.nodeName%3D\(node)%2Cstatus.phase%21%3DSucceeded&limit=500")))
        guard case .array(let pods)? = onNode.json?["items"] else { Issue.record("no items"); return }
        #expect(!pods.isEmpty)
        #expect(pods.allSatisfy { $0["spec"]?["nodeName"] == .string(node) })
        let ui = Self.body(server.respond(WireRequest(method: "GET", path: "/api/v1/pods", query: "labelSelector=app.kubernetes.io%2Fname%3Dui")))
        guard case .array(let uiPods)? = ui.json?["items"] else { Issue.record("no items"); return }
        #expect(!uiPods.isEmpty && uiPods.allSatisfy { $0["metadata"]?["namespace"] == .string("ui") })
        let bad = Self.body(server.respond(WireRequest(method: "GET", path: "/api/v1/pods", query: "fieldSelector=spec.nodeName")))
        #expect(bad.status == 400)
    }

    @Test func anEvictionABudgetRefusesIs429WithTheBudgetsWords() throws {
        let scenario = try ScenarioLoader.load(path: Self.fixture("serve/two-nodes-one-budget.yaml"))
        let server = Self.server(scenario)
        let pods = server.host.access { $0.podList(namespace: "shop").map(\.name) }
        #expect(pods.count == 4)
        let first = server.respond(WireRequest(method: "POST", path: "/api/v1/namespaces/shop/pods/\(pods[0])/eviction", body: Array("{}".utf8)))
        #expect(first.status == 201)
        let second = Self.body(server.respond(WireRequest(method: "POST", path: "/api/v1/namespaces/shop/pods/\(pods[1])/eviction", body: Array("{}".utf8))))
        #expect(second.status == 429)
        #expect(second.headers["retry-after"] == nil)
        #expect(second.json?["message"] == .string("Cannot evict pod as it would violate the pod's disruption budget."))
        let cause = second.json?["details"]?["causes"].flatMap { causes -> JSONValue? in if case .array(let list) = causes { return list.first } else { return nil } }
        #expect(cause?["reason"] == .string("DisruptionBudget"))
        #expect(cause?["message"]?.stringValue?.hasPrefix("The disruption budget ") == true, "\(String(describing: cause))")
    }

    @Test func cordonLabelsAndTaintsArePatchesOfTheNode() {
        let server = Self.server()
        let node = server.host.access { $0.nodeList()[0].name }
        let path = "/api/v1/nodes/\(node)"
        let cordon = server.respond(WireRequest(method: "PATCH", path: path, headers: ["Content-Type": "application/strategic-merge-patch+json"],
                                                body: Array(#"{"spec":{"unschedulable":true}}"#.utf8)))
        #expect(cordon.status == 200)
        #expect(server.host.access { $0.node(named: node)!.unschedulable })
        let label = server.respond(WireRequest(method: "PATCH", path: path, headers: ["Content-Type": "application/merge-patch+json"],
                                               body: Array(#"{"metadata":{"labels":{"team":"blue","workshop-default":null}}}"#.utf8)))
        #expect(label.status == 200)
        #expect(server.host.access { $0.node(named: node)!.labels["team"] } == "blue")
        #expect(server.host.access { $0.node(named: node)!.labels["workshop-default"] } == nil)
        let taint = server.respond(WireRequest(method: "PATCH", path: path, headers: ["Content-Type": "application/json-patch+json"],
                                               body: Array(#"[{"op":"add","path":"/spec/taints","value":[{"key":"dedicated","value":"gpu","effect":"NoSchedule"}]}]"#.utf8)))
        #expect(taint.status == 200)
        #expect(server.host.access { $0.node(named: node)!.taints } == [Taint(key: "dedicated", value: "gpu", effect: "NO_SCHEDULE")])
        let kubelet = Self.body(server.respond(WireRequest(method: "PATCH", path: path, headers: ["Content-Type": "application/merge-patch+json"],
                                                           body: Array(#"{"status":{"capacity":{"pods":"500"}}}"#.utf8))))
        #expect(kubelet.status == 422)
        #expect(kubelet.json?["reason"] == .string("Invalid"))
    }

    @Test func aWatchFromAListsVersionMissesNothingInBetween() async {
        let server = Self.server()
        let listed = Self.body(server.respond(WireRequest(method: "GET", path: "/api/v1/nodes")))
        guard case .string(let version)? = listed.json?["metadata"]?["resourceVersion"] else { Issue.record("no resourceVersion"); return }
        let node = server.host.access { $0.nodeList()[0].name }
        // A change after the list and before the watch: the watch must still carry it.
        _ = server.respond(WireRequest(method: "PATCH", path: "/api/v1/nodes/\(node)", headers: ["Content-Type": "application/merge-patch+json"],
                                       body: Array(#"{"spec":{"unschedulable":true}}"#.utf8)))
        guard case .stream(_, let lines, let cancel) = server.respond(WireRequest(method: "GET", path: "/api/v1/nodes", query: "watch=true&resourceVersion=\(version)")) else {
            Issue.record("not a stream"); return
        }
        var iterator = lines.makeAsyncIterator()
        let line = await iterator.next()
        cancel()
        let event = line.flatMap { $0.split(separator: "\n").first }.flatMap { try? JSONParser.parse(String($0)) }
        #expect(event?["type"] == .string("MODIFIED"))
        #expect(event?["object"]?["spec"]?["unschedulable"] == .bool(true))
    }

    @Test func withATokenRequestsWithoutItAreRefusedAsTheServicesRefuse() {
        let server = Self.server(token: "s3cret")
        let kube = Self.body(server.respond(WireRequest(method: "GET", path: "/api/v1/nodes")))
        #expect(kube.status == 401)
        #expect(kube.json?["reason"] == .string("Unauthorized"))
        #expect(server.respond(WireRequest(method: "GET", path: "/api/v1/nodes", headers: ["Authorization": "Bearer s3cret"])).status == 200)
        let signed = { (key: String) in
            ["Authorization": "AWS4-HMAC-SHA256 Credential=\(key)/20261204/us-west-2/eks/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"]
        }
        let eks = Self.body(server.respond(WireRequest(method: "GET", path: "/clusters", headers: signed("workshop"))))
        #expect(eks.status == 403)
        #expect(eks.headers["x-amzn-errortype"] == "UnrecognizedClientException")
        #expect(server.respond(WireRequest(method: "GET", path: "/clusters", headers: signed("s3cret"))).status == 200)
    }

    @Test func badInputGetsEachProtocolsErrorNeverACrash() {
        let server = Self.server()
        let ssm = Self.body(server.respond(WireRequest(method: "POST", path: "/", headers: ["X-Amz-Target": "AmazonSSM.GetParameter",
                                                                                           "Content-Type": "application/x-amz-json-1.1"], body: Array("{nope".utf8))))
        #expect(ssm.status == 400)
        #expect(ssm.json?["__type"] == .string("SerializationException"))
        let form = server.respond(WireRequest(method: "POST", path: "/", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                              body: Array("Action=DescribeInstances&Version=2016-11-15&Filter.x..1=%zz".utf8)))
        #expect(form.status == 400)
        guard case .complete(_, _, let xml) = form else { return }
        #expect(xml.contains("<Code>InvalidParameterValue</Code>"))
        let eks = Self.body(server.respond(WireRequest(method: "POST", path: "/clusters/eks-workshop/node-groups/default/update-version",
                                                       headers: ["Content-Type": "application/json"], body: Array("[1,2".utf8))))
        #expect(eks.status == 400)
        #expect(eks.headers["x-amzn-errortype"] == "SerializationException")
        let patch = Self.body(server.respond(WireRequest(method: "PATCH", path: "/api/v1/nodes/x", headers: ["Content-Type": "application/merge-patch+json"],
                                                         body: Array("\u{0}\u{1}".utf8))))
        #expect(patch.status == 400)
        let notYet = Self.body(server.respond(WireRequest(method: "POST", path: "/clusters", body: Array(#"{"name":"second"}"#.utf8))))
        #expect(notYet.status == 400)
        #expect(notYet.json?["message"] == .string("CreateCluster is not available in Workshop's simulated EKS yet"))
    }

    static func fixture(_ path: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/\(path)").path
    }
}

extension KubernetesTables {
    /// What a row's PartialObjectMetadata needs of an object (name, namespace, labels), without
    /// building the object: kubectl takes NAMESPACE, `-L` and `--show-labels` from it. (The tree form
    /// `TableRows` is tested against.)
    static func metadataOnly(_ object: KubernetesAPIObject, resourceVersion: Int) -> JSONValue {
        var metadata: [(key: String, value: JSONValue)] = [("name", .string(object.name))]
        if let namespace = object.namespace { metadata.append(("namespace", .string(namespace))) }
        if !object.labels.isEmpty {
            // Label keys are ASCII: byte order is the API server's order, and cheaper than String's.
            let sorted = object.labels.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            metadata.append(("labels", .object(sorted.map { ($0.key, .string($0.value)) })))
        }
        metadata.append(("resourceVersion", .string(String(resourceVersion))))
        return .object([("metadata", .object(metadata))])
    }
}
