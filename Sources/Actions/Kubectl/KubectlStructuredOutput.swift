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
        // One named object prints alone; otherwise a List.
        let value = options.names.count == 1 && objects.count == 1 ? objects[0].json() : KubernetesObjects.list(objects.map { $0.json() })
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

    /// `-o json`: Go's `json.MarshalIndent` with four spaces, keys sorted.
    static func json(_ value: JSONValue) -> String {
        JSONSerializer.pretty(KubernetesObjects.sorted(value), goEscapes: true) + "\n"
    }
}
