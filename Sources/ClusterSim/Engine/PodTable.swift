/// Pods by id, stored densely (ids are handed out in order), so hot loops read a pod's fields in
/// place instead of copying it out of a dictionary.
struct PodTable {
    private var storage: [Pod?] = [nil]
    private(set) var count = 0

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
            switch (storage[id] == nil, newValue == nil) {
            case (true, false): count += 1
            case (false, true): count -= 1
            default: break
            }
            storage[id] = newValue
        }
    }

    /// Live pods in id (creation) order.
    var values: [Pod] { storage.compactMap { $0 } }

    /// Calls `body` with each live pod in id order, without building an array.
    func forEach(_ body: (Pod) -> Void) {
        for index in storage.indices {
            if let pod = storage[index] { body(pod) }
        }
    }

    /// Live pod ids in creation order.
    var ids: [Int] { storage.indices.filter { storage[$0] != nil } }
}
