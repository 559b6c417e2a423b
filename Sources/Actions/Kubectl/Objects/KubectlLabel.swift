import ClusterSim
import JSON

/// `kubectl label` and `kubectl annotate TYPE NAME KEY=VALUE … KEY- [--overwrite]`: nodes through the
/// simulator's node API (the scheduler sees new labels at once), stored objects through a merge
/// patch of their metadata.
enum KubectlLabel {
    /// Which metadata map the verb edits, and its words.
    struct Field {
        let key: String, noun: String, done: String, undone: String, unchanged: String
        static let labels = Field(key: "labels", noun: "label", done: "labeled", undone: "unlabeled", unchanged: "not labeled")
        static let annotations = Field(key: "annotations", noun: "annotation", done: "annotated", undone: "annotated", unchanged: "annotated")
    }

    static let nodeWords: Set<String> = ["node", "nodes", "no"]

    static func run(_ arguments: [String], field: Field, context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments)
        let overwrite = parsed.flags["--overwrite"].map { $0 != "false" } ?? false
        // Changes are the words with `=` or a trailing `-`; the rest name the objects.
        let isChange = { (word: String) in word.contains("=") || (word.hasSuffix("-") && word.count > 1) }
        var resources = parsed
        resources.positional = parsed.positional.filter { !isChange($0) }
        let changes = parsed.positional.filter(isChange)
        guard let (kindWord, names) = resources.kindAndNames(), !names.isEmpty else {
            context.err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n")
            return 1
        }
        guard !changes.isEmpty else {
            context.err("error: at least one \(field.noun) update is required\n")
            return 1
        }
        var set: [String: String] = [:], remove: [String] = []
        for change in changes {
            if let equals = change.firstIndex(of: "=") {
                let key = String(change[..<equals]), value = String(change[change.index(after: equals)...])
                if field.key == "labels" {
                    guard !value.contains("=") else {
                        context.err("error: invalid label spec: \(change)\n")
                        return 1
                    }
                    guard isLabelValue(value) else {
                        context.err("error: invalid label value: \"\(change)\": \(labelValueMessage)\n")
                        return 1
                    }
                }
                set[key] = value
            } else {
                remove.append(String(change.dropLast()))
            }
        }
        if remove.contains(where: { set[$0] != nil }) {
            context.err("error: can not both modify and remove \(field.noun == "label" ? "a label" : "an annotation") in the same command\n")
            return 1
        }
        var status: Int32 = 0
        for name in names {
            if nodeWords.contains(kindWord.lowercased()) {
                if labelNode(name, set: set, remove: remove, overwrite: overwrite, field: field, context: context) != 0 { status = 1 }
                continue
            }
            guard let kind = context.simulator.kind(named: kindWord) else {
                context.err(KubectlProgram.unknownKind(kindWord))
                return 1
            }
            let key = ObjectStore.Key(kind: kind, namespace: parsed.namespace, name: name)
            guard let object = context.simulator.object(key) else {
                context.err("Error from server (NotFound): \(kind.qualifiedPlural) \"\(name)\" not found\n")
                status = 1
                continue
            }
            let current = StoredObject.strings(object.metadata[field.key])
            guard let message = outcome(current: current, set: set, remove: remove, overwrite: overwrite, field: field, context: context) else {
                status = 1
                continue
            }
            let values = set.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) } + remove.map { ($0, JSONValue.null) }
            let patch: JSONValue = .object([("metadata", .object([(field.key, .object(values))]))])
            guard case .success = ObjectEdit.patch(key, with: patch, type: .merge, manager: field.key == "labels" ? "kubectl-label" : "kubectl-annotate", context: context) else {
                status = 1
                continue
            }
            context.out("\(kind.qualifiedName)/\(name) \(message)\n")
        }
        return status
    }

    private static func labelNode(_ name: String, set: [String: String], remove: [String], overwrite: Bool, field: Field, context: ProgramContext) -> Int32 {
        guard field.key == "labels" else {
            context.err("not available in the simulated cluster: kubectl annotate node\n")
            return Session.unavailableStatus
        }
        guard let node = context.simulator.node(named: name) else {
            context.err("Error from server (NotFound): nodes \"\(name)\" not found\n")
            return 1
        }
        guard let message = outcome(current: node.labels, set: set, remove: remove, overwrite: overwrite, field: field, context: context) else { return 1 }
        var changes: [String: String?] = set.mapValues { $0 }
        for key in remove { changes[key] = .some(nil) }
        try? context.simulator.patchNode(name, labels: changes)
        context.out("node/\(name) \(message)\n")
        return 0
    }

    /// kubectl's word for what the change does, or nil once the overwrite refusal is printed.
    private static func outcome(current: [String: String], set: [String: String], remove: [String], overwrite: Bool,
                                field: Field, context: ProgramContext) -> String? {
        if !overwrite {
            let clashes = set.keys.sorted().compactMap { key in current[key].flatMap { $0 != set[key] ? (key, $0) : nil } }
            if !clashes.isEmpty {
                let messages = clashes.map { field.key == "labels"
                    ? "'\($0.0)' already has a value (\($0.1)), and --overwrite is false"
                    : "--overwrite is false but found the following declared annotation(s): '\($0.0)' already has a value (\($0.1))" }
                context.err("error: " + (messages.count == 1 ? messages[0] : "[" + messages.joined(separator: ", ") + "]") + "\n")
                return nil
            }
        }
        let added = set.contains { current[$0.key] != $0.value }
        let removed = remove.contains { current[$0] != nil }
        if field.key == "annotations" { return field.done }
        switch (added, removed) {
        case (true, true): return "modified"
        case (true, false): return field.done
        case (false, true): return field.undone
        case (false, false): return field.unchanged
        }
    }

    /// apimachinery's `IsValidLabelValue`.
    static func isLabelValue(_ value: String) -> Bool {
        guard value.utf8.count <= 63 else { return false }
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last else { return true }
        let alphanumeric = { (c: Unicode.Scalar) in c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c)) }
        return alphanumeric(first) && alphanumeric(last)
            && value.unicodeScalars.allSatisfy { alphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }

    static let labelValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
}
