import ClusterSim

/// `kubectl` (1.32 behaviour) against the simulated cluster. Verbs live in their own files.
public struct KubectlProgram: Program {
    public let name = "kubectl"

    public init() {}

    public func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        guard let verb = arguments.first(where: { !$0.hasPrefix("-") }) else {
            context.err("error: you must specify a command; run kubectl help\n")
            return 1
        }
        let rest = Array(arguments.drop { $0 != verb }.dropFirst())
        switch verb {
        case "get": return KubectlGet.run(rest, context: context)
        case "version": return KubectlVersion.run(rest, context: context)
        case "cordon": return KubectlNodeMaintenance.cordon(rest, schedulable: false, context: context)
        case "uncordon": return KubectlNodeMaintenance.cordon(rest, schedulable: true, context: context)
        case "drain": return KubectlNodeMaintenance.drain(rest, context: context)
        case "wait": return KubectlWait.run(rest, context: context)
        case "describe": return KubectlDescribe.run(rest, context: context)
        case "create":
            guard let kind = rest.first, kind == "poddisruptionbudget" || kind == "pdb" else {
                context.err("not available in the simulated cluster: kubectl create \(rest.first ?? "")\n")
                return Session.unavailableStatus
            }
            return KubectlPodDisruptionBudgets.create(Array(rest.dropFirst()), context: context)
        case "delete":
            let positional = rest.filter { !$0.hasPrefix("-") }
            var namespace = "default"
            if let i = rest.firstIndex(where: { $0 == "-n" || $0 == "--namespace" }), i + 1 < rest.count { namespace = rest[i + 1] }
            let names = positional.filter { $0 != namespace }
            guard let kind = names.first, ["pdb", "poddisruptionbudget", "poddisruptionbudgets"].contains(kind), names.count == 2 else {
                context.err("not available in the simulated cluster: kubectl delete \(names.first ?? "")\n")
                return Session.unavailableStatus
            }
            return KubectlPodDisruptionBudgets.delete(names[1], namespace: namespace, context: context)
        default:
            context.err("not available in the simulated cluster: kubectl \(verb)\n")
            return Session.unavailableStatus
        }
    }
}

/// `kubectl version`.
enum KubectlVersion {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        context.out("Client Version: v1.32.9\nKustomize Version: v5.5.0\n")
        if !arguments.contains("--client") {
            let version = context.simulator.cluster.version
            context.out("Server Version: v\(version).5-eks-3cfe0ce\n")
        }
        return 0
    }
}
