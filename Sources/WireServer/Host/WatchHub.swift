import Actions
import Dispatch
import ClusterSim
import JSON
import Synchronization

/// One change to one object, as a watch sends it: the event line in the form a client asks for (the
/// plain object, or a one-row Table), encoded when first asked for and once however many watchers
/// receive it.
public final class WatchEvent: Sendable {
    /// ADDED, MODIFIED or DELETED.
    public let type: String
    public let resourceVersion: Int
    let namespace: String?
    let name: String
    let labels: [String: String]
    public let object: JSONValue
    let cells: [String]
    let resourceType: KubernetesResourceType
    private let lines = Mutex<(plain: String?, table: String?)>((nil, nil))
    /// When the hub sent it (uptime nanoseconds).
    public let publishedAt: UInt64
    /// The simulated moment of the change (the clock's time when the hub saw it).
    public let simulatedTime: SimTime

    init(type: String, resourceVersion: Int, seen: WatchHub.Seen, resourceType: KubernetesResourceType, at time: SimTime) {
        self.simulatedTime = time
        self.type = type
        self.resourceVersion = resourceVersion
        self.namespace = seen.namespace
        self.name = seen.name
        self.labels = seen.labels
        self.object = seen.json
        self.cells = seen.cells
        self.resourceType = resourceType
        self.publishedAt = DispatchTime.now().uptimeNanoseconds
    }

    var plainLine: String {
        lines.withLock { lines in
            if let plain = lines.plain { return plain }
            let line = JSONSerializer.compact(.object([("type", .string(type)), ("object", object)])) + "\n"
            lines.plain = line
            return line
        }
    }

    var tableLine: String {
        lines.withLock { lines in
            if let table = lines.table { return table }
            let table = KubernetesTables.table(resourceType, rows: [(cells, object)], resourceVersion: resourceVersion)
            let line = JSONSerializer.compact(.object([("type", .string(type)), ("object", table)])) + "\n"
            lines.table = line
            return line
        }
    }
}

/// A watcher's subscription: events for one resource type, in order, as they happen.
struct WatchSubscription: Sendable {
    let id: Int
    /// One batch per change of the cluster (a tick's events together: one wake-up per watcher).
    let events: AsyncStream<[WatchEvent]>
    /// Events that happened after the resourceVersion the watcher asked to start from.
    let backlog: [WatchEvent]
}

/// The watch streams of the served cluster. A feed per resource type, started by the first list or
/// watch of that type, keeps the objects as they were last seen; after each change of the cluster it
/// compares, turns differences into ADDED / MODIFIED / DELETED events and hands them to every watcher.
/// Called under the host's lock: feeds see the cluster between changes, never during one.
final class WatchHub: Sendable {
    /// An object as a feed last saw it (its row's cells as of then: a deleted object's last row).
    struct Seen: Sendable {
        var fingerprint: String
        var json: JSONValue
        var namespace: String?
        var name: String
        var labels: [String: String]
        var cells: [String]
    }

    struct Feed {
        let type: KubernetesResourceType
        var known: [String: Seen]
        /// Recent events, so a watch from a list's resourceVersion misses nothing made in between.
        var history: [WatchEvent] = []
        let startedAt: Int
        var subscribers: [Int: AsyncStream<[WatchEvent]>.Continuation] = [:]
    }

    struct State {
        var feeds: [String: Feed] = [:]
        var nextId = 0
    }

    static let historyLimit = 4096
    /// A watcher that falls this many batches behind is dropped (its client lists again), so a stalled client
    /// cannot make the server hold every event for it.
    static let backlogLimit = 2_000
    private let state = Mutex(State())

    static func key(_ type: KubernetesResourceType) -> String { type.groupVersion + "/" + type.plural }

    /// The resourceVersion a list taken now carries.
    static func resourceVersion(_ simulator: Simulator) -> Int { simulator.events.count + 1000 }

    /// Starts the type's feed if it has none (a list is about to be taken at the current version).
    func ensureFeed(_ type: KubernetesResourceType, _ simulator: Simulator) {
        let key = Self.key(type)
        guard state.withLock({ $0.feeds[key] == nil }) else { return }
        let known = Self.snapshot(type, simulator, previous: [:])
        let startedAt = Self.resourceVersion(simulator)
        state.withLock { state in
            if state.feeds[key] == nil { state.feeds[key] = Feed(type: type, known: known, startedAt: startedAt) }
        }
    }

    /// Subscribes to a type's changes after `resourceVersion` (nil: from now on, with ADDED events for
    /// the current objects first, as a watch without a version gets).
    func subscribe(_ type: KubernetesResourceType, after resourceVersion: Int?, simulator: Simulator) -> WatchSubscription {
        ensureFeed(type, simulator)
        let now = Self.resourceVersion(simulator)
        return state.withLock { state in
            let key = Self.key(type)
            let id = state.nextId
            state.nextId += 1
            let (stream, continuation) = AsyncStream<[WatchEvent]>.makeStream(bufferingPolicy: .bufferingOldest(Self.backlogLimit))
            var feed = state.feeds[key]!
            var backlog: [WatchEvent]
            if let resourceVersion, resourceVersion >= feed.startedAt, feed.history.first.map({ $0.resourceVersion <= resourceVersion + 1 }) ?? true {
                backlog = feed.history.filter { $0.resourceVersion > resourceVersion }
            } else {
                backlog = feed.known.keys.sorted().map { key in
                    WatchEvent(type: "ADDED", resourceVersion: now, seen: feed.known[key]!, resourceType: type, at: simulator.now)
                }
            }
            feed.subscribers[id] = continuation
            state.feeds[key] = feed
            return WatchSubscription(id: id, events: stream, backlog: backlog)
        }
    }

    func unsubscribe(_ type: KubernetesResourceType, id: Int) {
        state.withLock { state in
            state.feeds[Self.key(type)]?.subscribers[id]?.finish()
            state.feeds[Self.key(type)]?.subscribers[id] = nil
        }
    }

    /// Ends every watch (the server is stopping).
    func finishAll() {
        state.withLock { state in
            for key in state.feeds.keys {
                for continuation in state.feeds[key]!.subscribers.values { continuation.finish() }
                state.feeds[key]!.subscribers = [:]
            }
        }
    }

    /// The cluster changed: compare every feed's objects with what it saw, and send the differences.
    func clusterChanged(_ simulator: Simulator) {
        let version = Self.resourceVersion(simulator)
        let feeds = state.withLock { state in state.feeds.map { ($0.key, $0.value.type, $0.value.known) } }
        for (key, type, known) in feeds.sorted(by: { $0.0 < $1.0 }) {
            let current = Self.snapshot(type, simulator, previous: known)
            var events: [WatchEvent] = []
            for name in current.keys.sorted() {
                let now = current[name]!
                if let before = known[name] {
                    if before.fingerprint != now.fingerprint {
                        events.append(WatchEvent(type: "MODIFIED", resourceVersion: version, seen: now, resourceType: type, at: simulator.now))
                    }
                } else {
                    events.append(WatchEvent(type: "ADDED", resourceVersion: version, seen: now, resourceType: type, at: simulator.now))
                }
            }
            for name in known.keys.sorted() where current[name] == nil {
                events.append(WatchEvent(type: "DELETED", resourceVersion: version, seen: known[name]!, resourceType: type, at: simulator.now))
            }
            state.withLock { state in
                guard var feed = state.feeds[key] else { return }
                feed.known = current
                if !events.isEmpty {
                    feed.history += events
                    if feed.history.count > Self.historyLimit { feed.history.removeFirst(feed.history.count - Self.historyLimit) }
                    for (id, continuation) in feed.subscribers {
                        if case .dropped = continuation.yield(events) {
                            continuation.finish()
                            feed.subscribers[id] = nil
                        }
                    }
                }
                state.feeds[key] = feed
            }
        }
    }

    /// Every object of the type now, by key, with what a change is judged by: the object without the
    /// fields that move on their own (resourceVersion, heartbeats, lease renewals).
    /// Rows are worked out only for objects that changed since `previous`.
    static func snapshot(_ type: KubernetesResourceType, _ simulator: Simulator, previous: [String: Seen]) -> [String: Seen] {
        var result: [String: Seen] = [:]
        for object in KubernetesAPI.objects(type, namespace: nil, simulator: simulator) {
            // The object's own version when it has one (no JSON built for what did not change).
            let version = object.version
            if !version.isEmpty, let before = previous[object.key], before.fingerprint == version {
                result[object.key] = before
                continue
            }
            let json = object.json()
            let fingerprint = version.isEmpty ? JSONSerializer.compact(stripVolatile(json)) : version
            if let before = previous[object.key], before.fingerprint == fingerprint {
                result[object.key] = before
                continue
            }
            result[object.key] = Seen(fingerprint: fingerprint, json: json, namespace: object.namespace, name: object.name,
                                      labels: object.labels, cells: object.cells(at: simulator.now))
        }
        return result
    }

    static let volatileKeys: Set<String> = ["resourceVersion", "lastHeartbeatTime", "renewTime"]

    static func stripVolatile(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let pairs): return .object(pairs.filter { !volatileKeys.contains($0.key) }.map { ($0.key, stripVolatile($0.value)) })
        case .array(let items): return .array(items.map(stripVolatile))
        default: return value
        }
    }
}
