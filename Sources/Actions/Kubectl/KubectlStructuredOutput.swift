import ClusterSim
import JSON

/// `kubectl get TYPE -o json|yaml|name|jsonpath=…|custom-columns=…`: kubectl prints these from the
/// objects themselves, so one path serves every resource type.
enum KubectlStructuredOutput {
    static func run(_ resource: KubectlResource, _ options: KubectlGet.Options, format: String, context: ProgramContext) -> Int32 {
        guard ["json", "yaml", "name"].contains(format) || format.hasPrefix("jsonpath=") || format.hasPrefix("custom-columns=") else {
            context.err("not available in the simulated cluster: kubectl get -o \(format)\n")
            return Session.unavailableStatus
        }
        let objects: [KubectlResource.Object]
        switch resource.select(options, simulator: context.simulator) {
        case .success(let selected): objects = selected
        case .failure(let error):
            context.err(error.message + "\n")
            return 1
        }
        if format == "name" {
            context.out(objects.map { "\(resource.nameKind)/\($0.name)\n" }.joined())
            return 0
        }
        if format.hasPrefix("custom-columns=") {
            do {
                let columns = try KubectlCustomColumns(String(format.dropFirst("custom-columns=".count)))
                let rows = columns.rows(objects.map { $0.json() })
                context.out(TabWriter().format(options.noHeaders ? rows : [columns.headers] + rows))
                return 0
            } catch {
                context.err("error: \(error.message)\n")
                return 1
            }
        }
        // One named object prints alone; otherwise a List. kubectl leaves managedFields out unless asked.
        let shown = objects.map { options.showManagedFields ? $0.json() : withoutManagedFields($0.json()) }
        let value = options.names.count == 1 && shown.count == 1 ? shown[0] : KubernetesObjects.list(shown)
        if format.hasPrefix("jsonpath=") {
            let template = String(format.dropFirst("jsonpath=".count))
            do {
                context.out(try KubectlJSONPath(template).execute(value))
                return 0
            } catch {
                context.err("error: error parsing jsonpath \(template), \(error.message)\n")
                return 1
            }
        }
        context.out(format == "yaml" ? GoYAMLEncoder.encode(value) : json(value))
        return 0
    }

    static func withoutManagedFields(_ object: JSONValue) -> JSONValue {
        guard case .object(var fields) = object, let index = fields.firstIndex(where: { $0.key == "metadata" }),
              case .object(let metadata) = fields[index].value, metadata.contains(where: { $0.key == "managedFields" }) else { return object }
        fields[index].value = .object(metadata.filter { $0.key != "managedFields" })
        return .object(fields)
    }

    /// `-o json`: Go's `json.MarshalIndent` with four spaces, keys sorted.
    static func json(_ value: JSONValue) -> String {
        JSONSerializer.pretty(KubernetesObjects.sorted(value), goEscapes: true) + "\n"
    }
}
