import JSON

/// apiextensions.k8s.io/v1 CustomResourceDefinition: the checks the API server makes before a
/// CRD is stored, in its order, with its messages.
enum CustomResourceDefinitionValidation {
    static func check(name: String, body: JSONValue) -> [StoreError.FieldError] {
        var causes: [StoreError.FieldError] = []
        let spec = body["spec"]
        let names = spec?["names"]
        let group = spec?["group"]?.stringValue ?? ""
        let plural = names?["plural"]?.stringValue ?? ""
        if name != plural + "." + group {
            causes.append(.init(field: "metadata.name", message: "Invalid value: \"\(name)\": must be spec.names.plural+\".\"+spec.group"))
        }
        if group.isEmpty {
            causes.append(.init(field: "spec.group", message: "Required value"))
        } else if ObjectValidation.name(group, kind: ResourceKinds.customResourceDefinition) != [] {
            causes.append(.init(field: "spec.group", message: "Invalid value: \"\(group)\": \(ObjectValidation.subdomainMessage)"))
        } else if !group.contains(".") {
            causes.append(.init(field: "spec.group", message: "Invalid value: \"\(group)\": should be a domain with at least one dot"))
        }
        switch spec?["scope"]?.stringValue ?? "" {
        case "Cluster", "Namespaced": break
        case "": causes.append(.init(field: "spec.scope", message: "Required value"))
        case let other: causes.append(.init(field: "spec.scope", message: "Unsupported value: \"\(other)\": supported values: \"Cluster\", \"Namespaced\""))
        }
        let versions = spec?["versions"]?.elements ?? []
        for (index, version) in versions.enumerated() where version["schema"]?["openAPIV3Schema"] == nil {
            causes.append(.init(field: "spec.versions[\(index)].schema.openAPIV3Schema", message: "Required value: schemas are required"))
        }
        for (index, version) in versions.enumerated() {
            let versionName = version.text("name")
            if !isDNS1035Label(versionName) {
                causes.append(.init(field: "spec.versions[\(index)].name", message: "Invalid value: \"\(versionName)\": \(dns1035Message)"))
            }
            if let schema = version["schema"]?["openAPIV3Schema"], schema["type"]?.stringValue != "object" {
                let type = schema["type"]?.stringValue ?? ""
                causes.append(type.isEmpty
                    ? .init(field: "spec.versions[\(index)].schema.openAPIV3Schema.type", message: "Required value: must not be empty at the root")
                    : .init(field: "spec.versions[\(index)].schema.openAPIV3Schema.type", message: "Invalid value: \"\(type)\": must be object at the root"))
            }
        }
        let versionNames = versions.map { $0.text("name") }
        if Set(versionNames).count != versionNames.count {
            causes.append(.init(field: "spec.versions", message: "Invalid value: \(goVersions(versions)): must contain unique version names"))
        }
        if versions.filter({ $0["storage"] == .bool(true) }).count != 1 {
            causes.append(.init(field: "spec.versions", message: "Invalid value: \(goVersions(versions)): must have exactly one version marked as storage version"))
        }
        if plural.isEmpty { causes.append(.init(field: "spec.names.plural", message: "Required value")) }
        if (names?["kind"]?.stringValue ?? "").isEmpty { causes.append(.init(field: "spec.names.kind", message: "Required value")) }
        if !plural.isEmpty, !ObjectValidation.isDNSLabel(plural) {
            causes.append(.init(field: "spec.names.plural", message: "Invalid value: \"\(plural)\": \(ObjectValidation.labelMessage)"))
        }
        return causes
    }

    /// What may not change once the kind is served: its scope, kind, group and plural.
    static func immutable(_ old: JSONValue, _ new: JSONValue) -> [StoreError.FieldError] {
        [("spec.scope", ["spec", "scope"]), ("spec.names.kind", ["spec", "names", "kind"]), ("spec.group", ["spec", "group"]),
         ("spec.names.plural", ["spec", "names", "plural"])].compactMap { field, path in
            var before: JSONValue? = old, after: JSONValue? = new
            for step in path { before = before?[step]; after = after?[step] }
            guard before != after else { return nil }
            return .init(field: field, message: "Invalid value: \"\(after?.stringValue ?? "")\": field is immutable")
        }
    }

    static let dns1035Message = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"

    static func isDNS1035Label(_ text: String) -> Bool {
        guard let first = text.utf8.first, first >= 97 && first <= 122 else { return false }
        return ObjectValidation.isDNSLabel(text)
    }

    /// The versions as Go's `%#v` begins them: the server prints the whole slice; this names each
    /// version's name, served and storage flags (the rest of Go's dump is left out).
    static func goVersions(_ versions: [JSONValue]) -> String {
        "[]apiextensions.CustomResourceDefinitionVersion{" + versions.map { version in
            "apiextensions.CustomResourceDefinitionVersion{Name:\"\(version.text("name"))\", Served:\(version["served"] == .bool(true)), Storage:\(version["storage"] == .bool(true)), …}"
        }.joined(separator: ", ") + "}"
    }
}
