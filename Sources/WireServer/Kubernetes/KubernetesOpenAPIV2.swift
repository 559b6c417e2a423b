/// `/openapi/v2` as kubectl asks for it: gnostic's `openapi.v2.Document` in protobuf (kubectl sends
/// `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf` and reads nothing else).
///
/// kubectl 1.32 reads OpenAPI v3 for every kind the server serves, and turns to v2 only for a kind
/// v3 does not list — an object whose CustomResourceDefinition is not applied yet. A real server's
/// v2 document then has no schema for it either, so kubectl skips its client-side validation and the
/// object fails where a real cluster fails it: mapping its kind ("ensure CRDs are installed first").
/// Answering 404 instead made kubectl refuse the whole file ("error validating data"). So the
/// document carries the Swagger header (version, title, the server's version) and no paths or
/// definitions: what that decision needs, with nothing that would claim schemas we do not serve.
enum KubernetesOpenAPIV2 {
    /// What the API server answers to that Accept: the same type spelled with a dot, which Go's
    /// media-type parser (client-go reads the reply's Content-Type with it) accepts; `@` it refuses.
    static let contentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf"

    /// `Document{swagger: "2.0", info: Info{title: "Kubernetes", version: "v1.32.1"}}`.
    static let document: [UInt8] = {
        var info = ProtobufWriter()
        info.string(1, "Kubernetes")
        info.string(2, "v1.32.1")
        var document = ProtobufWriter()
        document.string(1, "2.0")
        document.message(2, info)
        return document.bytes
    }()
}

/// Writes protobuf's wire format for the few length-delimited fields Workshop sends: a field's key
/// (number and wire type 2) as a varint, the length as a varint, then the bytes.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    mutating func string(_ field: Int, _ text: String) {
        lengthDelimited(field, Array(text.utf8))
    }

    mutating func message(_ field: Int, _ nested: ProtobufWriter) {
        lengthDelimited(field, nested.bytes)
    }

    private mutating func lengthDelimited(_ field: Int, _ payload: [UInt8]) {
        varint(UInt64(field) << 3 | 2)
        varint(UInt64(payload.count))
        bytes += payload
    }

    private mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}
