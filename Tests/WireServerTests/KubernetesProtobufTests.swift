import JSON
import Testing
@testable import WireServer

/// Protobuf bodies as client-go's typed clients send them (`kubectl create …`), read into the JSON
/// the store takes: names, maps, repeated messages, IntOrString, zero values the encoder always
/// writes left out, a zero replica count kept.
@Suite struct KubernetesProtobufTests {
    /// A minimal encoder for the test's messages.
    struct Message {
        var bytes: [UInt8] = []
        static func varint(_ value: UInt64) -> [UInt8] {
            var value = value, out: [UInt8] = []
            repeat {
                var byte = UInt8(value & 0x7f)
                value >>= 7
                if value != 0 { byte |= 0x80 }
                out.append(byte)
            } while value != 0
            return out
        }
        func int(_ field: Int, _ value: Int) -> Message { Message(bytes: bytes + Self.varint(UInt64(field << 3)) + Self.varint(UInt64(value))) }
        func bytes(_ field: Int, _ data: [UInt8]) -> Message {
            Message(bytes: bytes + Self.varint(UInt64(field << 3 | 2)) + Self.varint(UInt64(data.count)) + data)
        }
        func string(_ field: Int, _ text: String) -> Message { bytes(field, Array(text.utf8)) }
        func message(_ field: Int, _ inner: Message) -> Message { bytes(field, inner.bytes) }
        func entry(_ field: Int, _ key: String, _ value: String) -> Message { message(field, Message().string(1, key).string(2, value)) }
    }

    func envelope(apiVersion: String, kind: String, _ object: Message) -> [UInt8] {
        [0x6b, 0x38, 0x73, 0x00] + Message().message(1, Message().string(1, apiVersion).string(2, kind)).message(2, object).bytes
    }

    @Test func aConfigMapWithLabelsAndDataReadsAsJSON() throws {
        let metadata = Message().string(1, "settings").string(3, "").entry(11, "tier", "web").message(8, Message())
        let configMap = Message().message(1, metadata).entry(2, "a", "1").entry(2, "b", "2")
        let json = try KubernetesProtobuf.decode(envelope(apiVersion: "v1", kind: "ConfigMap", configMap))
        #expect(JSONSerializer.compact(json) == #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","labels":{"tier":"web"}},"data":{"a":"1","b":"2"}}"#)
    }

    @Test func aDeploymentKeepsZeroReplicasAndReadsIntOrString() throws {
        let labels = Message().entry(1, "app", "web")
        let container = Message().string(1, "web").string(2, "nginx:1.27").message(6, Message().int(3, 80)).message(8, Message())
        let template = Message().message(1, Message().entry(11, "app", "web")).message(2, Message().message(2, container))
        let strategy = Message().string(1, "RollingUpdate").message(2, Message().message(1, Message().int(1, 1).string(3, "10%")).message(2, Message().int(1, 0).int(2, 2)))
        let spec = Message().int(1, 0).message(2, labels).message(3, template).message(4, strategy).int(7, 0)
        let deployment = Message().message(1, Message().string(1, "web")).message(2, spec)
        let json = try KubernetesProtobuf.decode(envelope(apiVersion: "apps/v1", kind: "Deployment", deployment))
        #expect(json["spec"]?["replicas"] == .int(0))
        #expect(json["spec"]?["paused"] == nil)
        #expect(json["spec"]?["strategy"]?["rollingUpdate"]?["maxUnavailable"] == .string("10%"))
        #expect(json["spec"]?["strategy"]?["rollingUpdate"]?["maxSurge"] == .int(2))
        #expect(JSONSerializer.compact(json["spec"]?["template"]?["spec"]?["containers"] ?? .null)
                == #"[{"name":"web","image":"nginx:1.27","ports":[{"containerPort":80}],"resources":{}}]"#)
    }

    @Test func aBodyThatIsNotKubernetesProtobufIsRefused() {
        #expect(throws: KubernetesProtobuf.Failure.self) { try KubernetesProtobuf.decode(Array("{}".utf8)) }
        #expect(throws: KubernetesProtobuf.Failure.self) { try KubernetesProtobuf.decode([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x09]) }
    }
}
