import ClusterSim
import FuzzDriver
import WireServer

/// One request to `workshop serve`'s decoders, without a socket: the first byte picks what it looks
/// like (an EKS path and JSON body, an SSM call, an EC2 or Auto Scaling form, a Kubernetes path with
/// a query, a node PATCH in one of three patch types, an eviction); the rest is the path, query or
/// body. Every answer must be the protocol's reply or error, never a crash or a hang.
let server = WireServer(host: SimulationHost(simulator: Simulator(scenario: .default), speed: .paused), region: "us-west-2")
let node = server.host.access { $0.nodeList()[0].name }

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzWireRequest(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: count - 1))
    let text = String(decoding: bytes, as: UTF8.self)
    let request: WireRequest
    switch data[0] % 8 {
    case 0: request = WireRequest(method: "POST", path: "/clusters/eks-workshop/node-groups/default/update-config", headers: ["Content-Type": "application/json"], body: bytes)
    case 1: request = WireRequest(method: "GET", path: text.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/", query: text.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? "")
    case 2: request = WireRequest(method: "POST", path: "/", headers: ["X-Amz-Target": "AmazonSSM.GetParameters", "Content-Type": "application/x-amz-json-1.1"], body: bytes)
    case 3: request = WireRequest(method: "POST", path: "/", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array("Action=DescribeInstances&Version=2016-11-15&".utf8) + bytes)
    case 4: request = WireRequest(method: "POST", path: "/", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array("Action=DescribeAutoScalingGroups&Version=2011-01-01&".utf8) + bytes)
    case 5: request = WireRequest(method: "PATCH", path: "/api/v1/nodes/\(node)", headers: ["Content-Type": ["application/merge-patch+json", "application/strategic-merge-patch+json", "application/json-patch+json"][Int(bytes.first ?? 0) % 3]], body: bytes)
    case 6: request = WireRequest(method: "GET", path: "/api/v1/pods", query: text)
    default: request = WireRequest(method: "GET", path: "/clusters/eks-workshop/updates", query: text, headers: ["Authorization": text])
    }
    if case .stream(_, _, let cancel) = server.respond(request) { cancel() }
    return 0
}

runFuzzer(fuzzWireRequest)
