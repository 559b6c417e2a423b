import Foundation
import Testing
import ClusterSim
@testable import Runner

/// The session's socket as bash's programs use it: a signal on a client reaches its action.
@Suite(.enabled(if: ClientProgram.isBuilt, "workshop-client is not built beside the tests")) struct LessonSessionTests {
    /// A session whose clock runs at real time, so a `sleep` really waits.
    func realTimeSession() throws -> LessonSession {
        let placeholder = PacedClock(simulator: Simulator(scenario: .default), speed: .realtime)
        let clock = PacedSessionClock(paced: placeholder)
        let session = try LessonSession(scenario: .default, seed: 1, clock: clock, clientExecutable: ClientProgram.path)
        clock.paced = PacedClock(simulator: session.session!.simulator, speed: .realtime)
        clock.interrupted = { [unowned session] in session.callStopped }
        return session
    }

    @Test(arguments: [("TERM", 143), ("INT", 130)])
    func aSignalOnAClientStopsItsAction(signal: String, status: Int) throws {
        let session = try realTimeSession()
        defer { session.close() }
        // `sleep 1000` would hold the session for 1000 s; the signal on its client stops it.
        let script = "sleep 1000 & p=$!; /bin/sleep 0.3; kill -\(signal) $p; wait $p; echo \"status=$?\"; sleep 2; echo done"
        let started = Date()
        let run = session.run(["/bin/bash", "-c", script], environment: ProcessInfo.processInfo.environment, wallTimeout: 30)
        let elapsed = Date().timeIntervalSince(started)
        #expect(run.stdout == "status=\(status)\ndone\n", "\(run.stderr)")
        #expect(elapsed < 5, "the session went on answering after the signal (took \(elapsed) s)")
        // The stopped sleep let about 0.3 simulated seconds pass, the next one 2.
        let simulated = session.session!.simulator.now.seconds
        #expect(simulated > 2 && simulated < 4, "\(simulated)")
    }
}
