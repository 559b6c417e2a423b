import ClusterSim
import Testing
@testable import Actions

/// A Deployment's template changing — `set image`, `apply`, `rollout restart`, `rollout undo` —
/// rolls its pods to a new ReplicaSet, which `rollout status`, `get rs` and `rollout history` show.
@Suite struct KubectlRolloutTests {
    func session() -> Session {
        let session = Session(simulator: Simulator(scenario: .default))
        _ = session.run("kubectl create namespace shop")
        _ = session.run("kubectl create deployment web -n shop --image=nginx:1.27 --replicas=4")
        _ = session.run("kubectl rollout status deployment/web -n shop")
        return session
    }

    /// The images of the pods that are not terminating.
    func images(_ session: Session) -> [String] {
        session.run(#"kubectl get pods -n shop -o jsonpath='{range .items[*]}{.metadata.deletionTimestamp}|{.spec.containers[0].image}{"\n"}{end}'"#)
            .stdout.split(separator: "\n").filter { $0.hasPrefix("|") }.map { String($0.dropFirst()) }.sorted()
    }

    @Test func setImageRollsEveryPodToANewReplicaSet() {
        let session = session()
        let before = session.run("kubectl get rs -n shop --no-headers").stdout
        #expect(session.run("kubectl set image deployment/web -n shop nginx=nginx:1.28").stdout == "deployment.apps/web image updated\n")
        // Mid-rollout: both ReplicaSets hold pods, and the old pods keep their image.
        let mid = session.run("kubectl get rs -n shop --no-headers").stdout.split(separator: "\n")
        #expect(mid.count == 2)
        #expect(Set(images(session)) == ["nginx:1.27", "nginx:1.28"])
        let status = session.run("kubectl rollout status deployment/web -n shop")
        #expect(status.stdout.contains("out of 4 new replicas have been updated...\n"))
        #expect(status.stdout.hasSuffix("deployment \"web\" successfully rolled out\n"))
        #expect(images(session) == Array(repeating: "nginx:1.28", count: 4))
        let after = session.run("kubectl get rs -n shop --no-headers").stdout
        let old = String(before.split(separator: " ")[0])
        #expect(after.contains(old + "   0     0     0"))
        #expect(session.run("kubectl rollout history deployment/web -n shop").stdout
                == "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n")
        // The same image again changes nothing and prints nothing, as kubectl does.
        #expect(session.run("kubectl set image deployment/web -n shop nginx=nginx:1.28").stdout == "")
    }

    @Test func undoBringsTheEarlierTemplateBackAsTheNewestRevision() {
        let session = session()
        let first = session.run("kubectl get rs -n shop -o name").stdout
        _ = session.run("kubectl set image deployment/web -n shop nginx=nginx:1.28")
        _ = session.run("kubectl rollout status deployment/web -n shop")
        #expect(session.run("kubectl rollout undo deployment/web -n shop").stdout == "deployment.apps/web rolled back\n")
        _ = session.run("kubectl rollout status deployment/web -n shop")
        #expect(images(session) == Array(repeating: "nginx:1.27", count: 4))
        // The first ReplicaSet is reused, under revision 3.
        #expect(session.run("kubectl get rs -n shop -o name").stdout.contains(first))
        #expect(session.run("kubectl rollout history deployment/web -n shop").stdout.hasSuffix("REVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n"))
        #expect(session.run("kubectl rollout undo deployment/web -n shop --to-revision=3").stdout
                == "deployment.apps/web skipped rollback (current template already matches revision 3)\n")
        #expect(session.run("kubectl rollout undo deployment/web -n shop --to-revision=9").stderr == "error: unable to find specified revision 9 in history\n")
    }

    @Test func restartReplacesEveryPodAndPauseHoldsChanges() {
        let session = session()
        let names = { session.run("kubectl get pods -n shop -o name").stdout }
        let before = names()
        #expect(session.run("kubectl rollout restart deployment/web -n shop").stdout == "deployment.apps/web restarted\n")
        _ = session.run("kubectl rollout status deployment/web -n shop")
        session.simulator.advance(by: .seconds(60))
        #expect(Set(names().split(separator: "\n")).isDisjoint(with: Set(before.split(separator: "\n"))))
        #expect(session.run("kubectl rollout pause deployment/web -n shop").stdout == "deployment.apps/web paused\n")
        #expect(session.run("kubectl rollout pause deployment/web -n shop").stderr == "error: deployments.apps \"web\" is already paused\n")
        _ = session.run("kubectl set image deployment/web -n shop nginx=nginx:1.29")
        session.simulator.advance(by: .seconds(60))
        #expect(!images(session).contains("nginx:1.29"))
        #expect(session.run("kubectl rollout undo deployment/web -n shop").stderr
                == "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n")
        #expect(session.run("kubectl rollout resume deployment/web -n shop").stdout == "deployment.apps/web resumed\n")
        _ = session.run("kubectl rollout status deployment/web -n shop")
        #expect(images(session) == Array(repeating: "nginx:1.29", count: 4))
    }

    @Test func aRecreateDeploymentStopsEveryOldPodBeforeStartingNewOnes() {
        let session = session()
        _ = session.run(#"kubectl patch deployment web -n shop --type merge -p '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}'"#)
        _ = session.run("kubectl set image deployment/web -n shop nginx=nginx:1.28")
        #expect(session.simulator.workloadStatus("shop/web").current == 0)
        let status = session.run("kubectl rollout status deployment/web -n shop")
        #expect(status.stdout.hasSuffix("deployment \"web\" successfully rolled out\n"))
        #expect(images(session) == Array(repeating: "nginx:1.28", count: 4))
    }

    @Test func mistakesGetKubectlsMessages() {
        let session = session()
        #expect(session.run("kubectl set image deployment/web -n shop nope=x").stderr == "error: unable to find container named \"nope\"\n")
        #expect(session.run("kubectl set image deployment/web -n shop").stderr == "error: at least one image update is required\n")
        #expect(session.run("kubectl set image -n shop nginx=x").stderr
                == "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n")
        #expect(session.run("kubectl rollout undo deployment/web -n shop").stderr == "error: no rollout history found for deployment \"web\"\n")
        #expect(session.run("kubectl rollout history deployment/nope -n shop").stderr == "Error from server (NotFound): deployments.apps \"nope\" not found\n")
        #expect(session.run("kubectl rollout").stderr.hasPrefix("error: Required subcommand not specified"))
    }

    @Test func theScenariosDeploymentsHaveAHistoryAndRollToo() {
        let session = Session(simulator: Simulator(scenario: .default))
        #expect(session.run("kubectl rollout history deployment/ui -n ui").stdout == "deployment.apps/ui \nREVISION  CHANGE-CAUSE\n1         <none>\n\n")
        // Scaling the adopted Deployment is no new revision.
        _ = session.run("kubectl scale deployment/ui -n ui --replicas=3")
        #expect(session.run("kubectl get rs -n ui --no-headers").stdout.split(separator: "\n").count == 1)
        _ = session.run("kubectl rollout restart deployment/ui -n ui")
        let status = session.run("kubectl rollout status deployment/ui -n ui")
        #expect(status.stdout.hasSuffix("deployment \"ui\" successfully rolled out\n"))
        #expect(session.run("kubectl get rs -n ui --no-headers").stdout.split(separator: "\n").count == 2)
    }
}
