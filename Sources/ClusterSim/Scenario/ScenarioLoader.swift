import Foundation
import Yams

/// A scenario file that cannot be used, with where and why.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public var description: String { "\(file):\(line): error: \(message)" }
}

/// Reads scenarios from YAML. Every key is checked; unknown keys are errors (a typo would
/// otherwise silently fall back to a default).
///
/// ```yaml
/// cluster: {name: eks-workshop, region: us-west-2, version: "1.33",
///           availabilityZones: [us-west-2a, us-west-2b, us-west-2c], startTime: 2025-11-20T09:00:00Z}
/// nodegroups:
///   - {name: default, instanceType: m5.large, amiType: AL2023_x86_64_STANDARD, releaseVersion: 1.33.4-20250918,
///      minSize: 3, maxSize: 6, desiredSize: 3, maxUnavailable: 1, updateStrategy: DEFAULT}
/// workloads:       # omit for the sample application; [] for none
///   - {kind: Deployment, namespace: ui, name: ui, replicas: 2, cpu: 250m, memory: 1Gi, pdb: {minAvailable: 1}}
/// faults: [pdb-blocks, "no-capacity:us-west-2b", node-join-failure]
/// ```
public enum ScenarioLoader {
    public static func load(path: String) throws -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, line: 1, message: "cannot read the scenario file; check the path")
        }
        guard data.count <= 1_048_576 else { throw ScenarioError(file: path, line: 1, message: "a scenario file must be under 1 MB") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, line: 1, message: "the scenario file is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> Scenario {
        let root: Yams.Node?
        do {
            root = try Yams.compose(yaml: text, .default, .default, .utf8)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw ScenarioError(file: file, line: mark.line, message: "invalid YAML: \(problem)")
            default:
                throw ScenarioError(file: file, line: 1, message: "invalid YAML")
            }
        }
        var budget = 100_000
        guard let root, case .mapping(let top) = root else {
            throw ScenarioError(file: file, line: 1, message: "a scenario is a YAML mapping with cluster, nodegroups, workloads and faults")
        }
        let reader = Reader(file: file, budget: budget)
        var scenario = Scenario()
        for (keyNode, value) in top {
            let key = keyNode.string ?? ""
            switch key {
            case "cluster": try reader.cluster(value, into: &scenario)
            case "nodegroups": scenario.nodegroups = try reader.list(value, "nodegroups") { try reader.nodegroup($0) }
            case "workloads": scenario.workloads = try reader.list(value, "workloads") { try reader.workload($0) }
            case "faults":
                scenario.faults = try reader.list(value, "faults") { node in
                    let text = try reader.string(node, "faults[]")
                    guard let fault = Scenario.Fault(text) else {
                        throw reader.error(node, "unknown fault '\(text)'; use one of: \(Scenario.Fault.forms)")
                    }
                    return fault
                }
            default:
                throw reader.error(keyNode, "unknown key '\(key)'; a scenario has cluster, nodegroups, workloads and faults")
            }
        }
        budget = reader.budget
        let problems = scenario.validate()
        if let first = problems.first {
            throw ScenarioError(file: file, line: 1, message: first + (problems.count > 1 ? " (and \(problems.count - 1) more problem\(problems.count == 2 ? "" : "s"))" : ""))
        }
        return scenario
    }

    /// Reads nodes while counting them (a class: list readers call back into it).
    private final class Reader {
        let file: String
        var budget: Int

        init(file: String, budget: Int) {
            self.file = file
            self.budget = budget
        }

        func error(_ node: Yams.Node, _ message: String) -> ScenarioError {
            ScenarioError(file: file, line: node.mark?.line ?? 1, message: message)
        }

        func spend(_ node: Yams.Node) throws {
            budget -= 1
            if budget < 0 { throw error(node, "the scenario has too many values (YAML aliases?)") }
        }

        func string(_ node: Yams.Node, _ key: String) throws -> String {
            try spend(node)
            guard case .scalar(let scalar) = node else { throw error(node, "\(key) must be a single value") }
            return scalar.string
        }

        func int(_ node: Yams.Node, _ key: String, range: ClosedRange<Int>) throws -> Int {
            let text = try string(node, key)
            guard let value = Int(text), range.contains(value) else {
                throw error(node, "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound) (got '\(text)')")
            }
            return value
        }

        func bool(_ node: Yams.Node, _ key: String) throws -> Bool {
            let text = try string(node, key)
            switch text {
            case "true", "yes": return true
            case "false", "no": return false
            default: throw error(node, "\(key) must be true or false (got '\(text)')")
            }
        }

        func mapping(_ node: Yams.Node, _ key: String) throws -> [(String, Yams.Node, Yams.Node)] {
            try spend(node)
            guard case .mapping(let mapping) = node else { throw error(node, "\(key) must be a mapping (key: value)") }
            return mapping.map { ($0.key.string ?? "", $0.key, $0.value) }
        }

        func list<T>(_ node: Yams.Node, _ key: String, _ element: (Yams.Node) throws -> T) throws -> [T] {
            try spend(node)
            guard case .sequence(let sequence) = node else { throw error(node, "\(key) must be a list") }
            return try sequence.map(element)
        }

        func labels(_ node: Yams.Node, _ key: String) throws -> [String: String] {
            var labels: [String: String] = [:]
            for (name, _, value) in try mapping(node, key) { labels[name] = try string(value, "\(key).\(name)") }
            return labels
        }

        func cluster(_ node: Yams.Node, into scenario: inout Scenario) throws {
            for (key, keyNode, value) in try mapping(node, "cluster") {
                switch key {
                case "name": scenario.clusterName = try string(value, "cluster.name")
                case "region": scenario.region = try string(value, "cluster.region")
                case "version", "kubernetesVersion": scenario.kubernetesVersion = try string(value, "cluster.version")
                case "accountId": scenario.accountId = try string(value, "cluster.accountId")
                case "availabilityZones": scenario.availabilityZones = try list(value, "cluster.availabilityZones") { try string($0, "cluster.availabilityZones[]") }
                case "startTime":
                    let text = try string(value, "cluster.startTime")
                    guard let epoch = SimCalendar.parseEpoch(text) else {
                        throw error(value, "cluster.startTime must look like 2025-11-20T09:00:00Z (got '\(text)')")
                    }
                    scenario.startEpoch = epoch
                case "ageHours": scenario.clusterAgeHours = Double(try int(value, "cluster.ageHours", range: 0...100_000))
                default:
                    throw error(keyNode, "unknown key 'cluster.\(key)'; use name, region, version, accountId, availabilityZones, startTime, ageHours")
                }
            }
        }

        func nodegroup(_ node: Yams.Node) throws -> Scenario.NodegroupSpec {
            var spec = Scenario.NodegroupSpec()
            for (key, keyNode, value) in try mapping(node, "nodegroups[]") {
                switch key {
                case "name": spec.name = try string(value, "name")
                case "instanceType": spec.instanceType = try string(value, "instanceType")
                case "amiType":
                    let text = try string(value, "amiType")
                    guard let family = AMIFamily(rawValue: text) else {
                        throw error(value, "amiType \(text) is unknown; use one of \(AMIFamily.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    spec.amiType = family
                case "kubernetesVersion", "version": spec.kubernetesVersion = try string(value, "kubernetesVersion")
                case "releaseVersion": spec.releaseVersion = try string(value, "releaseVersion")
                case "minSize": spec.minSize = try int(value, "minSize", range: 0...450)
                case "maxSize": spec.maxSize = try int(value, "maxSize", range: 1...450)
                case "desiredSize": spec.desiredSize = try int(value, "desiredSize", range: 0...450)
                case "maxUnavailable":
                    spec.updateConfig.maxUnavailable = try int(value, "maxUnavailable", range: 1...100)
                    spec.updateConfig.maxUnavailablePercentage = nil
                case "maxUnavailablePercentage":
                    spec.updateConfig.maxUnavailablePercentage = try int(value, "maxUnavailablePercentage", range: 1...100)
                    spec.updateConfig.maxUnavailable = nil
                case "updateStrategy":
                    let text = try string(value, "updateStrategy")
                    guard let strategy = UpdateConfig.Strategy(rawValue: text) else {
                        throw error(value, "updateStrategy must be DEFAULT or MINIMAL (got '\(text)')")
                    }
                    spec.updateConfig.updateStrategy = strategy
                case "labels": spec.labels = try labels(value, "labels")
                case "capacityType": spec.capacityType = try string(value, "capacityType")
                case "taints":
                    spec.taints = try list(value, "taints") { taintNode in
                        var taint = Taint(key: "", value: nil, effect: "NO_SCHEDULE")
                        for (k, kNode, v) in try mapping(taintNode, "taints[]") {
                            switch k {
                            case "key": taint.key = try string(v, "taints[].key")
                            case "value": taint.value = try string(v, "taints[].value")
                            case "effect":
                                taint.effect = try string(v, "taints[].effect")
                                guard ["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"].contains(taint.effect) else {
                                    throw error(v, "taint effect must be NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE")
                                }
                            default: throw error(kNode, "unknown key 'taints[].\(k)'; use key, value, effect")
                            }
                        }
                        return taint
                    }
                default:
                    throw error(keyNode, "unknown node group key '\(key)'; use name, instanceType, amiType, kubernetesVersion, releaseVersion, minSize, maxSize, desiredSize, maxUnavailable, maxUnavailablePercentage, updateStrategy, labels, taints, capacityType")
                }
            }
            return spec
        }

        func workload(_ node: Yams.Node) throws -> Scenario.WorkloadSpec {
            var spec = Scenario.WorkloadSpec(namespace: "default", name: "")
            for (key, keyNode, value) in try mapping(node, "workloads[]") {
                switch key {
                case "kind":
                    let text = try string(value, "kind")
                    guard let kind = Workload.Kind(rawValue: text) else {
                        throw error(value, "kind must be Deployment, StatefulSet or DaemonSet (got '\(text)')")
                    }
                    spec.kind = kind
                case "namespace": spec.namespace = try string(value, "namespace")
                case "name": spec.name = try string(value, "name")
                case "replicas": spec.replicas = try int(value, "replicas", range: 0...100_000)
                case "cpu":
                    let text = try string(value, "cpu")
                    guard let millis = Self.cpuMillis(text) else { throw error(value, "cpu must look like 250m or 1 (got '\(text)')") }
                    spec.cpuMillis = millis
                case "memory":
                    let text = try string(value, "memory")
                    guard let mi = Self.memoryMi(text) else { throw error(value, "memory must look like 512Mi or 1Gi (got '\(text)')") }
                    spec.memoryMi = mi
                case "labels": spec.labels = try labels(value, "labels")
                case "toleratesAllTaints": spec.toleratesAllTaints = try bool(value, "toleratesAllTaints")
                case "pdb":
                    var budget = Scenario.BudgetSpec()
                    for (k, kNode, v) in try mapping(value, "pdb") {
                        let text = try string(v, "pdb.\(k)")
                        guard let amount = IntOrPercent(text) else {
                            throw error(v, "pdb.\(k) must be a number or a percentage like 50% (got '\(text)')")
                        }
                        switch k {
                        case "minAvailable": budget.minAvailable = amount
                        case "maxUnavailable": budget.maxUnavailable = amount
                        default: throw error(kNode, "unknown key 'pdb.\(k)'; use minAvailable or maxUnavailable")
                        }
                    }
                    spec.budget = budget
                default:
                    throw error(keyNode, "unknown workload key '\(key)'; use kind, namespace, name, replicas, cpu, memory, labels, toleratesAllTaints, pdb")
                }
            }
            if spec.name.isEmpty { throw error(node, "a workload needs a name") }
            if spec.labels.isEmpty { spec.labels = ["app.kubernetes.io/name": spec.name] }
            return spec
        }

        static func cpuMillis(_ text: String) -> Int? {
            if text.hasSuffix("m") { return Int(text.dropLast()) }
            if let cores = Double(text) { return Int(cores * 1000) }
            return nil
        }

        static func memoryMi(_ text: String) -> Int? {
            if text.hasSuffix("Mi") { return Int(text.dropLast(2)) }
            if text.hasSuffix("Gi") { return Int(text.dropLast(2)).map { $0 * 1024 } }
            return nil
        }
    }
}
