@testable import Actions
import ClusterSim
import Foundation
import Testing

/// Pods a client writes — `kubectl run`, a manifest of `kind: Pod` — through the real kubectl 1.32
/// on one served cluster and the native one on an identical cluster: the same objects, words and
/// statuses, quota refusals included.
@Suite struct KubectlWrittenPodsTests {
    @Test(.enabled(if: RealClient.kubectl != nil, "kubectl is not installed: the written pods' own tests still run"))
    func writtenPodsPrintWhatTheNativeActionPrints() async throws {
        let native = try await ServedCluster()
        let real = try await ServedCluster()
        let pod = native.directory + "/pod.yaml", quota = native.directory + "/quota.yaml"
        try """
            apiVersion: v1
            kind: Pod
            metadata:
              name: solo
              labels: {app: solo}
            spec:
              containers:
              - name: app
                image: nginx:1.27
                resources: {requests: {cpu: 100m, memory: 64Mi}}
            """.write(toFile: pod, atomically: true, encoding: .utf8)
        try """
            apiVersion: v1
            kind: Namespace
            metadata: {name: capped}
            ---
            apiVersion: v1
            kind: ResourceQuota
            metadata: {name: small, namespace: capped}
            spec:
              hard: {pods: "1", limits.memory: 1Gi}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: bounded}
            ---
            apiVersion: v1
            kind: LimitRange
            metadata: {name: bounds, namespace: bounded}
            spec:
              limits:
              - type: Container
                max: {cpu: 500m}
                min: {memory: 64Mi}
            """.write(toFile: quota, atomically: true, encoding: .utf8)
        let lines: [[String]] = [
            ["run", "web", "--image=nginx:1.27", "--port=80", "--labels=app=web,tier=front"],
            ["run", "worker", "--image=busybox:1.36", "--restart=Never", "--env=MODE=batch", "--command", "--", "sh", "-c", "sleep 3600"],
            ["run", "web", "--image=nginx:1.27"],
            ["get", "pod", "web", "-o", "yaml"], ["get", "pod", "worker", "-o", "jsonpath={.spec}"],
            ["apply", "-f", pod], ["apply", "-f", pod], ["get", "pods", "--show-labels"],
            ["label", "pod", "solo", "tier=back"], ["get", "pod", "solo", "-o", "jsonpath={.metadata.labels}"],
            // describe's events are aged by the real kubectl's wall clock: compared as objects (the pod's uid, which describe matches).
            ["get", "pod", "solo", "-o", "jsonpath={.metadata.uid}"],
            ["get", "events", "-o", #"jsonpath={range .items[?(@.involvedObject.name=="solo")]}{.reason} {.involvedObject.uid}: {.message}{"\n"}{end}"#],
            ["apply", "-f", quota],
            ["run", "first", "--image=nginx", "-n", "capped"],
            ["run", "limited", "--image=nginx", "-n", "capped", "--overrides", #"{"spec":{"containers":[{"name":"limited","image":"nginx","resources":{"limits":{"memory":"128Mi"}}}]}}"#],
            // A LimitRange's bounds: the max is the default limit; outside them the LimitRanger refuses.
            ["run", "fits", "--image=nginx", "-n", "bounded"], ["get", "pod", "fits", "-n", "bounded", "-o", "jsonpath={.spec.containers[0].resources}"],
            ["run", "big", "--image=nginx", "-n", "bounded", "--overrides", #"{"spec":{"containers":[{"name":"big","image":"nginx","resources":{"limits":{"cpu":"2"},"requests":{"memory":"32Mi"}}}]}}"#],
            ["delete", "pod", "web", "--wait=false"], ["get", "pods", "-o", "name"],
        ]
        await ServedCluster.expectSameKubectl(lines, native: native, real: real)
    }
}
