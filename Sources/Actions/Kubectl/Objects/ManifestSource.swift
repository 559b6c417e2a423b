import ClusterSim
import JSON

/// The objects named by `-f FILE|DIR|-` (several allowed), as kubectl reads them: every document
/// of every file, a directory's `.json`, `.yaml` and `.yml` files in name order, `-` standard
/// input (named `STDIN` in messages).
struct ManifestSource {
    struct Document {
        /// The file it came from, as kubectl names it in errors.
        let source: String
        let object: JSONValue
    }

    /// The manifests' documents for `verb` (apply, create, delete); nil once kubectl's error for
    /// them is printed (the exit status is then 1).
    static func documents(_ paths: [String], for verb: String, context: ProgramContext) -> [Document]? {
        switch read(paths, for: verb, context: context) {
        case .success(let documents): return documents
        case .failure(let failure):
            context.err(failure.message)
            return nil
        }
    }

    static func read(_ paths: [String], for verb: String, context: ProgramContext) -> Result<[Document], ExitFailure> {
        var documents: [Document] = []
        for path in paths {
            if path == "-" {
                let text = context.input.standardInputText()
                switch decode(text, source: "STDIN") {
                case .success(let found): documents += found
                case .failure(let failure): return .failure(failure)
                }
                continue
            }
            switch context.input.entry(path) {
            case .missing:
                return .failure(ExitFailure(message: "error: the path \"\(path)\" does not exist\n"))
            case .file(let text):
                switch decode(text, source: path) {
                case .success(let found): documents += found
                case .failure(let failure): return .failure(failure)
                }
            case .directory(let names):
                for name in names where [".json", ".yaml", ".yml"].contains(where: name.hasSuffix) {
                    let file = path.hasSuffix("/") ? path + name : path + "/" + name
                    guard case .file(let text) = context.input.entry(file) else { continue }
                    switch decode(text, source: file) {
                    case .success(let found): documents += found
                    case .failure(let failure): return .failure(failure)
                    }
                }
            }
        }
        if documents.isEmpty {
            return .failure(ExitFailure(message: "error: no objects passed to \(verb)\n"))
        }
        return .success(documents)
    }

    /// The objects a kustomization directory makes (`-k DIR`), built by kustomize or the real
    /// kubectl (``ProgramInput/kustomized(_:)``).
    static func kustomized(_ directory: String, context: ProgramContext) -> Result<[Document], ExitFailure> {
        if case .missing = context.input.entry(directory) {
            return .failure(ExitFailure(message: "error: must build at directory: not a valid directory: evalsymlink failure on '\(directory)' : lstat \(directory): no such file or directory\n"))
        }
        switch context.input.kustomized(directory) {
        case .built(let text):
            return decode(text, source: directory)
        case .failed(let message):
            return .failure(ExitFailure(message: message.hasSuffix("\n") || message.isEmpty ? message : message + "\n"))
        case .noTool:
            return .failure(ExitFailure(message: "error: -k \(directory) needs kustomize to build the directory, and neither `kustomize` nor the real `kubectl` is installed here: install one of them (the simulated cluster uses it only to build), or run `kustomize build \(directory) > all.yaml` elsewhere and apply that file with -f\n"))
        }
    }

    static func decode(_ text: String, source: String) -> Result<[Document], ExitFailure> {
        do {
            return .success(try ManifestDecoder.documents(text).map { Document(source: source, object: $0) })
        } catch {
            return .failure(ExitFailure(message: "error: error parsing \(source): \(error.message)\n"))
        }
    }

    /// Each document with its kind, and the errors for those that name none. kubectl maps every
    /// object before it writes any (`GetObjects`): a custom resource in the same file as its
    /// definition is not known yet on the first apply.
    static func kinds(of documents: [Document], simulator: Simulator) -> (mapped: [(Document, ResourceKind)], failures: [ExitFailure]) {
        var mapped: [(Document, ResourceKind)] = [], failures: [ExitFailure] = []
        for document in documents {
            switch kind(of: document, simulator: simulator) {
            case .success(let kind): mapped.append((document, kind))
            case .failure(let failure): failures.append(failure)
            }
        }
        return (mapped, failures)
    }

    /// The kind a document names, or kubectl's error for a document it cannot map.
    static func kind(of document: Document, simulator: Simulator) -> Result<ResourceKind, ExitFailure> {
        let object = document.object
        guard case .object = object else {
            return .failure(ExitFailure(message: "error: error validating \"\(document.source)\": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false\n"))
        }
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        guard let kindName = object["kind"]?.stringValue, !kindName.isEmpty else {
            let missing = apiVersion.isEmpty ? "[apiVersion not set, kind not set]" : "kind not set"
            return .failure(ExitFailure(message: "error: error validating \"\(document.source)\": error validating data: \(missing); if you choose to ignore these errors, turn validation off with --validate=false\n"))
        }
        guard !apiVersion.isEmpty else {
            return .failure(ExitFailure(message: "error: error validating \"\(document.source)\": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false\n"))
        }
        guard let kind = simulator.kind(apiVersion: apiVersion, kind: kindName) else {
            let name = object["metadata"]?["name"]?.stringValue ?? ""
            let namespace = object["metadata"]?["namespace"]?.stringValue ?? ""
            return .failure(ExitFailure(message: "error: resource mapping not found for name: \"\(name)\" namespace: \"\(namespace)\" from \"\(document.source)\": no matches for kind \"\(kindName)\" in version \"\(apiVersion)\"\nensure CRDs are installed first\n"))
        }
        return .success(kind)
    }
}

/// A kubectl failure: what it prints on standard error (its exit status is 1).
struct ExitFailure: Error {
    let message: String
    /// How it reads among several (kubectl's aggregate prints each error's own message: no
    /// `error: ` prefix, an Invalid status as `Error from server (Invalid): …`).
    let inAggregate: String

    init(message: String, inAggregate: String? = nil) {
        self.message = message
        self.inAggregate = inAggregate ?? (message.hasPrefix("error: ") ? String(message.dropFirst("error: ".count)) : message)
    }
}

/// The flags the object verbs share: `-n`, `-f` (repeatable), and the rest as positional words.
struct ObjectVerbArguments {
    var namespace: String?
    var files: [String] = []
    var positional: [String] = []
    var flags: [String: String] = [:]
    /// Flags that may be given several times (`--from-literal`), every value in order.
    var repeatedFlags: [String: [String]] = [:]

    /// `valued` lists the verb's flags that take a value (`--replicas`, `-p`, `--type`); `repeated`
    /// those that take one each time they are given.
    init(_ arguments: [String], valued: Set<String> = [], repeated: Set<String> = []) {
        var index = 0
        while index < arguments.count {
            var word = arguments[index]
            index += 1
            var inline: String?
            if word.hasPrefix("--"), let equals = word.firstIndex(of: "=") {
                inline = String(word[word.index(after: equals)...])
                word = String(word[..<equals])
            } else if word.hasPrefix("-"), !word.hasPrefix("--"), word.count > 2, word != "-" {
                // `-nfoo`, `-fmanifest.yaml`
                inline = String(word.dropFirst(2))
                word = String(word.prefix(2))
            }
            func value() -> String {
                if let inline { return inline }
                guard index < arguments.count else { return "" }
                index += 1
                return arguments[index - 1]
            }
            switch word {
            case "-n", "--namespace": namespace = value()
            case "-f", "--filename": files.append(value())
            default:
                if repeated.contains(word) {
                    repeatedFlags[word, default: []].append(value())
                } else if valued.contains(word) {
                    flags[word] = value()
                } else if word.hasPrefix("-"), word != "-" {
                    flags[word] = inline ?? "true"
                } else {
                    positional.append(word)
                }
            }
        }
    }

    /// The kind and names the words give; nil once an error is printed: `missing` when there is no
    /// kind or no name, kubectl's own message for a word naming no kind.
    func resource(orSay missing: String, context: ProgramContext) -> (kind: ResourceKind, names: [String])? {
        guard let (word, names) = kindAndNames(), !names.isEmpty else {
            context.err(missing)
            return nil
        }
        guard let kind = context.simulator.kind(named: word) else {
            context.err(KubectlProgram.unknownKind(word))
            return nil
        }
        return (kind, names)
    }

    /// `deployment/ui` or `deployment ui` (and `deployment ui catalog`): the kind and the names.
    func kindAndNames() -> (kindWord: String, names: [String])? {
        guard let first = positional.first else { return nil }
        if let slash = first.firstIndex(of: "/") {
            return (String(first[..<slash]), [String(first[first.index(after: slash)...])] + positional.dropFirst().compactMap { word in
                word.firstIndex(of: "/").map { String(word[word.index(after: $0)...]) } ?? word
            })
        }
        return (first, Array(positional.dropFirst()))
    }
}

extension KubectlProgram {
    /// kubectl's message for a word that names no kind the server has.
    static func unknownKind(_ word: String) -> String {
        "error: the server doesn't have a resource type \"\(word)\"\n"
    }

    /// A store refusal as a failure: kubectl's own form alone, the status's message among several.
    static func serverFailure(_ error: StoreError, doing verb: String, source: String) -> ExitFailure {
        ExitFailure(message: serverError(error, doing: verb, source: source),
                    inAggregate: "Error from server (\(error.reason)): error when \(verb) \"\(source)\": \(error.message)\n")
    }

    /// Prints what went wrong as kubectl does when a verb is done (one error as it is, several
    /// each on its own line); the exit status.
    static func report(_ failures: [ExitFailure], context: ProgramContext) -> Int32 {
        guard !failures.isEmpty else { return 0 }
        if failures.count == 1 {
            context.err(failures[0].message)
        } else {
            for failure in failures { context.err(failure.inAggregate) }
        }
        return 1
    }

    /// A store refusal a `kubectl create` generator wraps in its own words (`error: failed to create
    /// configmap: configmaps "x" already exists`): kubectl then prints the message as a plain error.
    static func wrappedServerError(_ error: StoreError, _ failure: String) -> String {
        "error: \(failure)\(error.message)\n"
    }

    /// A store refusal as kubectl prints it (`Error from server (NotFound): …`, or Invalid's own form).
    static func serverError(_ error: StoreError, doing verb: String? = nil, source: String? = nil) -> String {
        if let invalid = error.kubectlInvalidMessage { return invalid + "\n" }
        let prefix = verb.map { v in source.map { "error when \(v) \"\($0)\": " } ?? "" } ?? ""
        return "Error from server (\(error.reason)): \(prefix)\(error.message)\n"
    }
}
