/// `kubectl kustomize [DIR]`: the kustomization's objects as YAML (what `kubectl apply -k` would
/// apply), built by kustomize or the real kubectl — building needs no cluster — and kept with what
/// the command read, so a replay prints the same without either tool.
enum KubectlKustomize {
    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let positional = arguments.filter { !$0.hasPrefix("-") }
        guard positional.count <= 1 else {
            context.err("error: specify one path to kustomization.yaml\n")
            return 1
        }
        if let flag = arguments.first(where: { $0.hasPrefix("-") }) {
            context.err("not available in the simulated cluster: kubectl kustomize \(flag)\n")
            return Session.unavailableStatus
        }
        let directory = positional.first ?? "."
        if case .missing = context.input.entry(directory) {
            context.err("error: must build at directory: not a valid directory: evalsymlink failure on '\(directory)' : lstat \(directory): no such file or directory\n")
            return 1
        }
        switch context.input.kustomized(directory) {
        case .built(let text):
            context.out(text)
            return 0
        case .failed(let message):
            context.err(message.hasSuffix("\n") || message.isEmpty ? message : message + "\n")
            return 1
        case .noTool:
            context.err("error: kubectl kustomize \(directory) needs kustomize to build the directory, and neither `kustomize` nor the real `kubectl` is installed here: install one of them (building needs no cluster), or run `kustomize build \(directory)` elsewhere\n")
            return 1
        }
    }
}
