import Testing
@testable import ClusterSim

extension Simulator {
    /// Runs the clock until `update` is no longer in progress (at most an hour) and returns its final record.
    func finish(_ update: EKSUpdate) throws -> EKSUpdate {
        run(until: { (try? self.describeUpdate(cluster: update.clusterName, updateId: update.id))?.status != .inProgress },
            limit: .minutes(60))
        return try describeUpdate(cluster: update.clusterName, updateId: update.id)
    }

    /// Stores each document of a manifest as `kubectl create` does (namespaced kinds in `namespace`).
    func create(manifest yaml: String, namespace: String = "default") throws {
        for document in try ManifestDecoder.documents(yaml) {
            let named = try #require(self.kind(apiVersion: document["apiVersion"]?.stringValue ?? "", kind: document["kind"]?.stringValue ?? ""))
            let (metadata, body) = StoredObject.split(document)
            try createObject(kind: named, namespace: named.namespaced ? namespace : nil, metadata: metadata, body: body)
        }
    }
}
