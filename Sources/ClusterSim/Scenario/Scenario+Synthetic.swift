extension Scenario {
    /// A scenario built from the common knobs (`workshop simulate --nodes 450 --pods-per-node 30 …`):
    /// one node group spread over `zones`, and Deployments of 10 replicas filling `podsPerNode`
    /// pods per node, each with the given budget.
    public static func synthetic(nodes: Int, zones: Int, podsPerNode: Int, budget: BudgetSpec?,
                                 updateConfig: UpdateConfig, kubernetesVersion: String = "1.33", faults: [Fault] = [],
                                 groups: Int = 1) -> Scenario {
        var scenario = Scenario()
        scenario.kubernetesVersion = kubernetesVersion
        let letters = Array("abcdef")
        scenario.availabilityZones = (0..<max(1, min(zones, 6))).map { "us-west-2\(letters[$0])" }
        var group = NodegroupSpec()
        group.desiredSize = nodes
        group.minSize = nodes
        group.maxSize = min(450, max(nodes * 2, nodes + 1))
        // Room for the pods plus the two DaemonSet pods on every node.
        group.instanceType = podsPerNode + 2 <= 27 ? "m5.large" : podsPerNode + 2 <= 56 ? "m5.2xlarge" : "m5.4xlarge"
        group.updateConfig = updateConfig
        if !AMIFamily.al2023x86.minors.contains(Int(kubernetesVersion.split(separator: ".").last ?? "") ?? 0) {
            group.amiType = .al2023x86
        }
        scenario.nodegroups = (0..<max(1, groups)).map { index in
            var copy = group
            copy.name = groups > 1 ? "group-\(index)" : "default"
            return copy
        }
        let capacity = Scenario.instanceTypes[group.instanceType]!
        let total = nodes * podsPerNode * max(1, groups)
        // Requests sized so the pods fit with headroom for the surge of an update.
        let cpu = max(10, capacity.cpuMillis / max(1, podsPerNode + 2) / 2)
        let memory = max(16, capacity.memoryMi / max(1, podsPerNode + 2) / 2)
        var workloads: [WorkloadSpec] = [
            WorkloadSpec(kind: .daemonSet, namespace: "kube-system", name: "aws-node", cpuMillis: 25, memoryMi: 64,
                         labels: ["k8s-app": "aws-node"], toleratesAllTaints: true),
            WorkloadSpec(kind: .daemonSet, namespace: "kube-system", name: "kube-proxy", cpuMillis: 25, memoryMi: 64,
                         labels: ["k8s-app": "kube-proxy"], toleratesAllTaints: true),
        ]
        var remaining = total
        var index = 0
        while remaining > 0 {
            let replicas = min(10, remaining)
            workloads.append(WorkloadSpec(namespace: "apps", name: "app-\(index)", replicas: replicas, cpuMillis: cpu, memoryMi: memory,
                                          labels: ["app.kubernetes.io/name": "app-\(index)"], budget: budget))
            remaining -= replicas
            index += 1
        }
        scenario.workloads = workloads
        scenario.faults = faults
        return scenario
    }
}
