import JSON

/// Who writes: a field manager's name (`kubectl-client-side-apply`, `kubectl-label`, `kubectl` for
/// server-side apply), whether it applies or updates, and the API version it wrote through.
public struct FieldManager: Sendable, Equatable, Hashable {
    public enum Operation: String, Sendable { case apply = "Apply", update = "Update" }
    public var name: String
    public var operation: Operation
    public var apiVersion: String
    /// `scale`, or empty for the object itself.
    public var subresource: String

    public init(_ name: String, _ operation: Operation = .update, apiVersion: String = "", subresource: String = "") {
        self.name = name
        self.operation = operation
        self.apiVersion = apiVersion
        self.subresource = subresource
    }

    /// How a conflict names it (the API server's `printManager`): its name, the subresource it
    /// wrote through, and an updater's API version.
    var printable: String {
        var text = "\"\(name)\""
        if !subresource.isEmpty { text += " with subresource \"\(subresource)\"" }
        return operation == .apply ? text : text + " using \(apiVersion)"
    }
}

/// One `metadata.managedFields` entry: a manager, when it last wrote, the fields it owns.
public struct ManagedFieldsEntry: Sendable, Equatable {
    public var manager: FieldManager
    public var time: SimTime
    public var fields: FieldSet
}

/// A field another manager owns with a different value than an apply asks for.
public struct FieldConflict: Sendable, Equatable {
    public var manager: String
    public var path: String
}

/// Server-side apply's bookkeeping over an object's managers (structured-merge-diff's rules,
/// for the fields the simulated server tracks).
enum ManagedFields {
    /// Whether two objects differ at a path: a list item's `.` only by being there or not.
    static func differs(_ path: FieldSet.Path, _ a: JSONValue, _ b: JSONValue) -> Bool {
        let x = FieldSet.value(at: path, in: a), y = FieldSet.value(at: path, in: b)
        return path.last == "." ? (x == nil) != (y == nil) : x != y
    }

    /// An update (create, replace, patch) by `manager`: it takes the fields it changed from everyone
    /// else; fields the update removed are nobody's.
    static func update(_ entries: [ManagedFieldsEntry], by manager: FieldManager, old: JSONValue?, new: JSONValue, at time: SimTime) -> [ManagedFieldsEntry] {
        let newFields = FieldSet.of(new)
        let oldFields = old.map(FieldSet.of) ?? FieldSet()
        let changed = newFields.paths.filter { path in old.map { differs(path, $0, new) } ?? true }
        let removed = oldFields.paths.subtracting(newFields.paths)
        guard !changed.isEmpty || !removed.isEmpty else { return entries }
        var result = entries.map { entry -> ManagedFieldsEntry in
            var entry = entry
            entry.fields.subtract(removed)
            if entry.manager != manager { entry.fields.subtract(changed) }
            return entry
        }
        if let index = result.firstIndex(where: { $0.manager == manager }) {
            result[index].fields.formUnion(FieldSet(changed))
            result[index].time = time
        } else if !changed.isEmpty {
            result.append(ManagedFieldsEntry(manager: manager, time: time, fields: FieldSet(changed)))
        }
        return result.filter { !$0.fields.isEmpty }
    }

    /// An apply by `manager` of `applied` to `live`: the conflicts (fields others own with other
    /// values), or the object that results and its managers. Fields the manager applied before and
    /// no longer applies, and nobody else owns, are removed.
    static func apply(_ entries: [ManagedFieldsEntry], by manager: FieldManager, applied: JSONValue, live: JSONValue?, force: Bool,
                      at time: SimTime) -> Result<(object: JSONValue, entries: [ManagedFieldsEntry]), ApplyConflicts> {
        let wanted = FieldSet.of(applied)
        var conflicts: [FieldConflict] = []
        var conflicting = Set<FieldSet.Path>()
        if let live {
            for entry in entries where entry.manager != manager {
                for path in wanted.paths.sorted(by: { $0.lexicographicallyPrecedes($1) }) where entry.fields.contains(path)
                    && differs(path, live, applied) {
                    conflicts.append(FieldConflict(manager: entry.manager.printable, path: FieldSet.describe(path)))
                    conflicting.insert(path)
                }
            }
        }
        if !conflicts.isEmpty && !force { return .failure(ApplyConflicts(conflicts: conflicts)) }
        var object = live.map { ObjectPatch.strategic($0, applied) } ?? applied
        let previous = entries.first { $0.manager == manager }?.fields ?? FieldSet()
        var others = FieldSet()
        for entry in entries where entry.manager != manager { others.formUnion(entry.fields) }
        // Dropped from this manager's configuration and owned by nobody else: gone. Deepest first,
        // so an item's fields go before the item.
        for path in previous.paths.subtracting(wanted.paths).subtracting(others.paths).sorted(by: { $0.count > $1.count }) {
            object = FieldSet.removing(path, from: object)
        }
        var result = entries.map { entry -> ManagedFieldsEntry in
            var entry = entry
            if entry.manager != manager { entry.fields.subtract(conflicting) }
            return entry
        }
        if let index = result.firstIndex(where: { $0.manager == manager }) {
            result[index].fields = wanted
            result[index].time = time
        } else {
            result.append(ManagedFieldsEntry(manager: manager, time: time, fields: wanted))
        }
        return .success((object, result.filter { !$0.fields.isEmpty }))
    }
}

/// An apply refused for the fields other managers own (409), in the API server's words.
public struct ApplyConflicts: Error, Sendable, Equatable {
    public var conflicts: [FieldConflict]

    /// `Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas`,
    /// several listed by manager.
    public var message: String {
        if conflicts.count == 1 { return "Apply failed with 1 conflict: conflict with \(conflicts[0].manager): \(conflicts[0].path)" }
        var byManager: [String: [String]] = [:]
        for conflict in conflicts { byManager[conflict.manager, default: []].append(conflict.path) }
        var lines: [String] = []
        for manager in byManager.keys.sorted() {
            lines.append("conflicts with \(manager):")
            lines += byManager[manager]!.map { "- \($0)" }
        }
        return "Apply failed with \(conflicts.count) conflicts: " + lines.joined(separator: "\n")
    }
}
