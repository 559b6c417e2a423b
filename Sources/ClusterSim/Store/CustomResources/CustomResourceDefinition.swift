import JSON

/// A CustomResourceDefinition as the API server reads it: the kind it adds (its group, names and
/// scope), the versions it serves with their schemas and printer columns. Objects of the kind are
/// stored under the storage version; a manifest may name any served version (the conversion is
/// `None`: only `apiVersion` differs).
public struct CustomResourceDefinition: Sendable, Equatable {
    /// One entry of `spec.versions`.
    public struct Version: Sendable, Equatable {
        public let name: String
        public let served: Bool
        public let storage: Bool
        /// `schema.openAPIV3Schema`.
        public let schema: JSONValue?
        /// The table `kubectl get` prints: the CRD's columns, or the server's default (Age).
        public let printerColumns: [PrinterColumn]
        /// Whether `subresources.status` is on: `status` is then written only through `/status`.
        public let statusSubresource: Bool
    }

    /// One of `additionalPrinterColumns`.
    public struct PrinterColumn: Sendable, Equatable {
        public let name: String
        /// integer, number, string, boolean or date.
        public let type: String
        public let jsonPath: String
        /// 0: always shown; more: only with `-o wide`.
        public let priority: Int
        public let description: String

        /// What the API server serves for a version that names no columns.
        public static let age = PrinterColumn(name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp", priority: 0,
                                              description: "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata")
    }

    /// `metadata.name`: `<plural>.<group>`.
    public let name: String
    public let group: String
    public let kindName: String
    public let plural: String
    /// `names.singular`, defaulted to the kind in lower case.
    public let singular: String
    /// `names.listKind`, defaulted to the kind and `List`.
    public let listKind: String
    public let shortNames: [String]
    public let categories: [String]
    public let namespaced: Bool
    public let versions: [Version]
    /// The kind the store keys its objects by (the storage version's).
    public let kind: ResourceKind

    /// Reads a stored CRD's fields; nil when they do not name a kind (validation refuses those).
    public init?(name: String, body: JSONValue) {
        let spec = body["spec"]
        let names = spec?["names"]
        guard let group = spec?["group"]?.stringValue, let kind = names?["kind"]?.stringValue,
              let plural = names?["plural"]?.stringValue, !group.isEmpty, !kind.isEmpty, !plural.isEmpty else { return nil }
        self.name = name
        self.group = group
        self.kindName = kind
        self.plural = plural
        self.singular = names?["singular"]?.stringValue ?? kind.lowercased()
        self.listKind = names?["listKind"]?.stringValue ?? kind + "List"
        self.shortNames = (names?["shortNames"]?.elements ?? []).compactMap(\.stringValue)
        self.categories = (names?["categories"]?.elements ?? []).compactMap(\.stringValue)
        self.namespaced = (spec?["scope"]?.stringValue ?? "Namespaced") == "Namespaced"
        self.versions = (spec?["versions"]?.elements ?? []).map { version in
            let columns = (version["additionalPrinterColumns"]?.elements ?? []).map { column in
                PrinterColumn(name: column.text("name"), type: column.text("type"), jsonPath: column.text("jsonPath"),
                              priority: column["priority"]?.integer ?? 0, description: column.text("description"))
            }
            return Version(name: version.text("name"), served: version["served"] == .bool(true),
                           storage: version["storage"] == .bool(true), schema: version["schema"]?["openAPIV3Schema"],
                           printerColumns: columns.isEmpty ? [.age] : columns,
                           statusSubresource: version["subresources"]?["status"] != nil)
        }
        self.kind = ResourceKind(group: group, version: (versions.first { $0.storage } ?? versions.first)?.name ?? "v1", kind: kind,
                                 plural: plural, namespaced: namespaced, shortNames: [singular] + shortNames)
    }

    /// The version objects are stored in.
    public var storageVersion: Version? { versions.first { $0.storage } ?? versions.first }

    /// Whether a written `status` is kept: only without the status subresource (with it, `status`
    /// is the controller's, written through `/status`).
    public var keepsWrittenStatus: Bool { storageVersion?.statusSubresource == false }

    /// The served version a manifest's `apiVersion` names, if any.
    public func served(apiVersion: String) -> Version? {
        versions.first { $0.served && "\(group)/\($0.name)" == apiVersion }
    }

    /// The kind as discovery lists it for one served version.
    public func kind(version: Version) -> ResourceKind {
        ResourceKind(group: group, version: version.name, kind: kindName, plural: plural, namespaced: namespaced, shortNames: kind.shortNames)
    }
}

extension JSONValue {
    /// A field's text, empty when absent.
    func text(_ field: String) -> String { self[field]?.stringValue ?? "" }
    /// An array's elements; none for anything else.
    var elements: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
    /// A whole number, however the manifest wrote it.
    var integer: Int? {
        switch self {
        case .int(let value): value
        case .double(let value) where value == value.rounded(): Int(value)
        default: nil
        }
    }
}
