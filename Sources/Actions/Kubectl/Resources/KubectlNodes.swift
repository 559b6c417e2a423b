import ClusterSim

extension KubectlResource {
    /// Nodes: NAME STATUS ROLES AGE VERSION; wide adds INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION
    /// CONTAINER-RUNTIME. Every node event is a write to the Node object, so a watch prints a row for
    /// each, identical or not, as a real one does.
    static let nodes = KubectlResource(
        names: ["nodes", "node", "no"], qualifiedPlural: "nodes", nameKind: "node", namespaced: false,
        header: { wide in
            ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
                + (wide ? ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"] : [])
        },
        watchChanges: .perEvent { kind in
            switch kind {
            case .nodeRegistered(let node, _, _), .nodeReady(let node), .nodeNotReady(let node), .nodeMarkedUnschedulable(let node),
                 .nodeTainted(let node, _), .nodeLabelled(let node, _), .nodeDeleted(let node):
                return node
            default:
                return nil
            }
        },
        objects: { _, simulator in
            simulator.nodeList().map { node in
                Object(namespace: nil, name: node.name, labels: node.labels, json: { KubernetesObjects.node(node, simulator: simulator) },
                       row: { wide, now in
                           var cells = [node.name, node.statusText, "<none>", HumanDuration.format(now - node.created), node.kubeletVersion]
                           if wide { cells += [node.internalIp, "<none>", node.osImage, node.kernelVersion, node.containerRuntime] }
                           return cells
                       },
                       // Everything the Node object shows, for a server's watch to compare cheaply.
                       version: { String(node.hashValue) },
                       template: KubernetesAPIObject.Template(identity: node) {
                           KubernetesObjects.node(node, simulator: simulator, heartbeat: .string(KubernetesAPIObject.Template.now),
                                                  resourceVersion: KubernetesAPIObject.Template.resourceVersion)
                       })
            }
        })
}
