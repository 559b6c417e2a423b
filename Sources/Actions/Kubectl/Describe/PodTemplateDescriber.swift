import ClusterSim
import JSON

/// kubectl's `DescribePodTemplate` (1.32), on a pod template's JSON: labels, annotations, service
/// account, containers (image, ports, command, resources, probes, environment, mounts), volumes,
/// node selectors and tolerations. Deployments, ReplicaSets and the other controllers share it.
enum PodTemplateDescriber {
    static func describe(_ template: JSONValue, _ w: inout DescribeWriter) {
        w.write(0, "Pod Template:\n")
        NodeDescriber.labels(&w, "  Labels", template[path: "metadata", "labels"]?.stringMap ?? [])
        let annotations = template[path: "metadata", "annotations"]?.stringMap ?? []
        if !annotations.isEmpty { NodeDescriber.annotations(&w, "  Annotations", annotations) }
        let spec = template["spec"] ?? .object([])
        let account = spec.text("serviceAccountName")
        if !account.isEmpty { w.write(1, "Service Account:\t\(account)\n") }
        let initContainers = spec["initContainers"]?.items ?? []
        if !initContainers.isEmpty { containers("Init Containers", initContainers, &w) }
        containers("Containers", spec["containers"]?.items ?? [], &w)
        volumes(spec["volumes"]?.items ?? [], space: "  ", &w)
        let priority = spec.text("priorityClassName")
        if !priority.isEmpty { w.write(1, "Priority Class Name:\t\(priority)\n") }
        NodeDescriber.labels(&w, "  Node-Selectors", spec["nodeSelector"]?.stringMap ?? [])
        tolerations(spec["tolerations"]?.items ?? [], title: "  Tolerations", &w)
    }

    /// `describeContainers`: under a template (`space` two spaces, names indented one more) or a
    /// pod's own (with each container's status when the pod has them).
    static func containers(_ label: String, _ containers: [JSONValue], statuses: [JSONValue]? = nil, space: String = "  ",
                           _ w: inout DescribeWriter) {
        w.write(0, "\(space)\(label):\(containers.isEmpty ? " <none>" : "")\n")
        for container in containers {
            let status = statuses?.first { $0.text("name") == container.text("name") }
            w.write(1, "\(space.isEmpty ? "" : " ")\(container.text("name")):\n")
            if let status { w.write(2, "Container ID:\t\(status.text("containerID"))\n") }
            w.write(2, "Image:\t\(container.text("image"))\n")
            if let status { w.write(2, "Image ID:\t\(status.text("imageID"))\n") }
            let ports = container["ports"]?.items ?? []
            let portText = ports.map { "\($0.text("containerPort"))/\($0.text("protocol"))" }.joined(separator: ", ")
            let hostText = ports.map { "\(Int($0.text("hostPort")) ?? 0)/\($0.text("protocol"))" }.joined(separator: ", ")
            w.write(2, portText.contains(",") ? "Ports:\t\(portText)\n" : "Port:\t\(portText.isEmpty ? "<none>" : portText)\n")
            w.write(2, hostText.contains(",") ? "Host Ports:\t\(hostText)\n" : "Host Port:\t\(hostText.isEmpty ? "<none>" : hostText)\n")
            for (title, key) in [("Command", "command"), ("Args", "args")] {
                let words = container[key]?.items ?? []
                guard !words.isEmpty else { continue }
                w.write(2, "\(title):\n")
                for word in words {
                    for line in (word.stringValue ?? "").split(separator: "\n", omittingEmptySubsequences: false) { w.write(3, "\(line)\n") }
                }
            }
            if let status {
                let state = status["state"]
                if let running = state?["running"] {
                    w.write(2, "State:\tRunning\n")
                    w.write(3, "Started:\t\(NodeDescriber.time(running.text("startedAt")))\n")
                } else {
                    w.write(2, "State:\tWaiting\n")
                    let reason = state?["waiting"]?.text("reason") ?? ""
                    if !reason.isEmpty { w.write(3, "Reason:\t\(reason)\n") }
                }
                w.write(2, "Ready:\t\(status["ready"] == .bool(true) ? "True" : "False")\n")
                w.write(2, "Restart Count:\t\(Int(status.text("restartCount")) ?? 0)\n")
            }
            for (title, key) in [("Limits", "limits"), ("Requests", "requests")] {
                let amounts = container[path: "resources", key]?.stringMap ?? []
                guard !amounts.isEmpty else { continue }
                w.write(2, "\(title):\n")
                // Quantities print in canonical form (`1024Mi` as `1Gi`).
                for (name, amount) in amounts.sorted(by: { $0.key < $1.key }) { w.write(3, "\(name):\t\(KubernetesQuantity(amount)?.description ?? amount)\n") }
            }
            let env = container["env"]?.items ?? []
            w.write(2, "Environment:\(env.isEmpty ? "\t<none>" : "")\n")
            for variable in env {
                let lines = variable.text("value").split(separator: "\n", omittingEmptySubsequences: false)
                for (index, line) in lines.enumerated() {
                    w.write(3, index == 0 ? "\(variable.text("name")):\t\(line)\n" : "\t\(line)\n")
                }
            }
            let mounts = container["volumeMounts"]?.items ?? []
            w.write(2, "Mounts:\(mounts.isEmpty ? "\t<none>" : "")\n")
            for mount in mounts.sorted(by: { $0.text("mountPath") < $1.text("mountPath") }) {
                let mode = mount["readOnly"] == .bool(true) ? "ro" : "rw"
                w.write(3, "\(mount.text("mountPath")) from \(mount.text("name")) (\(mode))\n")
            }
        }
    }

    static func volumes(_ volumes: [JSONValue], space: String, _ w: inout DescribeWriter) {
        guard !volumes.isEmpty else { return w.write(0, "\(space)Volumes:\t<none>\n") }
        w.write(0, "\(space)Volumes:\n")
        for volume in volumes {
            w.write(1, "\(space.isEmpty ? "" : " ")\(volume.text("name")):\n")
            if let configMap = volume["configMap"] {
                w.write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n")
                w.write(2, "Name:\t\(configMap.text("name"))\n")
                w.write(2, "Optional:\t\(configMap["optional"] == .bool(true) ? "true" : "false")\n")
            } else if let secret = volume["secret"] {
                w.write(2, "Type:\tSecret (a volume populated by a Secret)\n")
                w.write(2, "SecretName:\t\(secret.text("secretName"))\n")
                w.write(2, "Optional:\t\(secret["optional"] == .bool(true) ? "true" : "false")\n")
            } else if let emptyDir = volume["emptyDir"] {
                w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n")
                w.write(2, "Medium:\t\(emptyDir.text("medium"))\n")
                let limit = emptyDir.text("sizeLimit")
                w.write(2, "SizeLimit:\t\(limit.isEmpty ? "<unset>" : limit)\n")
            } else if let claim = volume["persistentVolumeClaim"] {
                w.write(2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n")
                w.write(2, "ClaimName:\t\(claim.text("claimName"))\n")
                w.write(2, "ReadOnly:\t\(claim["readOnly"] == .bool(true) ? "true" : "false")\n")
            } else if !storageSource(volume, &w) {
                w.write(2, "<unknown>\n")
            }
        }
    }

    /// The sources a pod's volume and a PersistentVolume share (`printHostPathVolumeSource`,
    /// `printAWSElasticBlockStoreVolumeSource`, `printNFSVolumeSource`, and for volumes `local` and
    /// `csi`); false for any other.
    static func storageSource(_ source: JSONValue, _ w: inout DescribeWriter) -> Bool {
        func flag(_ value: JSONValue?) -> String { value == .bool(true) ? "true" : "false" }
        if let hostPath = source["hostPath"] {
            w.write(2, "Type:\tHostPath (bare host directory volume)\n")
            w.write(2, "Path:\t\(hostPath.text("path"))\n")
            w.write(2, "HostPathType:\t\(hostPath["type"] == nil ? "<none>" : hostPath.text("type"))\n")
        } else if let ebs = source["awsElasticBlockStore"] {
            w.write(2, "Type:\tAWSElasticBlockStore (a Persistent Disk resource in AWS)\n")
            w.write(2, "VolumeID:\t\(ebs.text("volumeID"))\n")
            w.write(2, "FSType:\t\(ebs.text("fsType"))\n")
            w.write(2, "Partition:\t\(ebs["partition"] == nil ? "0" : ebs.text("partition"))\n")
            w.write(2, "ReadOnly:\t\(flag(ebs["readOnly"]))\n")
        } else if let nfs = source["nfs"] {
            w.write(2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n")
            w.write(2, "Server:\t\(nfs.text("server"))\n")
            w.write(2, "Path:\t\(nfs.text("path"))\n")
            w.write(2, "ReadOnly:\t\(flag(nfs["readOnly"]))\n")
        } else if let local = source["local"], source["capacity"] != nil {
            w.write(2, "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n")
            w.write(2, "Path:\t\(local.text("path"))\n")
        } else if let csi = source["csi"], source["capacity"] != nil {
            w.write(2, "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n")
            w.write(2, "Driver:\t\(csi.text("driver"))\n")
            w.write(2, "FSType:\t\(csi.text("fsType"))\n")
            w.write(2, "VolumeHandle:\t\(csi.text("volumeHandle"))\n")
            w.write(2, "ReadOnly:\t\(flag(csi["readOnly"]))\n")
            let attributes = (csi["volumeAttributes"]?.stringMap ?? []).sorted { $0.key < $1.key }
            w.write(2, "VolumeAttributes:\t")
            if attributes.isEmpty { w.write(0, "<none>\n") }
            // Each write at level 2 is indented anew, the one after the tab too (kubectl's PrefixWriter).
            for (index, pair) in attributes.enumerated() {
                if index != 0 { w.write(2, ""); w.write(2, "\t") }
                let line = "\(pair.key)=\(pair.value)"
                w.write(2, (line.utf8.count > 140 ? String(line.prefix(140)) + "..." : line) + "\n")
            }
        } else {
            return false
        }
        return true
    }

    /// `printPodTolerationsMultiline`.
    static func tolerations(_ tolerations: [JSONValue], title: String, _ w: inout DescribeWriter) {
        w.write(0, "\(title):\t")
        guard !tolerations.isEmpty else { return w.write(0, "<none>\n") }
        for (index, toleration) in tolerations.sorted(by: { $0.text("key") < $1.text("key") }).enumerated() {
            if index != 0 { w.write(0, "\t") }
            var text = toleration.text("key")
            let value = toleration.text("value"), effect = toleration.text("effect")
            if !value.isEmpty { text += "=\(value)" }
            if !effect.isEmpty { text += ":\(effect)" }
            if toleration.text("operator") == "Exists" && value.isEmpty {
                text += toleration.text("key").isEmpty && effect.isEmpty ? "op=Exists" : " op=Exists"
            }
            let seconds = toleration.text("tolerationSeconds")
            if !seconds.isEmpty { text += " for \(seconds)s" }
            w.write(0, text + "\n")
        }
    }
}
