import ClusterSim

extension KubectlResource {
    /// Pods: NAME READY STATUS RESTARTS AGE; wide adds IP NODE NOMINATED NODE READINESS GATES. A watch
    /// prints a pod when its scheduling, readiness or termination changes, and once more when it is gone.
    static let pods = KubectlResource(
        names: ["pods", "pod", "po"], qualifiedPlural: "pods", nameKind: "pod", namespaced: true,
        header: { wide in
            ["NAME", "READY", "STATUS", "RESTARTS", "AGE"] + (wide ? ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"] : [])
        },
        watchChanges: .byVersion,
        objects: { namespace, simulator in
            simulator.podList(namespace: namespace).map { pod in
                let status = pod.terminating ? "Terminating" : pod.nodeName == nil ? "Pending"
                    : pod.phase == .succeeded ? "Completed" : pod.phase == .failed ? "Error" : pod.ready ? "Running" : "ContainerCreating"
                return Object(namespace: pod.namespace, name: pod.name, labels: pod.labels,
                              json: { KubernetesObjects.pod(pod, simulator: simulator) },
                              row: { wide, now in
                                  var cells = [pod.name, pod.ready ? "1/1" : "0/1", status, String(pod.restarts),
                                               HumanDuration.format(now - pod.created)]
                                  if wide { cells += [pod.podIp ?? "<none>", pod.nodeName ?? "<none>", "<none>", "<none>"] }
                                  return cells
                              },
                              version: { "\(pod.id)|\(status)|\(pod.ready)|\(pod.nodeName ?? "")|\(pod.podIp ?? "")|\(pod.restarts)" })
            }
        })
}
