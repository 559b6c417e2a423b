import Testing
import ClusterSim
@testable import Actions

/// The native side of a session: the lesson variables it presets, the programs it answers for.
@Suite struct SessionTests {
    func session(_ scenario: Scenario = .default) -> Session { Session(simulator: Simulator(scenario: scenario)) }

    @Test func lessonVariablesComeFromTheScenario() {
        let s = session()
        #expect(s.environment["EKS_CLUSTER_NAME"] == "eks-workshop")
        #expect(s.environment["AWS_REGION"] == "us-west-2")
        #expect(s.environment["AWS_DEFAULT_REGION"] == "us-west-2")
        #expect(s.environment["EKS_DEFAULT_MNG_NAME"] == "default")
        #expect(s.environment["HOME"] == nil, "the user's own HOME stays theirs")
    }

    @Test func aProgramTheSessionDoesNotHaveIsNotFoundAsInBash() {
        let output = OutputStreams()
        #expect(session().runProgram("helm", arguments: ["list"], environment: [:], output: output) == 127)
        #expect(output.stderr == "bash: helm: command not found\n")
    }

    @Test func sleepAdvancesTheSimulatedClock() {
        let s = session()
        #expect(s.run("sleep 90").status == 0)
        #expect(s.simulator.now == .seconds(90))
        #expect(s.run("sleep 2m").status == 0)
        #expect(s.simulator.now == .seconds(210))
        #expect(s.run("sleep soon").status == 1)
    }
}
