@testable import Actions
import ClusterSim
import Foundation
import Testing

/// Claims, volumes, autoscalers, CronJobs, quotas and limit ranges: the native kubectl on one served
/// cluster, the real kubectl 1.32 on an identical one (discovery, tables and objects over the wire),
/// the same words, statuses and objects — and what their controllers write (a claim bound, a quota's
/// usage, an autoscaler holding its target within bounds) the same both ways.
@Suite struct KubectlVolumesAndAutoscalersTests {
    static let objects = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 1
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx:1.27
                resources:
                  requests: {cpu: 250m, memory: 128Mi}
                  limits: {memory: 256Mi}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: db
        spec:
          replicas: 1
          selector:
            matchLabels: {app: db}
          template:
            metadata:
              labels: {app: db}
            spec:
              containers:
              - name: db
                image: postgres:16
                volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
              volumes:
              - name: data
                persistentVolumeClaim: {claimName: data}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: web
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          minReplicas: 3
          maxReplicas: 6
          behavior:
            scaleDown: {stabilizationWindowSeconds: 60}
          metrics:
          - type: Resource
            resource:
              name: cpu
              target: {type: Utilization, averageUtilization: 50}
        ---
        apiVersion: v1
        kind: PersistentVolume
        metadata:
          name: data-pv
        spec:
          capacity: {storage: 5Gi}
          accessModes: [ReadWriteOnce]
          storageClassName: manual
          hostPath: {path: /data}
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: data
        spec:
          accessModes: [ReadWriteOnce]
          storageClassName: manual
          volumeName: data-pv
          resources:
            requests: {storage: 5Gi}
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: scratch
        spec:
          accessModes: [ReadWriteOnce]
          storageClassName: gp2
          resources:
            requests: {storage: 1Gi}
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: report
        spec:
          schedule: "*/5 * * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                  - name: report
                    image: busybox:1.36
                    command: ["sh", "-c", "date"]
        ---
        apiVersion: v1
        kind: ResourceQuota
        metadata:
          name: compute
        spec:
          hard:
            pods: 10
            requests.cpu: "2"
            requests.memory: 2Gi
            limits.memory: 4Gi
            configmaps: 5
        ---
        apiVersion: v1
        kind: LimitRange
        metadata:
          name: defaults
        spec:
          limits:
          - type: Container
            default: {cpu: 500m}
        """

    static let staticVolumes = """
        apiVersion: v1
        kind: PersistentVolume
        metadata:
          name: small
        spec:
          capacity: {storage: 2Gi}
          accessModes: [ReadWriteOnce]
          storageClassName: manual
          hostPath: {path: /small}
        ---
        apiVersion: v1
        kind: PersistentVolume
        metadata:
          name: big
        spec:
          capacity: {storage: 20Gi}
          accessModes: [ReadWriteOnce]
          storageClassName: manual
          csi:
            driver: ebs.csi.aws.com
            fsType: ext4
            volumeHandle: vol-0123456789abcdef0
            volumeAttributes: {storage.kubernetes.io/csiProvisionerIdentity: 1700000000000-8081-ebs.csi.aws.com}
          nodeAffinity:
            required:
              nodeSelectorTerms:
              - matchExpressions:
                - {key: topology.ebs.csi.aws.com/zone, operator: In, values: [us-west-2a]}
                - {key: kubernetes.io/os, operator: Exists}
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: claim2
        spec:
          accessModes: [ReadWriteOnce]
          storageClassName: manual
          resources:
            requests: {storage: 1Gi}
        """

    @Test(.enabled(if: RealClient.kubectl != nil, "kubectl is not installed: the controllers' own tests still run"))
    func heldKindsPrintWhatTheNativeActionPrints() async throws {
        let native = try await ServedCluster()
        let real = try await ServedCluster()
        let objects = native.directory + "/objects.yaml", volumes = native.directory + "/volumes.yaml"
        try Self.objects.write(toFile: objects, atomically: true, encoding: .utf8)
        try Self.staticVolumes.write(toFile: volumes, atomically: true, encoding: .utf8)
        let lines: [[String]] = [
            ["get", "pvc,pv,hpa,cronjobs,quota,limits"],
            ["apply", "-f", objects], ["apply", "-f", objects],
            ["get", "hpa"], ["get", "deploy", "web"], ["get", "pvc", "-o", "wide"], ["get", "pv", "-o", "wide"], ["get", "cj", "-o", "wide"],
            ["get", "quota"], ["get", "limits"], ["get", "pvc", "scratch", "-o", "yaml"], ["get", "pv", "data-pv", "-o", "yaml"],
            ["get", "hpa", "web", "-o", "yaml"], ["get", "cronjob", "report", "-o", "json"], ["get", "quota", "compute", "-o", "yaml"],
            ["get", "limitrange", "defaults", "-o", "yaml"],
            // A waiting claim's events are compared as objects: the real kubectl ages them by its own wall clock.
            ["describe", "pvc", "data"], ["get", "events", "-o", #"jsonpath={range .items[?(@.involvedObject.kind=="PersistentVolumeClaim")]}{.reason}/{.involvedObject.name}: {.message}{"\n"}{end}"#],
            ["describe", "hpa", "web"], ["describe", "cronjob", "report"], ["describe", "quota", "compute"],
            ["describe", "limitrange", "defaults"], ["describe", "namespace", "default"], ["describe", "pv"],
            ["get", "pods", "-l", "app=db", "-o", "name"],
            ["get", "pods", "-l", "app=db", "-o", "jsonpath={.items[0].spec.volumes}"],
            ["scale", "deploy", "web", "--replicas=10"], ["get", "deploy", "web"], ["get", "hpa"], ["get", "quota"],
            ["patch", "hpa", "web", "--type", "merge", "-p", #"{"spec":{"minReplicas":8,"maxReplicas":9}}"#], ["get", "deploy", "web"],
            // pvc-protection keeps a claim a running pod mounts: Terminating (kubectl would wait for good).
            ["delete", "pvc", "data", "--wait=false"], ["get", "pv"], ["get", "pvc", "data"],
            ["get", "pvc", "data", "-o", "jsonpath={.metadata.finalizers} {.metadata.deletionGracePeriodSeconds}"],
            ["apply", "-f", volumes], ["get", "pv,pvc"], ["describe", "pv", "big", "small"], ["get", "pvc", "claim2", "-o", "yaml"], ["get", "pv", "small", "-o", "yaml"],
            ["label", "cj", "report", "tier=batch"], ["get", "cj", "-l", "tier=batch"],
            // The served clock is paused: the claims' pods never end, so neither wait nor the claims go.
            ["delete", "-f", volumes, "--wait=false"], ["delete", "-f", objects, "--wait=false"], ["get", "pvc,pv,hpa,cronjobs,quota,limits"],
        ]
        await ServedCluster.expectSameKubectl(lines, native: native, real: real)
    }
    /// A StatefulSet's claims provisioned by the EBS CSI add-on: the claims, volumes, pods and claim
    /// events, the same through the real kubectl as natively.
    @Test(.enabled(if: RealClient.kubectl != nil, "kubectl is not installed: the provisioning's own tests still run"))
    func provisionedVolumesPrintWhatTheNativeActionPrints() async throws {
        let statefulSet = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              replicas: 2
              serviceName: db
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  containers: [{name: db, image: mysql:8.0}]
              volumeClaimTemplates:
              - metadata: {name: data}
                spec: {accessModes: [ReadWriteOnce], storageClassName: gp2, resources: {requests: {storage: 4Gi}}}
            ---
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata: {name: ebs}
            provisioner: ebs.csi.aws.com
            volumeBindingMode: WaitForFirstConsumer
            parameters: {type: gp3}
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: scratch}
            spec: {accessModes: [ReadWriteOnce], storageClassName: ebs, resources: {requests: {storage: 1Gi}}}
            """
        let prepare: (Simulator) -> Void = { simulator in
            _ = try? simulator.createAddon(cluster: "eks-workshop", addon: "aws-ebs-csi-driver")
            simulator.advance(by: .seconds(120))
            simulator.create(manifest: statefulSet)
            simulator.advance(by: .seconds(60))
        }
        let native = try await ServedCluster(prepare: prepare)
        let real = try await ServedCluster(prepare: prepare)
        let claims = native.native(["kubectl", "get", "pvc", "--no-headers", "-o", "custom-columns=NAME:.metadata.name,STATUS:.status.phase"]).stdout
        #expect(claims == "data-db-0   Bound\ndata-db-1   Bound\nscratch     Pending\n", "the set's claims provisioned; the unused claim waits for a pod")
        let lines: [[String]] = [
            ["get", "pvc,pv", "-o", "wide"], ["get", "pods", "-o", "wide"], ["get", "pvc", "data-db-0", "-o", "yaml"],
            ["get", "pv", "-o", "yaml"], ["describe", "pv"], ["get", "pvc", "scratch", "-o", "yaml"],
            ["get", "pods", "db-1", "-o", "jsonpath={.spec.volumes}"],
            ["get", "events", "-o", #"jsonpath={range .items[?(@.involvedObject.kind=="PersistentVolumeClaim")]}{.reason}/{.involvedObject.name}: {.message} ({.count}){"\n"}{end}"#],
        ]
        await ServedCluster.expectSameKubectl(lines, native: native, real: real)
    }
    /// A CronJob's runs: its Jobs, their owner references and annotations, its status, its events.
    @Test(.enabled(if: RealClient.kubectl != nil, "kubectl is not installed: the CronJob controller's own tests still run"))
    func cronJobRunsPrintWhatTheNativeActionPrints() async throws {
        let cronJob = """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: report}
            spec:
              schedule: "*/2 * * * *"
              jobTemplate:
                metadata: {labels: {app: report}}
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: report, image: busybox, command: [sh, -c, "sleep 30"]}]
            """
        let prepare: (Simulator) -> Void = { simulator in
            simulator.create(manifest: cronJob)
            simulator.advance(by: .seconds(610))
        }
        let native = try await ServedCluster(prepare: prepare)
        let real = try await ServedCluster(prepare: prepare)
        let jobs = native.native(["kubectl", "get", "jobs", "--no-headers", "-o", "custom-columns=NAME:.metadata.name"]).stdout
        #expect(jobs.split(separator: "\n").count == 4, "three finished (the history limit) and one running:\n\(jobs)")
        let lines: [[String]] = [
            ["get", "cronjobs", "-o", "wide"], ["get", "jobs", "-o", "wide"], ["get", "cronjob", "report", "-o", "yaml"],
            ["get", "jobs", "-l", "app=report", "-o", "yaml"],
            ["get", "events", "-o", #"jsonpath={range .items[?(@.involvedObject.kind=="CronJob")]}{.reason}: {.message}{"\n"}{end}"#],
            ["delete", "cronjob", "report"], ["get", "jobs"],
        ]
        await ServedCluster.expectSameKubectl(lines, native: native, real: real)
    }
    /// Admission: a LimitRange's defaults in the pods, a quota's refusals as FailedCreate events, the
    /// quota's usage — the same through the real kubectl as natively.
    @Test(.enabled(if: RealClient.kubectl != nil, "kubectl is not installed: the admission's own tests still run"))
    func quotaAdmissionPrintsWhatTheNativeActionPrints() async throws {
        let native = try await ServedCluster()
        let real = try await ServedCluster()
        let manifest = native.directory + "/quota.yaml"
        try """
            apiVersion: v1
            kind: Namespace
            metadata: {name: team}
            ---
            apiVersion: v1
            kind: ResourceQuota
            metadata: {name: compute, namespace: team}
            spec:
              hard: {pods: "10", requests.cpu: "1", limits.memory: 1Gi}
            ---
            apiVersion: v1
            kind: LimitRange
            metadata: {name: defaults, namespace: team}
            spec:
              limits:
              - type: Container
                default: {cpu: 500m, memory: 256Mi}
                defaultRequest: {cpu: 250m, memory: 128Mi}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: team}
            spec:
              replicas: 6
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: web, image: nginx:1.27}]
            """.write(toFile: manifest, atomically: true, encoding: .utf8)
        let lines: [[String]] = [
            ["apply", "-f", manifest], ["get", "deploy,rs,quota", "-n", "team"], ["describe", "quota", "-n", "team"],
            ["get", "pods", "-n", "team", "-o", "yaml"],
            ["get", "events", "-n", "team", "-o", #"jsonpath={range .items[?(@.reason=="FailedCreate")]}{.involvedObject.kind}/{.involvedObject.name}: {.message} ({.count}){"\n"}{end}"#],
            ["scale", "deploy", "web", "-n", "team", "--replicas=2"], ["get", "deploy,quota", "-n", "team"],
            ["delete", "-f", manifest],
        ]
        await ServedCluster.expectSameKubectl(lines, native: native, real: real)
    }
    /// An autoscaler's loop: its bound enforced at its sync, its events (a rescale, then the metrics it
    /// cannot read every 15 s), the same through the real kubectl as natively.
    @Test(.enabled(if: RealClient.kubectl != nil, "kubectl is not installed: the autoscaler's own tests still run"))
    func autoscalerSyncsPrintWhatTheNativeActionPrints() async throws {
        let manifest = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: nginx, resources: {requests: {cpu: 100m}}}]}
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: web}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              minReplicas: 2
              maxReplicas: 4
              metrics:
              - type: Resource
                resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
            """
        let prepare: (Simulator) -> Void = { simulator in
            simulator.create(manifest: manifest)
            simulator.advance(by: .seconds(50))
        }
        let native = try await ServedCluster(prepare: prepare)
        let real = try await ServedCluster(prepare: prepare)
        let lines: [[String]] = [
            ["get", "hpa,deploy"],
            ["get", "events", "-o", #"jsonpath={range .items[?(@.involvedObject.kind=="HorizontalPodAutoscaler")]}{.type} {.reason} ({.count}): {.message}{"\n"}{end}"#],
        ]
        await ServedCluster.expectSameKubectl(lines, native: native, real: real)
        let events = native.native(["kubectl", "get", "events", "-o", "jsonpath={range .items[*]}{.reason}{\"\\n\"}{end}"]).stdout
        #expect(events.contains("SuccessfulRescale\n") && events.contains("FailedGetResourceMetric\n") && events.contains("FailedComputeMetricsReplicas\n"))
    }
}
