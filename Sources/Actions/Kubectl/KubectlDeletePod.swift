import ClusterSim

/// `kubectl delete pod NAME [-n NS] [--wait=false]`: the pod is deleted gracefully (its controller
/// makes a replacement); kubectl prints `pod "NAME" deleted` and, unless `--wait=false`, waits until
/// the pod is gone, as the real one does by polling it.
enum KubectlDeletePod {
    static func run(_ name: String, namespace: String, wait: Bool, context: ProgramContext) -> Int32 {
        let simulator = context.simulator
        do {
            try simulator.deletePod(namespace: namespace, name: name)
        } catch {
            context.err("Error from server (NotFound): pods \"\(name)\" not found\n")
            return 1
        }
        context.out("pod \"\(name)\" deleted\n")
        guard wait, let deleted = simulator.pod(namespace: namespace, name: name)?.id else { return 0 }
        // Gone once no pod of that name is left, or the one left is a new incarnation (a StatefulSet's).
        while let pod = simulator.pod(namespace: namespace, name: name), pod.id == deleted {
            guard context.sleep(.seconds(1)) else { return 130 }
        }
        return 0
    }
}
