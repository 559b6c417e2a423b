import Foundation
import Testing
import WireServer

/// The server answers while every thread of its host's concurrency pool is blocked — as in a test
/// run or a guided session that waits on child processes: it handles requests on threads of its own.
@Suite struct ServerThreadsTests {
    @Test func theServerAnswersWhileTheHostsConcurrencyPoolIsBlocked() async throws {
        let served = try await ServedCluster()
        let port = served.port
        let width = ProcessInfo.processInfo.activeProcessorCount
        // Orchestrated from a plain thread: the test's own task is suspended meanwhile, so blockers
        // can hold every pool thread.
        let answer = await onOwnThread { () -> (blocked: Int, status: String) in
            let started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
            for _ in 0..<width {
                Task.detached {
                    started.signal()
                    release.wait() // deliberately blocks a pool thread
                }
            }
            // In a busy test run other tests may hold every pool thread for minutes (a test that
            // waits on a child process): the first blocker is waited for until one frees; the rest
            // only briefly, as threads the others still hold leave the pool just as blocked.
            var blocked = 0
            if started.wait(timeout: .now() + 600) == .success { blocked = 1 }
            while blocked >= 1, blocked < width, started.wait(timeout: .now() + 2) == .success { blocked += 1 }
            let reply = RealClient.run(["/usr/bin/env", "python3", "-c",
                                        "import urllib.request;print(urllib.request.urlopen('http://127.0.0.1:\(port)/version', timeout=10).status)"],
                                       environment: ProcessInfo.processInfo.environment, timeout: 20)
            for _ in 0..<width { release.signal() }
            return (blocked, reply.stdout + reply.stderr)
        }
        #expect(answer.blocked >= 1, "no pool thread could be blocked")
        #expect(answer.status == "200\n")
    }
}
