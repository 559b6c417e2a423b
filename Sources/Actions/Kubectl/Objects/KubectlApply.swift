import ClusterSim
import JSON

/// `kubectl apply -f FILE|DIR|- [-n NS]` (client-side apply, as kubectl 1.32 does by default):
/// each object is created, or patched with a three-way merge of the last applied manifest (kept in
/// the `kubectl.kubernetes.io/last-applied-configuration` annotation), the new manifest and the live
/// object — a field removed from the manifest goes, a field others set (a `kubectl scale`) stays
/// unless the manifest sets it. `-k DIR` builds the directory with kustomize first.
///
/// Objects before a failing one stay applied, as with kubectl; a failing object changes nothing.
enum KubectlApply {
    static let lastApplied = "kubectl.kubernetes.io/last-applied-configuration"

    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments, valued: ["-k", "--kustomize", "--field-manager"])
        let serverSide = parsed.flags["--server-side"].map { $0 != "false" } ?? false
        let force = parsed.flags["--force-conflicts"].map { $0 != "false" } ?? false
        if force && !serverSide {
            context.err("error: --force-conflicts only works with --server-side\n")
            return 1
        }
        let kustomization = parsed.flags["-k"] ?? parsed.flags["--kustomize"]
        if kustomization != nil && !parsed.files.isEmpty {
            context.err("error: only one of -f or -k can be specified\n")
            return 1
        }
        guard !parsed.files.isEmpty || kustomization != nil else {
            context.err("error: must specify one of -f and -k\n\n")
            return 1
        }
        let read = kustomization.map { ManifestSource.kustomized($0, context: context) } ?? ManifestSource.read(parsed.files, for: "apply", context: context)
        guard case .success(let documents) = read else {
            if case .failure(let failure) = read { context.err(failure.message) }
            return 1
        }
        var (mapped, failures) = ManifestSource.kinds(of: documents, simulator: context.simulator)
        for (document, kind) in mapped {
            let outcome = serverSide
                ? serverSideApply(document, kind: kind, namespace: parsed.namespace, manager: parsed.flags["--field-manager"] ?? "kubectl", force: force, context: context)
                : apply(document, kind: kind, namespace: parsed.namespace, context: context)
            switch outcome {
            case .success(let line): context.out(line)
            case .failure(let failure): failures.append(failure)
            }
        }
        return KubectlProgram.report(failures, context: context)
    }

    /// `kubectl create -f FILE`: every object created, none patched.
    static func create(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments)
        guard let documents = ManifestSource.documents(parsed.files, for: "create", context: context) else { return 1 }
        let simulator = context.simulator
        var (mapped, failures) = ManifestSource.kinds(of: documents, simulator: simulator)
        for (document, kind) in mapped {
            let name = document.object["metadata"]?["name"]?.stringValue ?? ""
            let namespace = kind.namespaced ? (document.object["metadata"]?["namespace"]?.stringValue ?? parsed.namespace ?? "default") : nil
            let (metadata, body) = split(document.object, annotation: nil, keepStatus: simulator.keepsWrittenStatus(kind))
            if let refusal = strictRefusal(document, kind: kind, body: body, doing: "creating", simulator: simulator) {
                failures.append(refusal)
                continue
            }
            do {
                try simulator.createObject(kind: kind, namespace: namespace, metadata: metadata, body: body,
                                           manager: FieldManager("kubectl-create", apiVersion: kind.apiVersion))
                context.out("\(kind.qualifiedName)/\(name) created\n")
            } catch {
                failures.append(KubectlProgram.serverFailure(error, doing: "creating", source: document.source))
            }
        }
        return KubectlProgram.report(failures, context: context)
    }

    /// The API server's refusal of fields a custom kind's schema does not know, as kubectl asks for
    /// strict field validation (its default `--validate=strict`).
    static func strictRefusal(_ document: ManifestSource.Document, kind: ResourceKind, body: JSONValue, doing verb: String,
                              simulator: Simulator) -> ExitFailure? {
        let version = (document.object["apiVersion"]?.stringValue ?? kind.apiVersion).split(separator: "/").last.map(String.init) ?? kind.version
        do { try simulator.checkKnownFields(kind: kind, version: version, body: body) } catch {
            return KubectlProgram.serverFailure(error, doing: verb, source: document.source)
        }
        return nil
    }

    /// The kind and key a manifest names: its namespace, else `-n`, else `default` (a manifest's
    /// namespace that contradicts `-n` is kubectl's error).
    static func target(_ document: ManifestSource.Document, kind: ResourceKind, namespace flag: String?) -> Result<ObjectStore.Key, ExitFailure> {
        let name = document.object["metadata"]?["name"]?.stringValue ?? ""
        let written = document.object["metadata"]?["namespace"]?.stringValue
        if kind.namespaced, let written, let flag, written != flag {
            return .failure(ExitFailure(message: "error: the namespace from the provided object \"\(written)\" does not match the namespace \"\(flag)\". You must pass '--namespace=\(written)' to perform this operation.\n"))
        }
        return .success(ObjectStore.Key(kind: kind, namespace: kind.namespaced ? (written ?? flag ?? "default") : nil, name: name))
    }

    /// kubectl's manager for client-side apply.
    static func clientSideApply(_ kind: ResourceKind) -> FieldManager {
        FieldManager("kubectl-client-side-apply", apiVersion: kind.apiVersion)
    }

    /// `apply --server-side [--force-conflicts] [--field-manager=NAME]`: the manifest sent whole; the
    /// server merges it and keeps who owns which field, refusing to change fields other managers own.
    static func serverSideApply(_ document: ManifestSource.Document, kind: ResourceKind, namespace flag: String?, manager: String, force: Bool,
                                context: ProgramContext) -> Result<String, ExitFailure> {
        let key: ObjectStore.Key
        switch target(document, kind: kind, namespace: flag) {
        case .success(let found): key = found
        case .failure(let failure): return .failure(failure)
        }
        let manifest = document.object, name = key.name
        let (metadata, body) = split(manifest, annotation: nil, keepStatus: context.simulator.keepsWrittenStatus(kind))
        let verb = context.simulator.object(key) == nil ? "creating" : "patching"
        if let refusal = strictRefusal(document, kind: kind, body: body, doing: verb, simulator: context.simulator) { return .failure(refusal) }
        if JSONSerializer.compact(manifest).utf8.count > StoreError.maxRequestBytes {
            return .failure(ExitFailure(message: "Error from server (RequestEntityTooLarge): \(StoreError.requestTooLarge.message)\n"))
        }
        do {
            try context.simulator.applyObject(key, metadata: metadata, body: body,
                                              manager: FieldManager(manager, .apply, apiVersion: kind.apiVersion), force: force)
            return .success("\(kind.qualifiedName)/\(name) serverside-applied\n")
        } catch .applyConflict(let conflicts) {
            return .failure(ExitFailure(message: "error: \(conflicts.message)\n" + conflictAdvice))
        } catch {
            return .failure(ExitFailure(message: "Error from server (\(error.reason)): \(error.message)\n"))
        }
    }

    /// What kubectl adds to a server-side apply conflict.
    static let conflictAdvice = """
        Please review the fields above--they currently have other managers. Here
        are the ways you can resolve this warning:
        * If you intend to manage all of these fields, please re-run the apply
          command with the `--force-conflicts` flag.
        * If you do not intend to manage all of the fields, please edit your
          manifest to remove references to the fields that should keep their
          current managers.
        * You may co-own fields by updating your manifest to match the existing
          value; in this case, you'll become the manager if the other manager(s)
          stop managing the field (remove it from their configuration).
        See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts

        """

    static func apply(_ document: ManifestSource.Document, kind: ResourceKind, namespace flag: String?, context: ProgramContext) -> Result<String, ExitFailure> {
        let key: ObjectStore.Key
        switch target(document, kind: kind, namespace: flag) {
        case .success(let found): key = found
        case .failure(let failure): return .failure(failure)
        }
        let simulator = context.simulator
        let manifest = document.object, name = key.name
        let namespace = kind.namespaced ? key.namespace : nil
        let (metadata, body) = split(manifest, annotation: annotation(manifest, namespace: namespace), keepStatus: simulator.keepsWrittenStatus(kind))
        if let refusal = strictRefusal(document, kind: kind, body: body, doing: simulator.object(key) == nil ? "creating" : "patching",
                                       simulator: simulator) {
            return .failure(refusal)
        }
        guard let existing = simulator.object(key) else {
            // What kubectl sends: the manifest with its own copy in the annotation.
            if JSONSerializer.compact(.object([("metadata", metadata)])).utf8.count + JSONSerializer.compact(body).utf8.count > StoreError.maxRequestBytes {
                return .failure(KubectlProgram.serverFailure(StoreError.requestTooLarge, doing: "creating", source: document.source))
            }
            do {
                try simulator.createObject(kind: kind, namespace: namespace, metadata: metadata, body: body, manager: clientSideApply(kind))
                return .success("\(kind.qualifiedName)/\(name) created\n")
            } catch {
                return .failure(KubectlProgram.serverFailure(error, doing: "creating", source: document.source))
            }
        }
        var warning = ""
        let previous = existing.annotations[lastApplied].flatMap { try? JSONParser.parse($0) }
        if previous == nil {
            warning = "Warning: resource \(kind.plural)/\(name) is missing the \(lastApplied) annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n"
        }
        let (previousMetadata, previousBody) = previous.map { split($0, annotation: nil) } ?? (.object([]), .object([]))
        let metadataPatch = threeWay(previous: previousMetadata, next: metadata), bodyPatch = threeWay(previous: previousBody, next: body)
        if JSONSerializer.compact(metadataPatch).utf8.count + JSONSerializer.compact(bodyPatch).utf8.count > StoreError.maxRequestBytes {
            return .failure(KubectlProgram.serverFailure(StoreError.requestTooLarge, doing: "patching", source: document.source))
        }
        // A custom kind has no merge keys: kubectl sends it a JSON merge patch (lists replaced whole).
        let custom = simulator.definition(of: kind) != nil
        let newMetadata = custom ? ObjectPatch.merge(existing.metadata, metadataPatch) : ObjectPatch.strategic(existing.metadata, metadataPatch)
        let newBody = custom ? ObjectPatch.merge(existing.body, bodyPatch) : ObjectPatch.strategic(existing.body, bodyPatch)
        do {
            let (_, changed) = try simulator.updateObject(key, metadata: newMetadata, body: newBody, manager: clientSideApply(kind))
            if !warning.isEmpty { context.err(warning) }
            // kubectl's built-in schema gives a budget's selector the `replace` strategy, so its patch
            // is never empty and it always says "configured" (upstream behaviour, kept).
            // The same holds for a manifest the server rewrites when it stores it (a quantity written as
            // a number, a LimitRange limit without its defaults).
            let alwaysPatched = (kind == ResourceKinds.podDisruptionBudget && body["spec"]?["selector"] != nil)
                || StoredForm.rewritesManifest(kind, body)
            return .success("\(kind.qualifiedName)/\(name) \(changed || alwaysPatched ? "configured" : "unchanged")\n")
        } catch {
            return .failure(KubectlProgram.serverFailure(error, doing: "patching", source: document.source))
        }
    }

    /// The manifest as kubectl records it in the annotation: compact JSON, keys sorted, the
    /// namespace filled in, an empty `annotations` kept.
    static func annotation(_ manifest: JSONValue, namespace: String?) -> String {
        var fields: [(key: String, value: JSONValue)] = []
        if case .object(let pairs) = manifest { fields = pairs.filter { $0.key != "metadata" } }
        var metadata = metadata(manifest, annotating: nil)
        if let namespace, !metadata.contains(where: { $0.key == "namespace" }) { metadata.append(("namespace", .string(namespace))) }
        fields.append(("metadata", .object(metadata)))
        return JSONSerializer.compact(KubernetesObjects.sorted(.object(fields))) + "\n"
    }

    /// The manifest's `metadata` (with the annotation, when given) and its other fields.
    static func split(_ manifest: JSONValue, annotation: String?, keepStatus: Bool = false) -> (metadata: JSONValue, body: JSONValue) {
        let metadata: [(key: String, value: JSONValue)]
        if let annotation {
            metadata = self.metadata(manifest, annotating: annotation)
        } else if case .object(let pairs)? = manifest["metadata"] {
            metadata = pairs
        } else {
            metadata = []
        }
        var body: [(key: String, value: JSONValue)] = []
        let dropped: Set<String> = keepStatus ? ["apiVersion", "kind", "metadata"] : ["apiVersion", "kind", "metadata", "status"]
        if case .object(let pairs) = manifest { body = pairs.filter { !dropped.contains($0.key) } }
        return (.object(metadata), .object(body))
    }

    /// The manifest's metadata with its annotations less any last-applied one, plus `annotation`
    /// as the last-applied one when given.
    static func metadata(_ manifest: JSONValue, annotating annotation: String?) -> [(key: String, value: JSONValue)] {
        var metadata: [(key: String, value: JSONValue)] = []
        if case .object(let pairs)? = manifest["metadata"] { metadata = pairs.filter { $0.key != "annotations" } }
        var annotations: [(key: String, value: JSONValue)] = []
        if case .object(let pairs)? = manifest["metadata"]?["annotations"] { annotations = pairs.filter { $0.key != lastApplied } }
        if let annotation { annotations.append((lastApplied, .string(annotation))) }
        metadata.append(("annotations", .object(annotations)))
        return metadata
    }

    /// The patch from the last applied manifest to this one: everything the new one says, and a
    /// deletion (`null`) for each field the last one had and this one dropped.
    static func threeWay(previous: JSONValue, next: JSONValue) -> JSONValue {
        guard case .object(let newFields) = next else { return next }
        var fields = newFields.map { field -> (key: String, value: JSONValue) in
            if case .object? = previous[field.key], case .object = field.value { return (field.key, threeWay(previous: previous[field.key]!, next: field.value)) }
            return field
        }
        if case .object(let oldFields) = previous {
            for old in oldFields where next[old.key] == nil { fields.append((old.key, .null)) }
        }
        return .object(fields)
    }
}
