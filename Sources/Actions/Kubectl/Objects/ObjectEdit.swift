import ClusterSim
import JSON

/// A change to a stored object as a patch of the whole object (metadata and all): what `patch`,
/// `label`, `annotate`, `set image` and the rollout subcommands send the API server.
enum ObjectEdit {
    enum PatchType: String {
        case strategic, merge, json
    }

    /// Applies the patch and stores the result; the stored object and whether anything changed,
    /// or failure once kubectl's error is printed.
    static func patch(_ key: ObjectStore.Key, with patch: JSONValue, type: PatchType, manager: String,
                      context: ProgramContext) -> Result<(object: StoredObject, changed: Bool), Printed> {
        guard let object = context.simulator.object(key) else {
            context.err("Error from server (NotFound): \(key.kind.qualifiedPlural) \"\(key.name)\" not found\n")
            return .failure(Printed())
        }
        var whole = object.body
        if case .object(var fields) = whole {
            fields.insert(("metadata", object.metadata), at: 0)
            whole = .object(fields)
        }
        let patched: JSONValue
        switch type {
        case .merge: patched = ObjectPatch.merge(whole, patch)
        case .json:
            do { patched = try ObjectPatch.json(whole, patch) } catch {
                context.err("Error from server (UnprocessableEntity): \(error.message)\n")
                return .failure(Printed())
            }
        case .strategic: patched = ObjectPatch.strategic(whole, patch)
        }
        let metadata = patched["metadata"] ?? object.metadata
        var body = JSONValue.object([])
        if case .object(let fields) = patched { body = .object(fields.filter { $0.key != "metadata" }) }
        do {
            return .success(try context.simulator.updateObject(key, metadata: metadata, body: body,
                                                               manager: FieldManager(manager, apiVersion: key.kind.apiVersion)))
        } catch {
            context.err(KubectlProgram.serverError(error))
            return .failure(Printed())
        }
    }

    /// The error has been printed; the verb exits 1.
    struct Printed: Error {}
}
