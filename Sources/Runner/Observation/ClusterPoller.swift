import Foundation
import ClusterObservation

/// Watches a real cluster from a thread of its own, through the real CLIs: a look right away, after
/// each line the participant ran, and every `interval` seconds while the cluster is changing —
/// nothing while nothing changes. What it sees waits in a queue the session empties between the
/// output of the running line, so narration appears while a long wait runs.
///
/// It only reads. When a look fails it says why once; when the credentials may not read, it stops.
public final class ClusterPoller: @unchecked Sendable {
    public let interval: Double
    private let lock = NSCondition()
    private let wake = DispatchSemaphore(value: 0)
    /// Looks finished so far, and looks asked for (each line's end asks for one).
    private var looksDone = 0
    private var looksAsked = 0
    private var firstLookDone = false
    private var queue: [Observation] = []
    private var notices: [String] = []
    private var stopped = false
    private var latest: (ClusterSnapshot, UpgradeObserver)?
    // Used only on the polling thread.
    private let watcher: ClusterWatcher
    private var reportedError: ObservationError?

    public init(source: SnapshotSource, interval: Double) {
        self.interval = interval
        self.watcher = ClusterWatcher(source: source)
        watcher.subscribe { [unowned self] observation in
            self.lock.lock()
            self.queue.append(observation)
            self.lock.unlock()
        }
    }

    /// Starts looking (once).
    public func start() {
        let thread = Thread { [self] in self.loop() }
        thread.name = "workshop-observer"
        thread.start()
    }

    /// A line ended: look now, it may have started something. With `waitUpTo`, returns once that
    /// look is done (or the time is up), so what the line started is told before the next prompt.
    public func lineEnded(waitUpTo seconds: Double = 0) {
        lock.lock()
        looksAsked += 1
        let target = looksAsked
        lock.unlock()
        wake.signal()
        guard seconds > 0 else { return }
        let deadline = Date(timeIntervalSinceNow: seconds)
        lock.lock()
        while looksDone < target && !stopped {
            if !lock.wait(until: deadline) { break }
        }
        lock.unlock()
    }

    /// Waits (up to `seconds`) until the first look is done: what is already there when the
    /// participant starts is the baseline, so what their first line starts is news.
    public func waitForFirstLook(upTo seconds: Double) {
        let deadline = Date(timeIntervalSinceNow: seconds)
        lock.lock()
        while !firstLookDone && !stopped {
            if !lock.wait(until: deadline) { break }
        }
        lock.unlock()
    }

    public func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        wake.signal()
    }

    /// Everything seen since the last call, in order, and anything to tell the participant.
    public func take() -> (observations: [Observation], notices: [String]) {
        lock.lock()
        defer { lock.unlock() }
        let taken = (queue, notices)
        queue = []
        notices = []
        return taken
    }

    /// The last snapshot and what the observer made of it (`:explain`).
    public var last: (snapshot: ClusterSnapshot, observer: UpgradeObserver)? {
        lock.lock()
        defer { lock.unlock() }
        return latest.map { ($0.0, $0.1) }
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func loop() {
        var first = true
        while !isStopped {
            if !first {
                let woken = wake.wait(timeout: .now() + interval) == .success
                if isStopped { return }
                // Nothing is changing and nobody ran anything: no need to look.
                if !woken && !watcher.clusterIsChanging { continue }
            }
            first = false
            lock.lock()
            let asked = looksAsked
            lock.unlock()
            watcher.poll()
            lock.lock()
            firstLookDone = true
            if let snapshot = watcher.last { latest = (snapshot, watcher.observer) }
            looksDone = asked
            lock.broadcast()
            lock.unlock()
            if let error = watcher.lastError {
                if error != reportedError {
                    reportedError = error
                    lock.lock()
                    notices.append(error.description)
                    lock.unlock()
                }
                if error.isFinal {
                    lock.lock()
                    stopped = true
                    lock.broadcast()
                    lock.unlock()
                    return
                }
            } else {
                reportedError = nil
            }
        }
    }
}
