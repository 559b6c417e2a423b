import ClusterSim
import Testing
@testable import Actions

/// Jobs: pods that run to their end, as many at once as the Job's parallelism, until its
/// completions; failures retried with back-off until the limit, then the Job fails.
@Suite struct KubectlJobsTests {

    static func job(_ name: String, completions: Int, parallelism: Int, command: String, backoffLimit: Int = 6) -> String {
        """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: \(name), namespace: batch}
        spec:
          completions: \(completions)
          parallelism: \(parallelism)
          backoffLimit: \(backoffLimit)
          template:
            spec:
              restartPolicy: Never
              containers: [{name: work, image: busybox:1.36, command: ["sh", "-c", "\(command)"]}]
        """
    }

    @Test func aJobRunsItsCompletionsAtItsParallelismAndCompletes() {
        let session = Session(simulator: Simulator(scenario: .default))
        _ = session.run("kubectl create namespace batch")
        #expect(session.kubectl(["apply", "-f", "-"], stdin: Self.job("crunch", completions: 3, parallelism: 2, command: "sleep 20")).stdout
                == "job.batch/crunch created\n")
        session.simulator.advance(by: .seconds(5))
        let running = session.simulator.podList(namespace: "batch").filter { $0.phase == .running || $0.phase == .pending }
        #expect(running.count == 2)
        #expect(session.run("kubectl get jobs -n batch").stdout.contains("crunch   Running   0/3 "))
        let wait = session.run("kubectl wait --for=condition=complete job/crunch -n batch --timeout=120s")
        #expect(wait.stdout == "job.batch/crunch condition met\n")
        let table = session.run("kubectl get jobs -n batch").stdout
        #expect(table.hasPrefix("NAME     STATUS     COMPLETIONS   DURATION   AGE\ncrunch   Complete   3/3 "))
        let pods = session.run("kubectl get pods -n batch").stdout
        #expect(pods.components(separatedBy: "Completed").count - 1 == 3)
        #expect(session.run("kubectl get job crunch -n batch -o jsonpath={.status.conditions[*].type}").stdout == "SuccessCriteriaMet Complete")
        let events = session.run("kubectl get events -n batch").stdout
        #expect(events.contains("Normal   Completed          job/crunch          Job completed\n") || events.contains("Job completed"))
        // Completed pods give their node's resources back.
        let finished = session.simulator.podList(namespace: "batch").filter { $0.phase == .succeeded }
        #expect(finished.count == 3)
    }

    @Test func aFailingJobRetriesWithBackOffThenFails() {
        let session = Session(simulator: Simulator(scenario: .default))
        _ = session.run("kubectl create namespace batch")
        #expect(session.kubectl(["apply", "-f", "-"], stdin: Self.job("broken", completions: 1, parallelism: 1, command: "exit 3", backoffLimit: 2)).status == 0)
        let wait = session.run("kubectl wait --for=condition=failed job/broken -n batch --timeout=300s")
        #expect(wait.stdout == "job.batch/broken condition met\n")
        #expect(session.simulator.jobProgress("batch/broken").failed == 3)
        #expect(session.run("kubectl get pods -n batch").stdout.components(separatedBy: "Error").count - 1 == 3)
        #expect(session.run("kubectl get events -n batch").stdout.contains("Job has reached the specified backoff limit"))
        #expect(session.run("kubectl get jobs -n batch").stdout.contains("broken   Failed   0/1 "))
    }

    @Test func createJobRunsTheCommandGiven() {
        let session = Session(simulator: Simulator(scenario: .default))
        #expect(session.run("kubectl create job hello --image=busybox:1.36 -- sleep 3").stdout == "job.batch/hello created\n")
        #expect(session.run("kubectl wait --for=condition=complete job/hello --timeout=60s").status == 0)
        #expect(session.run("kubectl get job hello -o jsonpath={.spec.template.spec.containers[0].command}").stdout == #"["sleep","3"]"#)
        #expect(session.run("kubectl create job").stderr.hasPrefix("error: exactly one NAME is required, got 0"))
        #expect(session.run("kubectl wait --for=condition=complete job/nope --timeout=1s").stderr == "Error from server (NotFound): jobs.batch \"nope\" not found\n")
        // Deleting the Job deletes its pods.
        _ = session.run("kubectl delete job hello")
        session.simulator.advance(by: .seconds(60))
        #expect(session.simulator.podList(namespace: "default").isEmpty)
    }
}
