import Testing
import ClusterSim
@testable import Actions

@Suite struct SessionTests {
    func session(_ scenario: Scenario = .default) -> Session { Session(simulator: Simulator(scenario: scenario)) }

    @Test func environmentIsPresetFromTheScenario() {
        let s = session()
        #expect(s.run("echo $EKS_CLUSTER_NAME $AWS_REGION $AWS_DEFAULT_REGION $EKS_DEFAULT_MNG_NAME").stdout == "eks-workshop us-west-2 us-west-2 default\n")
    }

    @Test func assignmentsExportsAndSubstitution() {
        let s = session()
        #expect(s.run("X=1; export Y=two; echo $X $Y").stdout == "1 two\n")
        #expect(s.environment["Y"] == "two")
        #expect(s.environment["X"] == nil)
        #expect(s.run(#"export V=$(aws eks describe-cluster --name $EKS_CLUSTER_NAME --query "cluster.version" --output text); echo "v=$V""#).stdout == "v=1.33\n")
    }

    @Test func listsFollowExitStatuses() {
        let s = session()
        #expect(s.run("false && echo no || echo yes; echo $?").stdout == "yes\n0\n")
        #expect(s.run("true; false").status == 1)
        #expect(s.run("! false").status == 0)
    }

    @Test func programsWithoutANativeEquivalentSaySo() {
        let s = session()
        let jq = s.run("aws eks list-clusters | jq .clusters")
        #expect(jq.status == 127)
        #expect(jq.stderr == "not available in the simulated cluster: jq\n")
        let helm = s.run("helm install x y")
        #expect(helm.status == 127)
        #expect(helm.stderr == "not available in the simulated cluster: helm\n")
        let loop = s.run("for n in 1 2; do echo $n; done")
        #expect(loop.status == 127)
        #expect(loop.stderr.hasPrefix("not available in the simulated cluster: "))
        #expect(s.run("echo hi > out.txt").status == 127)
        #expect(s.run("echo hi 2>/dev/null").stdout == "hi\n")
    }

    @Test func sleepAdvancesTheSimulatedClock() {
        let s = session()
        #expect(s.run("sleep 90").status == 0)
        #expect(s.simulator.now == .seconds(90))
        #expect(s.run("sleep 2m").status == 0)
        #expect(s.simulator.now == .seconds(210))
        #expect(s.run("sleep soon").status == 1)
    }

    @Test func syntaxErrorsAreReported() {
        let result = session().run("echo 'open")
        #expect(result.status == 2)
        #expect(result.stderr.contains("unterminated single quote"))
    }
}
