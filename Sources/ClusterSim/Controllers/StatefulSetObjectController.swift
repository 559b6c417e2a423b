import JSON

/// apps/v1 StatefulSets: pods `NAME-0 … NAME-(n-1)`, an ordinal made again only once its old pod is
/// gone; scaling down removes the highest ordinals; a changed template replaces its pods from the
/// highest ordinal down (``SetRollout``).
///
/// Each ordinal gets its own claim of every `volumeClaimTemplates` entry, `TEMPLATE-NAME-ORDINAL`,
/// made before its pod as the controller does and kept when the set scales down (the retention
/// policy's default); with `persistentVolumeClaimRetentionPolicy.whenDeleted: Delete` the claims
/// name the set as their owner, so deleting the set deletes them.
enum StatefulSetObjectController: ObjectController {
    static let kind = ResourceKinds.statefulSet
    static let manager = FieldManager("kube-controller-manager", apiVersion: "v1")

    static func reconcile(_ object: StoredObject?, key: ObjectStore.Key, simulator: Simulator) {
        if let object { createClaims(of: object, key: key, simulator: simulator) }
        PodTemplateReading.reconcile(.statefulSet, object, key: key, simulator: simulator)
    }

    /// Creates the claims of ordinals `0..<replicas` that do not exist yet.
    static func createClaims(of set: StoredObject, key: ObjectStore.Key, simulator: Simulator) {
        let spec = set.body["spec"]
        let templates = spec?["volumeClaimTemplates"]?.elements ?? []
        guard !templates.isEmpty else { return }
        var replicas = 1
        if case .int(let n)? = spec?["replicas"] { replicas = n }
        let selectorLabels = StoredObject.strings(spec?["selector"]?["matchLabels"])
        let ownedBySet = spec?["persistentVolumeClaimRetentionPolicy"]?["whenDeleted"]?.stringValue == "Delete"
        for ordinal in 0..<max(0, replicas) {
            for template in templates {
                guard let templateName = template["metadata"]?["name"]?.stringValue else { continue }
                let name = "\(templateName)-\(key.name)-\(ordinal)"
                let claimKey = ObjectStore.Key(kind: ResourceKinds.persistentVolumeClaim, namespace: key.namespace, name: name)
                guard simulator.object(claimKey) == nil else { continue }
                let metadata = claimMetadata(template["metadata"], name: name, selectorLabels: selectorLabels,
                                             owner: ownedBySet ? set : nil)
                _ = try? simulator.createObject(kind: ResourceKinds.persistentVolumeClaim, namespace: key.namespace, metadata: metadata,
                                                body: .object([("spec", template["spec"] ?? .object([]))]), manager: manager)
            }
        }
    }

    /// The template's metadata named for the ordinal, its labels joined by the set's selector labels.
    static func claimMetadata(_ template: JSONValue?, name: String, selectorLabels: [String: String], owner: StoredObject?) -> JSONValue {
        var labels = StoredObject.strings(template?["labels"])
        for (key, value) in selectorLabels { labels[key] = value }
        var fields: [(key: String, value: JSONValue)] = [("name", .string(name))]
        if !labels.isEmpty {
            fields.append(("labels", .object(labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }
        if case .object(let annotations)? = template?["annotations"], !annotations.isEmpty { fields.append(("annotations", .object(annotations))) }
        if let owner {
            fields.append(("ownerReferences", .array([.object([
                ("apiVersion", .string("apps/v1")), ("blockOwnerDeletion", .bool(true)), ("controller", .bool(true)),
                ("kind", .string("StatefulSet")), ("name", .string(owner.name)), ("uid", .string(owner.uid)),
            ])])))
        }
        return .object(fields)
    }
}
