import ClusterSim
import JSON

/// A resource type `kubectl get` serves: the names it answers to, its objects as the API returns
/// them (for `-o json|yaml|name|jsonpath|custom-columns`) and its human-readable table. Each type
/// lives in its own file as an extension; `all` lists them.
struct KubectlResource: Sendable {
    /// One object: its name and its API form, built only when a format needs it.
    struct Object {
        var namespace: String?
        var name: String
        var labels: [String: String] = [:]
        var json: () -> JSONValue
    }

    /// Every spelling kubectl accepts: plural, singular, short names.
    let names: Set<String>
    /// The qualified plural used in messages: `nodes`, `deployments.apps`, `poddisruptionbudgets.policy`.
    let qualifiedPlural: String
    /// `-o name` prefix: `node`, `deployment.apps`.
    let nameKind: String
    let namespaced: Bool
    let objects: @Sendable (_ namespace: String?, _ simulator: Simulator) -> [Object]
    let table: @Sendable (_ options: KubectlGet.Options, _ context: ProgramContext) -> Int32

    static let all: [KubectlResource] = [.nodes, .pods, .deployments, .podDisruptionBudgets, .events]

    static func named(_ name: String) -> KubectlResource? {
        let lower = name.lowercased()
        return all.first { $0.names.contains(lower) || $0.qualifiedPlural == lower }
    }

    /// The objects a `get` names (all of them when it names none), or kubectl's NotFound error.
    func select(_ options: KubectlGet.Options, simulator: Simulator) -> Result<[Object], KubectlError> {
        select(from: objects(scope(options), simulator), options)
    }

    /// The namespace a `get` lists (nil: every namespace, or a cluster-scoped type).
    func scope(_ options: KubectlGet.Options) -> String? {
        namespaced && !options.allNamespaces ? options.namespace : nil
    }

    /// `select` over objects already listed for the get's scope.
    func select(from listed: [Object], _ options: KubectlGet.Options) -> Result<[Object], KubectlError> {
        var every = listed
        if let selector = options.selector { every = every.filter { selector.matches($0.labels) } }
        guard !options.names.isEmpty else { return .success(every) }
        var chosen: [Object] = []
        for name in options.names {
            guard let object = every.first(where: { $0.name == name }) else {
                return .failure(KubectlError("Error from server (NotFound): \(qualifiedPlural) \"\(name)\" not found"))
            }
            chosen.append(object)
        }
        return .success(chosen)
    }

    /// kubectl's message when a namespaced list comes back empty.
    func noResources(_ options: KubectlGet.Options) -> String {
        namespaced && !options.allNamespaces ? "No resources found in \(options.namespace) namespace.\n" : "No resources found\n"
    }
}

/// A message kubectl prints on stderr before exiting 1.
struct KubectlError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
