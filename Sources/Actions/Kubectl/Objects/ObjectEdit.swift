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
        do {
            return .success(try context.simulator.patchObject(key, with: patch, kind: ObjectPatch.Kind(rawValue: type.rawValue)!,
                                                              manager: FieldManager(manager, apiVersion: key.kind.apiVersion)))
        } catch {
            switch error {
            case .store(.notFound): context.err("Error from server (NotFound): \(key.kind.qualifiedPlural) \"\(key.name)\" not found\n")
            case .patch(let failure): context.err("Error from server (UnprocessableEntity): \(failure.message)\n")
            case .store(let error): context.err(KubectlProgram.serverError(error))
            case .unsupportedMediaType:
                // kubectl names the patch type and the kind the server refused it for.
                context.err("error: application/strategic-merge-patch+json is not supported by \(key.kind.apiVersion), Kind=\(key.kind.kind): \(Simulator.PatchRefusal.unsupportedMessage)\n")
            }
        }
        return .failure(Printed())
    }

    /// The error has been printed; the verb exits 1.
    struct Printed: Error {}
}
