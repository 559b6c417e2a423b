import ClusterSim

/// `kubectl` (1.32 behaviour) against the simulated cluster. Verbs live in their own files.
public struct KubectlProgram: Program {
    public let name = "kubectl"

    public init() {}

    /// The verbs the simulated cluster answers, each with what runs it: dispatch and the guided
    /// shell's completion read this one table.
    static let verbs: [String: @Sendable ([String], ProgramContext) -> Int32] = [
        "get": { KubectlGet.run($0, context: $1) },
        "version": { KubectlVersion.run($0, context: $1) },
        "cordon": { KubectlNodeMaintenance.cordon($0, schedulable: false, context: $1) },
        "uncordon": { KubectlNodeMaintenance.cordon($0, schedulable: true, context: $1) },
        "drain": { KubectlNodeMaintenance.drain($0, context: $1) },
        "wait": { KubectlWait.run($0, context: $1) },
        "describe": { KubectlDescribe.run($0, context: $1) },
        "create": { KubectlCreate.run($0, context: $1) },
        "delete": { KubectlDeleteObjects.run($0, context: $1) },
        "apply": { KubectlApply.run($0, context: $1) },
        "scale": { KubectlScale.run($0, context: $1) },
        "patch": { KubectlPatch.run($0, context: $1) },
        "rollout": { KubectlRollout.run($0, context: $1) },
        "label": { KubectlLabel.run($0, field: .labels, context: $1) },
        "annotate": { KubectlLabel.run($0, field: .annotations, context: $1) },
        "taint": { KubectlTaint.run($0, context: $1) },
        "logs": { KubectlLogs.run($0, context: $1) },
        "kustomize": { KubectlKustomize.run($0, context: $1) },
        "run": { KubectlRun.run($0, context: $1) },
        "set": { rest, context in
            let setters: [String: (([String], ProgramContext) -> Int32)] = [
                "image": { KubectlSetImage.run($0, context: $1) }, "resources": { KubectlSetResources.run($0, context: $1) },
            ]
            guard let word = rest.first, let setter = setters[word] else {
                context.err("not available in the simulated cluster: kubectl set \(rest.first ?? "")\n")
                return Session.unavailableStatus
            }
            return setter(Array(rest.dropFirst()), context)
        },
    ]

    public func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        guard let verb = arguments.first(where: { !$0.hasPrefix("-") }) else {
            context.err("error: you must specify a command; run kubectl help\n")
            return 1
        }
        let rest = Array(arguments.drop { $0 != verb }.dropFirst())
        guard let run = Self.verbs[verb] else {
            context.err("not available in the simulated cluster: kubectl \(verb)\n")
            return Session.unavailableStatus
        }
        return run(rest, context)
    }
}

/// `kubectl version`.
enum KubectlVersion {
    static let clientMinor = 32
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        context.out("Client Version: v1.\(clientMinor).9\nKustomize Version: v5.5.0\n")
        if !arguments.contains("--client") {
            let version = context.simulator.cluster.serverVersion
            context.out("Server Version: v\(version).5-eks-3cfe0ce\n")
            // kubectl's own warning when the server is more than one minor version from the client.
            let serverMinor = Int(version.split(separator: ".").last ?? "") ?? clientMinor
            if abs(serverMinor - clientMinor) > 1 {
                context.err("WARNING: version difference between client (1.\(clientMinor)) and server (1.\(serverMinor)) exceeds the supported minor version skew of +/-1\n")
            }
        }
        return 0
    }
}
