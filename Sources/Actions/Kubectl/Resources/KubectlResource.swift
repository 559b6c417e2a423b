import ClusterSim
import JSON

/// A resource type `kubectl get` serves: the names it answers to, its objects as the API returns
/// them (for `-o json|yaml|name|jsonpath|custom-columns`) and as rows of its human-readable table.
/// Each type lives in its own file as an extension; `all` lists them.
struct KubectlResource: Sendable {
    /// One object: its name, its API form and its table row, each built only when needed.
    struct Object {
        var namespace: String?
        var name: String
        var labels: [String: String] = [:]
        var json: () -> JSONValue
        /// The type's own cells (after NAMESPACE, before label columns) at a moment: ages move with it.
        var row: (_ wide: Bool, _ now: SimTime) -> [String]
        /// What a watch compares to notice the object changed, for types watched by difference.
        var version: () -> String = { "" }
        /// For objects whose JSON changes only with themselves, the moment and the list's
        /// resourceVersion (nodes): what they are, and their JSON with placeholders for the two.
        var template: KubernetesAPIObject.Template?

        /// `namespace/name`, or the name of a cluster-scoped object: how simulator events name it.
        var key: String { namespace.map { "\($0)/\(name)" } ?? name }
    }

    /// How `--watch` learns that an object changed.
    enum WatchChanges: Sendable {
        /// Every simulator event naming the object is a write to it (nodes): one row per event, so
        /// a watch shows the repeated identical lines a real one does.
        case perEvent(@Sendable (SimEvent.Kind) -> String?)
        /// The object is written when its `version` changes (a controller updating a status,
        /// an event's count): the rows that differ after each step of the clock.
        case byVersion
    }

    /// Every spelling kubectl accepts: plural, singular, short names.
    let names: Set<String>
    /// The qualified plural used in messages: `nodes`, `deployments.apps`, `poddisruptionbudgets.policy`.
    let qualifiedPlural: String
    /// `-o name` prefix: `node`, `deployment.apps`.
    let nameKind: String
    let namespaced: Bool
    /// The table's own column headings (`wide` adds some), as the API server's printer names them.
    let header: @Sendable (_ wide: Bool) -> [String]
    let watchChanges: WatchChanges
    let objects: @Sendable (_ namespace: String?, _ simulator: Simulator) -> [Object]
    /// The table's column names as the API server spells them, when kubectl's headings (upper
    /// case) do not say (a CRD's columns); nil: derived from the headings.
    var serverColumns: [String]? = nil

    static let all: [KubectlResource] = [.nodes, .pods, .deployments, .podDisruptionBudgets, .events, .namespaces, .daemonSets, .statefulSets, .replicaSets,
                                         .configMaps, .secrets, .services, .serviceAccounts, .endpoints, .endpointSlices, .jobs, .resourceQuotas, .limitRanges,
                                         .ingresses, .ingressClasses, .networkPolicies, .roles, .roleBindings, .clusterRoles, .clusterRoleBindings,
                                         .storageClasses, .priorityClasses, .persistentVolumeClaims, .persistentVolumes, .horizontalPodAutoscalers, .cronJobs,
                                         .customResourceDefinitions]

    static func named(_ name: String) -> KubectlResource? {
        let lower = name.lowercased()
        return all.first { $0.names.contains(lower) || $0.qualifiedPlural == lower }
    }

    /// The objects a `get` names (all of them when it names none, in the order it names them), or
    /// kubectl's NotFound error.
    func select(_ options: KubectlGet.Options, simulator: Simulator) -> Result<[Object], KubectlError> {
        let every = matching(objects(scope(options), simulator), options)
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

    /// The namespace a `get` lists (nil: every namespace, or a cluster-scoped type).
    func scope(_ options: KubectlGet.Options) -> String? {
        namespaced && !options.allNamespaces ? options.namespace : nil
    }

    /// The listed objects a `get` covers, without failing on names not (or no longer) there: what a
    /// watch keeps looking at.
    func matching(_ listed: [Object], _ options: KubectlGet.Options) -> [Object] {
        listed.filter { object in
            (options.selector?.matches(object.labels) ?? true) && (options.names.isEmpty || options.names.contains(object.name))
                && (options.fieldSelector?.matches(object.json()) ?? true)
        }
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
