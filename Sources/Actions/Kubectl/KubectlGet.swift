import ClusterSim
import JMESPath
import JSON

/// `kubectl get TYPE [NAME…]` for the types in `KubectlResource.all`, with
/// `-o wide|json|yaml|name|jsonpath=…|custom-columns=…`, `-L`, `--show-labels`, `--no-headers`, `-A`,
/// `-n`, and `--watch` / `-w` / `--watch-only` (tables).
enum KubectlGet {
    struct Options {
        var resource = ""
        var names: [String] = []
        var wide = false
        /// `json`, `name`, `jsonpath=TEMPLATE` or `custom-columns=SPEC`, when given with -o.
        var format: String?
        var labelColumns: [String] = []
        var showLabels = false
        /// `--show-managed-fields`: keep `metadata.managedFields` in -o json|yaml.
        var showManagedFields = false
        var noHeaders = false
        var allNamespaces = false
        var namespace = "default"
        var watch = false
        var watchOnly = false
        /// `-l` / `--selector`.
        var selector: LabelSelector?
        var selectorText = ""
        /// `--field-selector`: fields of each object's JSON (`status.phase=Running`).
        var fieldSelector: FieldSelector?
        var fieldSelectorText = ""
        /// Several types asked for at once (`svc,cm`): names show their kind (`service/web`).
        var withKind = false
    }

    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        var options = Options()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            func value() -> String? {
                if let equals = argument.firstIndex(of: "=") { return String(argument[argument.index(after: equals)...]) }
                guard index < arguments.count else { return nil }
                index += 1
                return arguments[index - 1]
            }
            // `-ojson`, `-ojsonpath={…}`: the value written straight after -o.
            if argument.hasPrefix("-o"), argument.count > 2, !argument.hasPrefix("--") {
                var format = String(argument.dropFirst(2))
                if format.hasPrefix("=") { format.removeFirst() }  // pflag reads `-o=yaml` as `yaml`
                if format == "wide" { options.wide = true } else { options.format = format }
                continue
            }
            switch argument.split(separator: "=").first.map(String.init) ?? argument {
            case "-o", "--output":
                guard let format = argument.hasPrefix("--output=") ? String(argument.dropFirst("--output=".count)) : value() else {
                    return flagNeedsValue(argument, context)
                }
                if format == "wide" { options.wide = true } else { options.format = format }
            case "-L", "--label-columns":
                guard let v = value() else { return flagNeedsValue(argument, context) }
                options.labelColumns += v.split(separator: ",").map(String.init)
            case "-l", "--selector":
                guard let v = value() else { return flagNeedsValue(argument, context) }
                do {
                    options.selector = try LabelSelector(v)
                    options.selectorText = v
                } catch {
                    context.err("error: \(error.message)\n")
                    return 1
                }
            case "--field-selector":
                guard let v = value() else { return flagNeedsValue(argument, context) }
                options.fieldSelectorText = v
                options.fieldSelector = try? FieldSelector(v)
            case "--show-labels": options.showLabels = true
            case "--show-managed-fields", "--show-managed-fields=true": options.showManagedFields = true
            case "--no-headers": options.noHeaders = true
            case "-A", "--all-namespaces": options.allNamespaces = true
            case "-n", "--namespace":
                guard let v = value() else { return flagNeedsValue(argument, context) }
                options.namespace = v
            case "-w", "--watch": options.watch = true
            case "--watch-only": options.watchOnly = true
            default:
                if argument.hasPrefix("-") {
                    context.err("error: unknown flag: \(argument)\nSee 'kubectl get --help' for usage.\n")
                    return 1
                }
                if options.resource.isEmpty { options.resource = argument } else { options.names.append(argument) }
            }
        }
        if options.resource.isEmpty {
            context.err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n")
            return 1
        }
        // `kubectl get node/NAME`
        if let slash = options.resource.firstIndex(of: "/") {
            options.names.insert(String(options.resource[options.resource.index(after: slash)...]), at: 0)
            options.resource = String(options.resource[..<slash])
        }
        if options.resource.contains(",") { return several(options, context: context) }
        guard let resource = KubectlResource.named(options.resource, simulator: context.simulator) else {
            return KubectlProgram.unservedResource(options.resource, verb: "get", context: context)
        }
        if !options.fieldSelectorText.isEmpty, let refusal = KubectlProgram.fieldSelectorRefusal(
            resource.qualifiedPlural, labels: options.selectorText, fields: options.fieldSelectorText, context: context) {
            context.err(refusal)
            return 1
        }
        if let format = options.format {
            guard !options.watch && !options.watchOnly else {
                context.err("not available in the simulated cluster: kubectl get --watch -o \(format)\n")
                return Session.unavailableStatus
            }
            return KubectlStructuredOutput.run(resource, options, format: format, context: context)
        }
        return KubectlTable(resource: resource, options: options).run(context: context)
    }

    /// `kubectl get svc,cm,secret`: each type's table in turn, a blank line between, empty types
    /// left out, names prefixed with their kind.
    static func several(_ options: Options, context: ProgramContext) -> Int32 {
        var resources: [KubectlResource] = []
        for word in options.resource.split(separator: ",").map(String.init) {
            guard let resource = KubectlResource.named(word, simulator: context.simulator) else {
                return KubectlProgram.unservedResource(word, verb: "get", context: context)
            }
            if !options.fieldSelectorText.isEmpty, let refusal = KubectlProgram.fieldSelectorRefusal(
                resource.qualifiedPlural, labels: options.selectorText, fields: options.fieldSelectorText, context: context) {
                context.err(refusal)
                return 1
            }
            resources.append(resource)
        }
        guard options.format == nil || options.format == "name", !options.watch, !options.watchOnly, options.names.isEmpty else {
            context.err("not available in the simulated cluster: kubectl get \(options.resource) with names, -o or --watch\n")
            return Session.unavailableStatus
        }
        var typed = options
        typed.withKind = true
        var tables: [String] = []
        for resource in resources {
            guard case .success(let objects) = resource.select(typed, simulator: context.simulator), !objects.isEmpty else { continue }
            if options.format == "name" {
                tables.append(objects.map { "\(resource.nameKind)/\($0.name)\n" }.joined())
                continue
            }
            let table = KubectlTable(resource: resource, options: typed)
            let rows = objects.map { table.row($0, at: context.simulator.now) }
            tables.append(TabWriter().format(options.noHeaders ? rows : [table.header()] + rows))
        }
        guard !tables.isEmpty else {
            context.err(resources[0].noResources(options))
            return 0
        }
        context.out(tables.joined(separator: options.format == "name" ? "" : "\n"))
        return 0
    }

    static func flagNeedsValue(_ flag: String, _ context: ProgramContext) -> Int32 {
        let bare = String(flag.drop { $0 == "-" })
        context.err("error: flag needs an argument: '\(bare)' in -\(bare)\nSee 'kubectl get --help' for usage.\n")
        return 1
    }

    /// `-L eks.amazonaws.com/nodegroup` makes a column named `NODEGROUP`.
    static func labelHeader(_ key: String) -> String {
        (key.split(separator: "/").last.map(String.init) ?? key).uppercased()
    }

    /// `--show-labels`: Go's `labels.Set.String`, which sorts the `key=value` strings (so
    /// `nodegroup-image=…` comes before `nodegroup=…`: '-' sorts before '=').
    static func labelsText(_ labels: [String: String]) -> String {
        labels.isEmpty ? "<none>" : labels.map { "\($0.key)=\($0.value)" }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.joined(separator: ",")
    }
}
