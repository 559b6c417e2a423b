import JSON
import Testing
@testable import ClusterSim

/// LimitRange defaults and ResourceQuota admission for the pods controllers make: what a pod gets,
/// what is refused in the API server's words, and how a refused controller resumes.
@Suite struct PodAdmissionTests {
    /// Its objects go in namespace `team`.
    func write(_ simulator: Simulator, _ yaml: String) throws { try simulator.create(manifest: yaml, namespace: "team") }

    func team(_ simulator: Simulator) throws {
        try write(simulator, "apiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n")
    }

    func deployment(replicas: Int, resources: String = "") -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: \(replicas)
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: web
                image: nginx
                \(resources)
        """
    }

    func pods(_ simulator: Simulator) -> [Pod] { simulator.podList(namespace: "team").filter { !$0.terminating } }

    func refusals(_ simulator: Simulator) -> [String] {
        simulator.events.compactMap { if case .podCreationRefused(_, _, let message) = $0.kind { message } else { nil } }
    }

    @Test func aLimitRangeFillsInWhatContainersLeaveOutAndSaysSo() throws {
        let simulator = Simulator(scenario: .default)
        try team(simulator)
        try write(simulator, """
            apiVersion: v1
            kind: LimitRange
            metadata: {name: defaults}
            spec:
              limits:
              - type: Container
                default: {cpu: 500m, memory: 256Mi}
                defaultRequest: {cpu: 250m}
            """)
        try write(simulator, deployment(replicas: 1, resources: "resources: {limits: {memory: 512Mi}}"))
        let pod = try #require(pods(simulator).first)
        let resources = try #require(pod.resources)
        #expect(resources.limits.mapValues(\.description) == ["cpu": "500m", "memory": "512Mi"], "the container's own limit kept")
        // The request for memory comes from the container's limit (pod defaulting), CPU's from the range.
        #expect(resources.requests.mapValues(\.description) == ["cpu": "250m", "memory": "512Mi"])
        #expect(resources.limitRangerAnnotation == "LimitRanger plugin set: cpu request for container web; cpu limit for container web")
        #expect(pod.cpuMillis == 250 && pod.memoryMi == 512, "the scheduler places it by its requests")
    }

    @Test func aQuotaRefusesThePodThatWouldExceedItAndTheControllerResumesWhenItIsRaised() throws {
        let simulator = Simulator(scenario: .default)
        try team(simulator)
        try write(simulator, "apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: compute}\nspec:\n  hard: {pods: \"2\", requests.cpu: \"1\"}\n")
        try write(simulator, deployment(replicas: 4, resources: "resources: {requests: {cpu: 300m}}"))
        #expect(pods(simulator).count == 2)
        let refusal = try #require(refusals(simulator).first)
        #expect(refusal.hasPrefix("pods \"web-"))
        #expect(refusal.hasSuffix("\" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2"))
        #expect(simulator.quotaUsage(namespace: "team")["requests.cpu"]?.description == "600m")
        // Raising the pod count lets one more in; the CPU limit then stops the fourth.
        let key = ObjectStore.Key(kind: ResourceKinds.resourceQuota, namespace: "team", name: "compute")
        _ = try simulator.patchObject(key, with: .object([("spec", .object([("hard", .object([("pods", .string("10"))]))]))]), kind: .merge,
                                      manager: FieldManager("kubectl", apiVersion: "v1"))
        simulator.advance(by: .seconds(5))
        #expect(pods(simulator).count == 3)
        #expect(refusals(simulator).last?.hasSuffix("exceeded quota: compute, requested: requests.cpu=300m, used: requests.cpu=900m, limited: requests.cpu=1") == true)
        // Scaling down frees room: the refused controller is not stuck on its old refusal.
        try simulator.deleteObject(key)
        simulator.advance(by: .seconds(5))
        #expect(pods(simulator).count == 4)
    }

    @Test func aQuotaOnCPUOrMemoryNeedsEveryContainerToSayItsAmount() throws {
        let simulator = Simulator(scenario: .default)
        try team(simulator)
        try write(simulator, "apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: compute}\nspec:\n  hard: {limits.memory: 1Gi, requests.cpu: \"1\"}\n")
        try write(simulator, deployment(replicas: 1))
        #expect(pods(simulator).isEmpty)
        #expect(refusals(simulator).first?.hasSuffix("is forbidden: failed quota: compute: must specify limits.memory for: web; requests.cpu for: web") == true)
        // A LimitRange's defaults satisfy it: the controller tries again and the pod is made.
        try write(simulator, "apiVersion: v1\nkind: LimitRange\nmetadata: {name: defaults}\nspec:\n  limits:\n  - type: Container\n    default: {cpu: 200m, memory: 128Mi}\n")
        simulator.advance(by: .seconds(5))
        let pod = try #require(pods(simulator).first)
        #expect(pod.resources?.requests["cpu"]?.description == "200m", "the default limit is also the default request")
    }

    @Test func podsThatEndedNoLongerCount() throws {
        let simulator = Simulator(scenario: .default)
        try team(simulator)
        try write(simulator, "apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: few}\nspec:\n  hard: {pods: \"1\"}\n")
        try write(simulator, """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: batch}
            spec:
              completions: 3
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: work, image: busybox, command: [sh, -c, "sleep 5"]}]
            """)
        simulator.advance(by: .minutes(2))
        #expect(simulator.jobProgress("team/batch").succeeded == 3, "one pod at a time, each after the last ended")
    }

    @Test func aLimitRangesBoundsRefuseWhatLiesOutsideThemInTheLimitRangersWords() throws {
        let simulator = Simulator(scenario: .default)
        try team(simulator)
        try write(simulator, """
            apiVersion: v1
            kind: LimitRange
            metadata: {name: bounds}
            spec:
              limits:
              - type: Container
                max: {cpu: 500m}
                min: {memory: 64Mi}
                maxLimitRequestRatio: {cpu: "2"}
            """)
        // With no limit of its own a container gets the max as its default limit, and passes.
        try write(simulator, deployment(replicas: 1, resources: "resources: {requests: {cpu: 250m, memory: 128Mi}}"))
        #expect(pods(simulator).count == 1)
        #expect(pods(simulator).first?.resources?.limits["cpu"]?.description == "500m")
        // Over the max, under the min, a ratio too wide: each is a refusal, together in one message.
        let key = ObjectStore.Key(kind: ResourceKinds.deployment, namespace: "team", name: "web")
        try simulator.deleteObject(key)
        try write(simulator, deployment(replicas: 1, resources: "resources: {requests: {cpu: 100m, memory: 32Mi}, limits: {cpu: \"1\"}}"))
        let refusal = try #require(refusals(simulator).last)
        #expect(refusal.hasSuffix("\" is forbidden: [minimum memory usage per Container is 64Mi, but request is 32Mi, maximum cpu usage per Container is 500m, but limit is 1, cpu max limit to request ratio per Container is 2, but provided ratio is 10.000000]"))
        #expect(pods(simulator).isEmpty)
    }

    @Test func aPodItemBoundsTheContainersTogether() throws {
        let violations = Simulator.limitViolations(
            .object([("type", .string("Pod")), ("max", .object([("memory", .string("1Gi"))]))]), type: "Pod",
            requests: ["memory": try #require(KubernetesQuantity("768Mi"))], limits: [:])
        #expect(violations == ["maximum memory usage per Pod is 1Gi.  No limit is specified"])
        let within = Simulator.limitViolations(
            .object([("type", .string("Pod")), ("min", .object([("cpu", .string("100m"))]))]), type: "Pod",
            requests: ["cpu": try #require(KubernetesQuantity("250m"))], limits: ["cpu": try #require(KubernetesQuantity("50m"))])
        #expect(within == ["minimum cpu usage per Pod is 100m, but limit is 50m"])
    }
}
