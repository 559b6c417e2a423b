/// Pods by id, stored densely (ids are handed out in order), so hot loops read a pod's fields in
/// place instead of copying it out of a dictionary.
struct PodTable {
    private var storage: [Pod?] = [nil]
    private(set) var count = 0
    /// Namespace → its live pods' ids (a pod never changes namespace).
    private var byNamespace: [String: Set<Int>] = [:]

    subscript(id: Int) -> Pod? {
        _read {
            if id < storage.count {
                yield storage[id]
            } else {
                yield nil
            }
        }
        set {
            while storage.count <= id { storage.append(nil) }
            switch (storage[id], newValue) {
            case (nil, let added?):
                count += 1
                byNamespace[added.namespace, default: []].insert(id)
            case (let removed?, nil):
                count -= 1
                byNamespace[removed.namespace]?.remove(id)
                if byNamespace[removed.namespace]?.isEmpty == true { byNamespace[removed.namespace] = nil }
            default: break
            }
            storage[id] = newValue
        }
    }

    /// One field of a live pod, read in place: `pods[id]?.field` copies the whole pod out first
    /// (it measured as most of a 1,000-replica rollout's time).
    func terminating(_ id: Int) -> Bool? { id < storage.count ? storage[id]?.terminating : nil }
    func ready(_ id: Int) -> Bool? { id < storage.count ? storage[id]?.ready : nil }
    func nodeName(_ id: Int) -> String? { id < storage.count ? storage[id]?.nodeName : nil }
    func templateHash(_ id: Int) -> String? { id < storage.count ? storage[id]?.templateHash : nil }
    func phase(_ id: Int) -> Pod.Phase? { id < storage.count ? storage[id]?.phase : nil }

    /// Changes a live pod in place (no copy out and back).
    mutating func update(_ id: Int, _ change: (inout Pod) -> Void) {
        guard id < storage.count, storage[id] != nil else { return }
        change(&storage[id]!)
    }

    /// Live pods in id (creation) order.
    var values: [Pod] { storage.compactMap { $0 } }

    /// Calls `body` with each live pod in id order, without building an array.
    func forEach(_ body: (Pod) -> Void) {
        for index in storage.indices {
            if let pod = storage[index] { body(pod) }
        }
    }

    /// The live pods of a namespace, ids in creation order.
    func ids(inNamespace namespace: String) -> [Int] { (byNamespace[namespace] ?? []).sorted() }

    /// Whether a namespace has a live pod.
    func hasPods(inNamespace namespace: String) -> Bool { byNamespace[namespace] != nil }

    /// Live pod ids in creation order.
    var ids: [Int] { storage.indices.filter { storage[$0] != nil } }
}
