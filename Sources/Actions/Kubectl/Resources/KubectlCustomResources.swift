import ClusterSim
import JSON

/// CustomResourceDefinitions and the kinds they serve, as `kubectl get` shows them: a CRD has no
/// printer (the API server's default NAME / CREATED AT table); a custom kind's table is NAME and
/// the CRD's `additionalPrinterColumns` for the storage version (Age when it names none), each
/// cell its JSONPath's value formatted by the column's type.
extension KubectlResource {
    static let customResourceDefinitions = KubectlHeldKinds.defaultTable(ResourceKinds.customResourceDefinition)

    /// The resource `word` names: a built-in one, else a kind a stored CRD serves.
    static func named(_ word: String, simulator: Simulator) -> KubectlResource? {
        if let builtIn = named(word) { return builtIn }
        guard let kind = simulator.kind(named: word), let definition = simulator.definition(of: kind) else { return nil }
        return custom(definition)
    }

    /// A custom kind's table.
    static func custom(_ definition: CustomResourceDefinition) -> KubectlResource {
        let kind = definition.kind
        let columns = definition.storageVersion?.printerColumns ?? [.age]
        let paths = columns.map { try? KubectlJSONPath("{" + $0.jsonPath + "}") }
        return KubectlResource(
            names: Set([kind.plural, definition.singular] + definition.shortNames), qualifiedPlural: kind.qualifiedPlural,
            nameKind: kind.qualifiedName, namespaced: kind.namespaced,
            header: { wide in ["NAME"] + columns.filter { wide || $0.priority == 0 }.map { $0.name.uppercased() } },
            watchChanges: .byVersion,
            objects: { namespace, simulator in
                simulator.storedObjects(kind, namespace: namespace).map { object in
                    Object(namespace: object.namespace, name: object.name, labels: object.labels,
                           json: { KubectlStoredKinds.json(object, simulator: simulator) },
                           row: { wide, now in
                               let json = KubectlStoredKinds.json(object, simulator: simulator)
                               let cells = zip(columns, paths).filter { wide || $0.0.priority == 0 }.map { column, path in
                                   KubectlCustomResources.cell(column, path?.results(json).first, now: now, simulator: simulator)
                               }
                               return [object.name] + cells
                           },
                           version: { String(object.resourceVersion) })
                }
            },
            serverColumns: ["Name"] + columns.map(\.name))
    }
}

/// How the API server fills a custom kind's table cells.
enum KubectlCustomResources {
    /// The cell for a column's value: a date as an age, numbers and booleans as Go prints them, a
    /// string column's value as JSONPath prints it; `<none>` when the path finds nothing or the
    /// value is not of the column's type.
    static func cell(_ column: CustomResourceDefinition.PrinterColumn, _ value: JSONValue?, now: SimTime, simulator: Simulator) -> String {
        guard let value, value != .null else { return "<none>" }
        switch column.type {
        case "string":
            return KubectlJSONPath.text(value)
        case "integer":
            switch value {
            case .int(let number): return String(number)
            case .double(let number): return String(Int(number))
            default: return "<none>"
            }
        case "number":
            guard let number = value.number else { return "<none>" }
            return GenericDescriber.goFloat(number)
        case "boolean":
            guard case .bool(let flag) = value else { return "<none>" }
            return flag ? "true" : "false"
        case "date":
            guard case .string(let text) = value else { return "<none>" }
            guard let epoch = DescribeTime.epoch(text) else { return "<invalid>" }
            return HumanDuration.format(seconds: simulator.calendar.epoch(now) - epoch)
        default:
            return "<none>"
        }
    }

    /// A CRD as the API server shows it: its spec with the server's defaults (singular and list
    /// kind, conversion `None`) and the status the server writes once the names are accepted and
    /// the kind is served (both conditions from its creation, as the simulated server is instant).
    static func served(_ body: [(key: String, value: JSONValue)], _ object: StoredObject, simulator: Simulator) -> [(key: String, value: JSONValue)] {
        guard let definition = CustomResourceDefinition(name: object.name, body: object.body) else { return body }
        var body = body
        if let index = body.firstIndex(where: { $0.key == "spec" }), case .object(var spec) = body[index].value {
            if !spec.contains(where: { $0.key == "conversion" }) { spec.append(("conversion", .object([("strategy", .string("None"))]))) }
            if let names = spec.firstIndex(where: { $0.key == "names" }), case .object(var fields) = spec[names].value {
                if !fields.contains(where: { $0.key == "singular" }) { fields.append(("singular", .string(definition.singular))) }
                if !fields.contains(where: { $0.key == "listKind" }) { fields.append(("listKind", .string(definition.listKind))) }
                spec[names].value = .object(fields)
            }
            body[index].value = .object(spec)
        }
        var accepted: [(key: String, value: JSONValue)] = [("kind", .string(definition.kindName)), ("listKind", .string(definition.listKind)),
                                                          ("plural", .string(definition.plural)), ("singular", .string(definition.singular))]
        if !definition.shortNames.isEmpty { accepted.append(("shortNames", .array(definition.shortNames.map { .string($0) }))) }
        if !definition.categories.isEmpty { accepted.append(("categories", .array(definition.categories.map { .string($0) }))) }
        let since = KubernetesObjects.timestamp(simulator, object.created)
        func condition(_ type: String, _ reason: String, _ message: String) -> JSONValue {
            .object([("lastTransitionTime", since), ("message", .string(message)), ("reason", .string(reason)),
                     ("status", .string("True")), ("type", .string(type))])
        }
        body.removeAll { $0.key == "status" }
        body.append(("status", .object([
            ("acceptedNames", .object(accepted)),
            ("conditions", .array([condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                                   condition("Established", "InitialNamesAccepted", "the initial names have been accepted")])),
            ("storedVersions", .array([.string(definition.storageVersion?.name ?? "v1")])),
        ])))
        return body
    }
}
