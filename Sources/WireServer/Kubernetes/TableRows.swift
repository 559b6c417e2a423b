import Actions
import ClusterSim
import JSON
import Synchronization

/// A list as a `meta.k8s.io/v1` Table, written straight to bytes: the same text as
/// `KubernetesTables.table` serialized, without building a JSON tree per row. Each object's sorted,
/// encoded labels are kept between requests and reused while its labels are unchanged (a node's
/// fifteen labels were most of a 450-node Table's cost).
final class TableRows: Sendable {
    private struct Labels {
        var labels: [String: String]
        var bytes: [UInt8]
    }

    private let labels = Mutex<[String: Labels]>([:])

    func table(_ type: KubernetesResourceType, objects: [KubernetesAPIObject], now: SimTime, resourceVersion: Int) -> [UInt8] {
        let version = JSONSerializer.compactBytes(.string(String(resourceVersion)))
        var out: [UInt8] = []
        out.reserveCapacity(128 + objects.count * 640)
        out += #"{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"#.utf8
        out += version
        out += #"},"columnDefinitions":"#.utf8
        out += JSONSerializer.compactBytes(KubernetesTables.columnDefinitions(type))
        out += #","rows":["#.utf8
        labels.withLock { cache in
            var seen = Set<String>()
            for (index, object) in objects.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out += #"{"cells":"#.utf8
                out += JSONSerializer.compactBytes(.array(object.cells(at: now).map { .string($0) }))
                out += #","object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"#.utf8
                out += JSONSerializer.compactBytes(.string(object.name))
                if let namespace = object.namespace {
                    out += #","namespace":"#.utf8
                    out += JSONSerializer.compactBytes(.string(namespace))
                }
                if !object.labels.isEmpty {
                    let key = object.key
                    seen.insert(key)
                    if cache[key]?.labels != object.labels {
                        let sorted = object.labels.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                        cache[key] = Labels(labels: object.labels,
                                            bytes: JSONSerializer.compactBytes(.object(sorted.map { ($0.key, .string($0.value)) })))
                    }
                    out += #","labels":"#.utf8
                    out += cache[key]!.bytes
                }
                out += #","resourceVersion":"#.utf8
                out += version
                out += "}}}".utf8
            }
            // Objects that are gone (or lost their labels) leave the cache with them.
            if cache.count > seen.count * 2 + 64 { cache = cache.filter { seen.contains($0.key) } }
        }
        out += "]}".utf8
        return out
    }
}
