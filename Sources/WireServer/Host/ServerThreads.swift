import Foundation

/// Threads of the server's own, on which its request handling runs (a task executor preference).
///
/// Why: the process-wide concurrency pool has one thread per core. A program that embeds the server —
/// the test suite, a guided session — may block those threads (waiting for a child process, reading
/// a socket), and then a server on that pool answers nothing: on a two-core machine a real `kubectl`
/// gave up after 32 s waiting for the answer to its first request. On threads of its own the server
/// answers however busy its host is.
///
/// Lifetime: the threads live from `init` until `shutDown()`; a job enqueued after that (a task that
/// outlived the server) is handed to the global concurrent executor, so nothing is lost.
public final class ServerThreads: TaskExecutor, @unchecked Sendable {
    // Guarded by `condition`.
    private var jobs: [UnownedJob] = []
    private var running = true
    private let condition = NSCondition()

    public init(count: Int = 2, name: String = "workshop-serve") {
        for index in 0..<max(1, count) {
            let thread = Thread { [self] in work() }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        if running {
            jobs.append(unowned)
            condition.signal()
            condition.unlock()
        } else {
            condition.unlock()
            globalConcurrentExecutor.enqueue(unowned)
        }
    }

    /// Lets the threads finish the jobs they have and end.
    public func shutDown() {
        condition.lock()
        running = false
        condition.broadcast()
        condition.unlock()
    }

    private func work() {
        let executor = asUnownedTaskExecutor()
        while let job = next() { job.runSynchronously(on: executor) }
    }

    /// The next job, or nil once shut down with nothing left to run.
    private func next() -> UnownedJob? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty {
            if !running { return nil }
            condition.wait()
        }
        // Jobs are taken first in, first out; removing from the front of a short array is cheap.
        return jobs.removeFirst()
    }
}
