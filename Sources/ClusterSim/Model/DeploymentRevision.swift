import JSON

/// One revision of a Deployment: the ReplicaSet that runs one version of its pod template.
/// `kubectl rollout history` lists them, `rollout undo` brings one back.
public struct DeploymentRevision: Sendable, Equatable {
    public var revision: Int
    /// The `pod-template-hash`: the ReplicaSet's name is `<deployment>-<hash>`.
    public var hash: String
    /// The pod template as the Deployment (or set) gave it.
    public var template: JSONValue
    public var created: SimTime
    /// The Deployment's `kubernetes.io/change-cause` when this revision was made.
    public var changeCause: String?
    public var containerName: String?
    public var image: String?

    public init(revision: Int, hash: String, template: JSONValue, created: SimTime, changeCause: String? = nil,
                containerName: String? = nil, image: String? = nil) {
        self.revision = revision
        self.hash = hash
        self.template = template
        self.created = created
        self.changeCause = changeCause
        self.containerName = containerName
        self.image = image
    }

    /// The `pod-template-hash` the deployment controller gives a template: FNV-32a of the
    /// template, printed in decimal and each digit mapped onto the suffix alphabet (so hashes use
    /// only `4-9 b c d f`, as real ones do).
    public static func hash(of template: JSONValue) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in JSONSerializer.compact(sortedKeys(comparable(template))).utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String(String(hash).utf8.map { alphabet[Int($0) % alphabet.count] })
    }

    /// The form two templates are compared in: defaulted as the server stores it, then normalized.
    public static func comparable(_ template: JSONValue) -> JSONValue {
        normalized(PodTemplateDefaults.defaulted(template))
    }

    /// The template as the API server would hold it once decoded: nulls and empty maps and lists
    /// dropped, so `resources: {}` or `creationTimestamp: null` make no new revision.
    public static func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let pairs):
            return .object(pairs.compactMap { pair in
                let inner = normalized(pair.value)
                switch inner {
                case .null: return nil
                case .object(let fields) where fields.isEmpty: return nil
                case .array(let items) where items.isEmpty: return nil
                default: return (pair.key, inner)
                }
            })
        case .array(let items): return .array(items.map(normalized))
        default: return value
        }
    }

    /// Keys in order, so equal templates hash alike however they were written.
    private static func sortedKeys(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let pairs): return .object(pairs.sorted { $0.key < $1.key }.map { ($0.key, sortedKeys($0.value)) })
        case .array(let items): return .array(items.map(sortedKeys))
        default: return value
        }
    }
}
