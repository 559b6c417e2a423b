import ClusterSim
import Foundation
import JSON

/// `kubectl wait --for=CONDITION (KIND/NAME… | KIND NAME… | KIND -l SELECTOR | KIND --all | -f FILE)
/// [-n NS | -A] [--timeout=30s]` on the simulated clock, for any kind `get` serves. The conditions
/// are kubectl's four: `delete`, `create`, `condition=TYPE[=STATUS]` (the object's
/// `status.conditions`, not met while it reports an older generation) and
/// `jsonpath='{…}'[=VALUE]`. As kubectl does, the objects are listed once, then waited for one
/// after the other within one timeout, each printed as `KIND/NAME condition met` when it is.
enum KubectlWait {
    /// What an object must come to.
    enum Condition {
        case delete
        case create
        case status(type: String, status: String)
        case jsonPath(KubectlJSONPath, value: String?)

        /// kubectl's `conditionFuncFor`: the `--for` value read, or its error.
        init(parsing text: String) throws(KubectlError) {
            let lower = text.lowercased()
            if lower == "delete" { self = .delete; return }
            if lower == "create" { self = .create; return }
            if text.hasPrefix("condition=") {
                let rest = text.dropFirst("condition=".count)
                let parts = rest.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                self = .status(type: parts[0], status: parts.count > 1 ? parts[1] : "true")
                return
            }
            if text.hasPrefix("jsonpath=") {
                let parts = Self.splitJSONPath(String(text.dropFirst("jsonpath=".count)))
                guard parts.count == 1 || parts.count == 2 else {
                    throw KubectlError("error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'\n")
                }
                var expression = parts[0]
                guard !expression.isEmpty else { throw KubectlError("error: jsonpath expression cannot be empty\n") }
                // kubectl's relaxed form: `.status.phase` is `{.status.phase}`.
                if !expression.hasPrefix("{") { expression = "{\(expression)}" }
                let value = parts.count == 2 ? parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) : nil
                if value == "" {
                    throw KubectlError("error: jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3\n")
                }
                do { self = .jsonPath(try KubectlJSONPath(expression), value: value) } catch {
                    throw KubectlError("error: \(error.message)\n")
                }
                return
            }
            throw KubectlError("error: unrecognized condition: \"\(text)\"\n")
        }

        /// `=` separates the expression from the value; `==` (a filter's) does not.
        static func splitJSONPath(_ input: String) -> [String] {
            var parts: [String] = [], current = ""
            var characters = input[...]
            while let character = characters.popFirst() {
                if character == "=" {
                    if characters.first == "=" {
                        current += "=="
                        characters = characters.dropFirst()
                        continue
                    }
                    parts.append(current)
                    current = ""
                    continue
                }
                current.append(character)
            }
            return parts + [current]
        }

        /// Whether `object` meets it now; an error ends the wait (kubectl's jsonpath refusals).
        func isMet(by object: JSONValue) throws(KubectlError) -> Bool {
            switch self {
            case .delete, .create:
                return true
            case .status(let type, let status):
                guard case .array(let conditions)? = object["status"]?["conditions"] else { return false }
                for condition in conditions {
                    guard let name = condition["type"]?.stringValue, name.lowercased() == type.lowercased(),
                          let current = condition["status"]?.stringValue else { continue }
                    // A condition about an older generation than the object's is not yet an answer.
                    if case .int(let generation)? = object["metadata"]?["generation"],
                       case .int(let observed)? = condition["observedGeneration"] ?? object["status"]?["observedGeneration"],
                       observed < generation {
                        return false
                    }
                    return current.lowercased() == status.lowercased()
                }
                return false
            case .jsonPath(let path, let value):
                let found = path.resultsByAction(object)
                guard let first = found.first, !first.isEmpty else { return false }
                if found.count > 1 { throw KubectlError("error: given jsonpath expression matches more than one list\n") }
                if first.count > 1 { throw KubectlError("error: given jsonpath expression matches more than one value\n") }
                guard let value else { return true }
                switch first[0] {
                case .array, .object: throw KubectlError("error: jsonpath leads to a nested object or list which is not supported\n")
                default: return KubectlJSONPath.text(first[0]).trimmingCharacters(in: .whitespaces) == value.trimmingCharacters(in: .whitespaces)
                }
            }
        }
    }

    /// One object to wait for, as the first listing found it.
    struct Target {
        var resource: KubectlResource
        var namespace: String?
        var name: String
        /// Its uid when listed: a new object of the same name is not the one waited for.
        var uid: String?
    }

    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments, valued: ["--for", "--timeout", "-l", "--selector", "--field-selector", "-o", "--output"])
        guard let forText = parsed.flags["--for"] else {
            context.err("error: --for must be set\n")  // what kubectl 1.32 says without --for
            return 1
        }
        let condition: Condition
        do { condition = try Condition(parsing: forText) } catch {
            context.err(error.message)
            return 1
        }
        var timeout = SimTime.seconds(30)
        if let text = parsed.flags["--timeout"] {
            guard let duration = EksctlUpgradeNodegroup.parseDuration(text) else {
                context.err("error: invalid argument \"\(text)\" for \"--timeout\" flag: time: invalid duration \"\(text)\"\n")
                return 1
            }
            // A negative timeout is a week, as kubectl's.
            timeout = text.hasPrefix("-") ? .seconds(7 * 24 * 3600) : duration
        }
        if parsed.flags["--field-selector"] != nil {
            context.err("not available in the simulated cluster: kubectl wait --field-selector\n")
            return Session.unavailableStatus
        }
        let simulator = context.simulator
        let deadline = simulator.now + timeout
        let forDelete: Bool = if case .delete = condition { true } else { false }
        let forCreate: Bool = if case .create = condition { true } else { false }
        // kubectl's `--for=create` first polls until the listing finds what it names.
        var targets: [Target] = []
        resolving: while true {
            switch resolve(parsed, context: context) {
            case .success(let found):
                targets = found
                break resolving
            case .failure(let error):
                if forCreate, error.notFound {
                    guard simulator.now < deadline else {
                        context.err("error: timed out waiting for the condition\n")
                        return 1
                    }
                    guard context.sleep(min(.seconds(1), deadline - simulator.now)) else { return 130 }
                    continue resolving
                }
                // A name not found is already deleted: nothing to wait for there, nothing printed.
                if forDelete, error.notFound, let found = error.found {
                    targets = found
                    break resolving
                }
                context.err(error.message)
                return 1
            }
        }
        if targets.isEmpty && !forDelete {
            context.err("error: no matching resources found\n")
            return 1
        }
        for target in targets {
            while true {
                let current = target.resource.objects(target.resource.namespaced ? target.namespace : nil, simulator)
                    .first { $0.name == target.name && ($0.namespace == target.namespace || !target.resource.namespaced) }
                let json = current?.json()
                let gone = json == nil || (target.uid != nil && json?["metadata"]?["uid"]?.stringValue != target.uid)
                if forDelete {
                    if gone { break }
                } else {
                    guard let json, !gone else {
                        context.err("Error from server (NotFound): \(target.resource.qualifiedPlural) \"\(target.name)\" not found\n")
                        return 1
                    }
                    do { if try condition.isMet(by: json) { break } } catch {
                        context.err(error.message)
                        return 1
                    }
                }
                guard simulator.now < deadline else {
                    let plural = target.resource.qualifiedPlural.split(separator: ".").first.map(String.init) ?? target.resource.qualifiedPlural
                    context.err("error: timed out waiting for the condition on \(plural)/\(target.name)\n")
                    return 1
                }
                guard context.sleep(min(.seconds(1), deadline - simulator.now)) else { return 130 }
            }
            context.out("\(target.resource.nameKind)/\(target.name) condition met\n")
        }
        return 0
    }

    /// Why the objects could not be listed: kubectl's message, and — for a name not found — the
    /// other objects that were (what `--for=delete` still waits for).
    struct ResolveError: Error {
        var message: String
        var notFound = false
        var found: [Target]?
    }

    /// The objects the words name, in the order kubectl visits them.
    static func resolve(_ parsed: ObjectVerbArguments, context: ProgramContext) -> Result<[Target], ResolveError> {
        let simulator = context.simulator
        let allNamespaces = parsed.flags["-A"] == "true" || parsed.flags["--all-namespaces"] == "true"
        let namespace = allNamespaces ? nil : parsed.namespace ?? "default"
        let selectorText = parsed.flags["-l"] ?? parsed.flags["--selector"]
        let all = parsed.flags["--all"].map { $0 != "false" } ?? false
        var named: [(word: String, name: String?, namespace: String?)] = []
        if !parsed.files.isEmpty {
            guard let documents = ManifestSource.documents(parsed.files, for: "wait", context: context) else {
                return .failure(ResolveError(message: ""))
            }
            for document in documents {
                let metadata = document.object["metadata"]
                named.append((document.object["kind"]?.stringValue ?? "", metadata?["name"]?.stringValue ?? "",
                              metadata?["namespace"]?.stringValue ?? namespace))
            }
        } else if parsed.positional.count > 1, parsed.positional.allSatisfy({ $0.contains("/") }) {
            // `pod/a deployment/b`: each word its own kind.
            for word in parsed.positional {
                let parts = word.split(separator: "/", maxSplits: 1).map(String.init)
                named.append((parts[0], parts.count > 1 ? parts[1] : "", namespace))
            }
        } else if let (word, names) = parsed.kindAndNames() {
            if names.isEmpty {
                guard selectorText != nil || all else {
                    return .failure(ResolveError(message: "error: resource(s) were provided, but no name was specified\n"))
                }
                named = [(word, nil, namespace)]
            } else {
                named = names.map { (word, $0, namespace) }
            }
        } else {
            return .failure(ResolveError(message: "error: the server doesn't have a resource type \"\"\n"))
        }
        var targets: [Target] = []
        var missing: String?
        for (word, name, namespace) in named {
            guard let resource = KubectlResource.named(word, simulator: simulator) else {
                return .failure(ResolveError(message: KubectlProgram.unknownKind(word)))
            }
            let scope = resource.namespaced ? namespace : nil
            let objects = resource.objects(scope, simulator)
            if let name {
                guard let object = objects.first(where: { $0.name == name }) else {
                    missing = missing ?? "Error from server (NotFound): \(resource.qualifiedPlural) \"\(name)\" not found\n"
                    continue
                }
                targets.append(Target(resource: resource, namespace: object.namespace, name: name, uid: object.json()["metadata"]?["uid"]?.stringValue))
            } else {
                var selector: LabelSelector?
                if let selectorText {
                    do { selector = try LabelSelector(selectorText) } catch {
                        return .failure(ResolveError(message: "error: \(error.message)\n"))
                    }
                }
                for object in objects where selector?.matches(object.labels) ?? true {
                    targets.append(Target(resource: resource, namespace: object.namespace, name: object.name,
                                          uid: object.json()["metadata"]?["uid"]?.stringValue))
                }
            }
        }
        if let missing { return .failure(ResolveError(message: missing, notFound: true, found: targets)) }
        return .success(targets)
    }
}
