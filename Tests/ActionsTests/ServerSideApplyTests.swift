import ClusterSim
import Testing
@testable import Actions

/// `kubectl apply --server-side`: who owns which field, conflicts with other managers in the API
/// server's words (and kubectl's advice), `--force-conflicts`, fields dropped from an applied
/// configuration removed, and `managedFields` shown only when asked.
@Suite struct ServerSideApplyTests {

    static func deployment(replicas: Int, image: String, label: String? = nil) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: default\(label.map { "\n  labels: {tier: \($0)}" } ?? "")
        spec:
          replicas: \(replicas)
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: "\(image)"}]
        """
    }

    @Test func changingFieldsAnotherManagerOwnsIsAConflictUntilForced() {
        let session = Session(simulator: Simulator(scenario: .default))
        #expect(session.kubectl(["apply", "-f", "-"], stdin: Self.deployment(replicas: 2, image: "nginx:1.27")).status == 0)
        let refused = session.kubectl(["apply", "--server-side", "-f", "-"], stdin: Self.deployment(replicas: 3, image: "nginx:1.28"))
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("""
            error: Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:
            - .spec.replicas
            - .spec.template.spec.containers[name="web"].image
            Please review the fields above--they currently have other managers.
            """))
        #expect(session.simulator.workload(key: "default/web")?.replicas == 2)
        // The same values are shared, not a conflict.
        #expect(session.kubectl(["apply", "--server-side", "-f", "-"], stdin: Self.deployment(replicas: 2, image: "nginx:1.27")).stdout
                == "deployment.apps/web serverside-applied\n")
        let forced = session.kubectl(["apply", "--server-side", "--force-conflicts", "-f", "-"], stdin: Self.deployment(replicas: 3, image: "nginx:1.28"))
        #expect(forced.stdout == "deployment.apps/web serverside-applied\n")
        #expect(session.simulator.workload(key: "default/web")?.replicas == 3)
        // Scaling through the scale subresource takes the field; the next apply names that manager.
        _ = session.run("kubectl scale deployment web --replicas=5")
        let again = session.kubectl(["apply", "--server-side", "-f", "-"], stdin: Self.deployment(replicas: 3, image: "nginx:1.28"))
        #expect(again.stderr.hasPrefix("error: Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\" using apps/v1: .spec.replicas\n"))
    }

    @Test func aFieldDroppedFromTheAppliedConfigurationGoesAndManagedFieldsShowOnlyWhenAsked() {
        let session = Session(simulator: Simulator(scenario: .default))
        #expect(session.kubectl(["apply", "--server-side", "-f", "-"], stdin: Self.deployment(replicas: 1, image: "nginx:1.27", label: "front")).status == 0)
        #expect(session.run("kubectl get deploy web -o jsonpath={.metadata.labels.tier}").stdout == "front")
        #expect(session.kubectl(["apply", "--server-side", "-f", "-"], stdin: Self.deployment(replicas: 1, image: "nginx:1.27")).status == 0)
        #expect(session.run("kubectl get deploy web -o jsonpath={.metadata.labels.tier}").stdout == "")
        #expect(!session.run("kubectl get deploy web -o yaml").stdout.contains("managedFields"))
        let shown = session.run("kubectl get deploy web -o yaml --show-managed-fields").stdout
        #expect(shown.contains("    manager: kubectl\n    operation: Apply\n"))
        #expect(shown.contains("f:replicas: {}"))
        #expect(session.kubectl(["apply", "--force-conflicts", "-f", "-"], stdin: Self.deployment(replicas: 1, image: "x")).stderr
                == "error: --force-conflicts only works with --server-side\n")
    }
}
