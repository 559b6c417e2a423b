import JSON

/// Template revisions of Deployments (their ReplicaSets) and of DaemonSets and StatefulSets (their
/// ControllerRevisions): which template each runs, for `rollout history`, `undo` and
/// `get replicasets`, and which pods are current.
extension Simulator {
    /// A workload's revisions, oldest first; one never written since the scenario made it has its first.
    public func revisions(ofWorkload key: String) -> [DeploymentRevision] {
        if let recorded = templateRevisions[key] { return recorded }
        guard let workload = workloads[key], workload.kind != .job else { return [] }
        let stored = store.get(ObjectStore.Key(kind: workload.kind.resourceKind, namespace: workload.namespace, name: workload.name))
        return [DeploymentRevision(revision: 1, hash: templateHash(workload), template: stored?.body["spec"]?["template"] ?? .object([]),
                                   created: workload.created, containerName: workload.containerName, image: workload.image)]
    }

    /// The current revision's number, without building a scenario Deployment's first revision
    /// (which renders its template): what every Deployment's JSON shows.
    public func currentRevisionNumber(ofDeployment key: String) -> Int {
        templateRevisions[key]?.last?.revision ?? 1
    }

    /// The revision now current for `template`: unchanged if it is the current one's, an earlier
    /// revision brought back under the next number, or a new one. Returns its hash. While the
    /// Deployment is paused the template is recorded but the pods keep the current revision.
    func recordRevision(of key: String, template: JSONValue, changeCause: String?, paused: Bool) -> String {
        var revisions = revisions(ofWorkload: key)
        let container: JSONValue? = {
            if case .array(let containers)? = template["spec"]?["containers"] { return containers.first }
            return nil
        }()
        guard let current = revisions.last else {
            let first = DeploymentRevision(revision: 1, hash: DeploymentRevision.hash(of: template), template: template, created: now,
                                           changeCause: changeCause, containerName: container?["name"]?.stringValue,
                                           image: container?["image"]?.stringValue)
            templateRevisions[key] = [first]
            return first.hash
        }
        let same = { (a: JSONValue, b: JSONValue) in DeploymentRevision.comparable(a) == DeploymentRevision.comparable(b) }
        if same(current.template, template) || paused {
            templateRevisions[key] = revisions
            return current.hash
        }
        let next = current.revision + 1
        if let earlier = revisions.firstIndex(where: { same($0.template, template) }) {
            var revived = revisions.remove(at: earlier)
            revived.revision = next
            revived.changeCause = changeCause ?? revived.changeCause
            revisions.append(revived)
        } else {
            var hash = DeploymentRevision.hash(of: template)
            // A collision with another revision's hash: the controller's collisionCount, folded in.
            var collisions = 0
            while revisions.contains(where: { $0.hash == hash }) {
                collisions += 1
                hash = DeploymentRevision.hash(of: .array([template, .int(collisions)]))
            }
            revisions.append(DeploymentRevision(revision: next, hash: hash, template: template, created: now, changeCause: changeCause,
                                                containerName: container?["name"]?.stringValue, image: container?["image"]?.stringValue))
        }
        // revisionHistoryLimit: ten old ReplicaSets are kept besides the current one.
        if revisions.count > 11 { revisions.removeFirst(revisions.count - 11) }
        templateRevisions[key] = revisions
        return revisions.last!.hash
    }

    /// The pods of each revision of a Deployment, live and ready, by hash.
    public func podsByRevision(ofDeployment key: String) -> [String: (live: Int, ready: Int)] {
        var counts: [String: (live: Int, ready: Int)] = [:]
        for id in podsByWorkload[key] ?? [] {
            guard let pod = pods[id], !pod.terminating else { continue }
            counts[pod.templateHash, default: (0, 0)].live += 1
            if pod.ready { counts[pod.templateHash, default: (0, 0)].ready += 1 }
        }
        return counts
    }

    /// A pod's workload as the pod's own revision made it: an old ReplicaSet's pods keep their image.
    public func workload(of pod: Pod) -> Workload? {
        guard var workload = workloads[pod.workload] else { return nil }
        guard let revision = templateRevisions[workload.key]?.first(where: { $0.hash == pod.templateHash }) else { return workload }
        workload.image = revision.image
        workload.containerName = revision.containerName
        workload.templateHash = revision.hash
        return workload
    }
}
