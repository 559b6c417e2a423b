import Foundation
import JSON

/// Snapshots of a real cluster (or anything the real CLIs reach, such as `workshop serve`), taken
/// with the real `aws` and `kubectl` and the user's own configuration. It only reads: describe,
/// list and get. Independent commands run a few at a time.
public final class CLISnapshotSource: SnapshotSource {
    public let clusterName: String
    let runner: CommandRunner
    let clock: () -> Double
    let startedAt: Double
    /// Updates that ended never change again: they are described once.
    private var endedUpdates: [String: UpdateView] = [:]
    private var nodegroupNames: [String]?
    private var addonNames: [String]?
    /// Status and version of each thing at the last look: updates are listed again only when they change.
    private var lastStatus: [String: String] = [:]
    private var updateIds: [String: [String]] = [:]
    private var lastServerVersion: String?
    private var autoScalingGroupNames: [String] = []

    /// - Parameter clock: the wall clock's epoch seconds (a snapshot's `time` counts from the first).
    public init(clusterName: String, runner: CommandRunner, clock: @escaping () -> Double = { Date().timeIntervalSince1970 }) {
        self.clusterName = clusterName
        self.runner = runner
        self.clock = clock
        self.startedAt = clock()
    }

    /// The cluster to watch: `EKS_CLUSTER_NAME` (the workshop's own variable), else the only cluster
    /// `aws eks list-clusters` shows; nil with the reason when neither says.
    public static func clusterName(environment: [String: String], runner: CommandRunner) -> (name: String?, problem: String?) {
        if let name = environment["EKS_CLUSTER_NAME"], !name.isEmpty { return (name, nil) }
        let result = runner.run(["aws", "eks", "list-clusters", "--output", "json"])
        guard result.status == 0, let json = try? JSONParser.parse(result.stdout), case .array(let names)? = json["clusters"] else {
            return (nil, "Narration is off: set EKS_CLUSTER_NAME to your cluster's name (aws eks list-clusters could not say: \(firstLine(result.stderr))).")
        }
        let clusters = names.compactMap(\.stringValue)
        guard clusters.count == 1 else {
            return (nil, "Narration is off: set EKS_CLUSTER_NAME to the cluster to narrate (\(clusters.isEmpty ? "aws eks list-clusters shows none" : "there are \(clusters.count): \(clusters.joined(separator: ", "))")).")
        }
        return (clusters[0], nil)
    }

    static func firstLine(_ text: String) -> String {
        text.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? "no output"
    }

    public func snapshot() throws(ObservationError) -> ClusterSnapshot {
        let name = clusterName
        if nodegroupNames == nil {
            nodegroupNames = try json(["aws", "eks", "list-nodegroups", "--cluster-name", name])["nodegroups"].strings
            addonNames = try json(["aws", "eks", "list-addons", "--cluster-name", name])["addons"].strings
        }
        let groups = nodegroupNames ?? [], addons = addonNames ?? []
        // First wave: what is read on every look.
        var commands: [[String]] = [
            ["aws", "eks", "describe-cluster", "--name", name],
            ["kubectl", "get", "nodes"],
            ["kubectl", "get", "pods", "--all-namespaces"],
            ["kubectl", "get", "poddisruptionbudgets", "--all-namespaces"],
        ]
        for group in groups { commands.append(["aws", "eks", "describe-nodegroup", "--cluster-name", name, "--nodegroup-name", group]) }
        for addon in addons { commands.append(["aws", "eks", "describe-addon", "--cluster-name", name, "--addon-name", addon]) }
        // The groups named at the last look are read with the nodes, so both answers are close in time.
        let knownGroups = autoScalingGroupNames
        if !knownGroups.isEmpty { commands.append(["aws", "autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names"] + knownGroups) }
        var answers = try runAll(commands)
        let earlyGroups = knownGroups.isEmpty ? nil : answers.removeLast()
        let clusterJSON = answers[0]["cluster"], nodesJSON = answers[1], podsJSON = answers[2], budgetsJSON = answers[3]
        let nodegroupAnswers = Array(answers[4..<(4 + groups.count)]).map { $0["nodegroup"] }
        let addonAnswers = Array(answers[(4 + groups.count)...]).map { $0["addon"] }

        // Second wave: updates are listed only for what is changing (or changed since the last look),
        // and the API server's version only while the control plane moves — fewer CLI starts per look.
        let clusterStatus = clusterJSON?["status"]?.stringValue ?? ""
        let clusterVersion = clusterJSON?["version"]?.stringValue ?? ""
        var listings: [(UpdateView.Subject, [String])] = []
        if lastStatus["cluster"] != clusterStatus + clusterVersion || clusterStatus != "ACTIVE" {
            listings.append((.controlPlane, ["aws", "eks", "list-updates", "--name", name]))
        }
        for (group, ng) in zip(groups, nodegroupAnswers) {
            let status = (ng?["status"]?.stringValue ?? "") + (ng?["releaseVersion"]?.stringValue ?? "")
            if lastStatus["nodegroup/" + group] != status || ng?["status"]?.stringValue != "ACTIVE" {
                listings.append((.nodegroup(group), ["aws", "eks", "list-updates", "--name", name, "--nodegroup-name", group]))
            }
        }
        for (addon, a) in zip(addons, addonAnswers) {
            let status = (a?["status"]?.stringValue ?? "") + (a?["addonVersion"]?.stringValue ?? "")
            if lastStatus["addon/" + addon] != status || a?["status"]?.stringValue != "ACTIVE" {
                listings.append((.addon(addon), ["aws", "eks", "list-updates", "--name", name, "--addon-name", addon]))
            }
        }
        let askServer = clusterStatus == "UPDATING" || lastServerVersion == nil || lastStatus["cluster"] != clusterStatus + clusterVersion
        let listed = try runAll(listings.map(\.1) + (askServer ? [["kubectl", "version"]] : []))
        if askServer, let version = listed.last.flatMap(Self.serverVersion) { lastServerVersion = version }
        for (position, (subject, _)) in listings.enumerated() {
            let ids = listed[position]["updateIds"].strings
            switch subject {
            case .controlPlane: updateIds["cluster"] = ids
            case .nodegroup(let group): updateIds["nodegroup/" + group] = ids
            case .addon(let addon): updateIds["addon/" + addon] = ids
            }
        }
        lastStatus["cluster"] = clusterStatus + clusterVersion
        for (group, ng) in zip(groups, nodegroupAnswers) {
            lastStatus["nodegroup/" + group] = (ng?["status"]?.stringValue ?? "") + (ng?["releaseVersion"]?.stringValue ?? "")
        }
        for (addon, a) in zip(addons, addonAnswers) {
            lastStatus["addon/" + addon] = (a?["status"]?.stringValue ?? "") + (a?["addonVersion"]?.stringValue ?? "")
        }
        let clusterUpdates = updateIds["cluster"] ?? []
        let nodegroupJSON = zip(groups, nodegroupAnswers).map { ($0, $1, updateIds["nodegroup/" + $0] ?? []) }
        let addonJSON = zip(addons, addonAnswers).map { ($0, $1, updateIds["addon/" + $0] ?? []) }

        // Third wave: the updates not known to have ended, and the node groups' Auto Scaling groups.
        var wanted: [(String, UpdateView.Subject, [String])] = []
        for id in clusterUpdates where endedUpdates[id] == nil {
            wanted.append((id, .controlPlane, ["aws", "eks", "describe-update", "--name", name, "--update-id", id]))
        }
        for (group, _, ids) in nodegroupJSON {
            for id in ids where endedUpdates[id] == nil {
                wanted.append((id, .nodegroup(group), ["aws", "eks", "describe-update", "--name", name, "--update-id", id, "--nodegroup-name", group]))
            }
        }
        for (addon, _, ids) in addonJSON {
            for id in ids where endedUpdates[id] == nil {
                wanted.append((id, .addon(addon), ["aws", "eks", "describe-update", "--name", name, "--update-id", id, "--addon-name", addon]))
            }
        }
        let asgNames = nodegroupJSON.compactMap { $0.1?["resources"]?["autoScalingGroups"]?.array?.first?["name"]?.stringValue }
        var second = wanted.map(\.2)
        let lateGroups = !asgNames.isEmpty && asgNames != knownGroups
        if lateGroups { second.append(["aws", "autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names"] + asgNames) }
        autoScalingGroupNames = asgNames
        let secondAnswers = try runAll(second)
        var updates: [String: UpdateView] = endedUpdates
        for (position, (id, subject, _)) in wanted.enumerated() {
            let u = secondAnswers[position]["update"]
            let view = UpdateView(
                id: id, subject: subject, type: u?["type"]?.stringValue ?? "", status: u?["status"]?.stringValue ?? "InProgress",
                params: Dictionary((u?["params"]?.array ?? []).compactMap { p in p["type"]?.stringValue.map { ($0, p["value"]?.stringValue ?? "") } },
                                   uniquingKeysWith: { _, last in last }),
                createdEpoch: Self.epoch(u?["createdAt"]) ?? 0,
                errors: (u?["errors"]?.array ?? []).map { e in
                    .init(code: e["errorCode"]?.stringValue ?? "", message: e["errorMessage"]?.stringValue ?? "", resourceIds: e["resourceIds"].strings)
                })
            updates[id] = view
            if view.status != "InProgress" { endedUpdates[id] = view }
        }
        let orderedIds = clusterUpdates + nodegroupJSON.flatMap(\.2) + addonJSON.flatMap(\.2)
        let asgJSON = (lateGroups ? secondAnswers.last : earlyGroups)?["AutoScalingGroups"]?.array ?? []

        let cluster = ClusterView(
            name: name, version: clusterJSON?["version"]?.stringValue ?? "", platformVersion: clusterJSON?["platformVersion"]?.stringValue ?? "",
            status: clusterStatus, serverVersion: lastServerVersion ?? clusterVersion)
        let nodegroups = nodegroupJSON.map { group, ng, _ in
            NodegroupView(
                name: group, status: ng?["status"]?.stringValue ?? "", version: ng?["version"]?.stringValue ?? "",
                releaseVersion: ng?["releaseVersion"]?.stringValue ?? "",
                minSize: ng?["scalingConfig"]?["minSize"]?.int ?? 0, maxSize: ng?["scalingConfig"]?["maxSize"]?.int ?? 0,
                desiredSize: ng?["scalingConfig"]?["desiredSize"]?.int ?? 0,
                maxUnavailable: ng?["updateConfig"]?["maxUnavailable"]?.int ?? (ng?["updateConfig"]?["maxUnavailablePercentage"] == nil ? 1 : nil),
                maxUnavailablePercentage: ng?["updateConfig"]?["maxUnavailablePercentage"]?.int,
                updateStrategy: ng?["updateConfig"]?["updateStrategy"]?.stringValue,
                autoScalingGroup: ng?["resources"]?["autoScalingGroups"]?.array?.first?["name"]?.stringValue,
                healthIssues: (ng?["health"]?["issues"]?.array ?? []).map { i in
                    .init(code: i["code"]?.stringValue ?? "", message: i["message"]?.stringValue ?? "", resourceIds: i["resourceIds"].strings)
                })
        }
        let asgs = asgJSON.map(Self.autoScalingGroup)
        // Pods: counted per node, and kept with their labels for the budgets' selectors.
        var workloadPods: [String: Int] = [:], daemonPods: [String: Int] = [:]
        var pending = 0
        var placed: [(namespace: String, labels: JSONValue?, node: String)] = []
        for pod in podsJSON["items"]?.array ?? [] {
            let terminating = pod["metadata"]?["deletionTimestamp"] != nil
            guard let node = pod["spec"]?["nodeName"]?.stringValue else {
                if pod["status"]?["phase"]?.stringValue == "Pending" && !terminating { pending += 1 }
                continue
            }
            let daemon = (pod["metadata"]?["ownerReferences"]?.array ?? []).contains { $0["kind"]?.stringValue == "DaemonSet" }
            if daemon { daemonPods[node, default: 0] += 1 } else if !terminating { workloadPods[node, default: 0] += 1 }
            if !terminating { placed.append((pod["metadata"]?["namespace"]?.stringValue ?? "", pod["metadata"]?["labels"], node)) }
        }
        let nodes = (nodesJSON["items"]?.array ?? []).map { n in
            let name = n["metadata"]?["name"]?.stringValue ?? ""
            let labels = n["metadata"]?["labels"]
            let provider = n["spec"]?["providerID"]?.stringValue ?? ""
            let ready = (n["status"]?["conditions"]?.array ?? []).contains { $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True" }
            return NodeView(
                name: name, nodegroup: labels?["eks.amazonaws.com/nodegroup"]?.stringValue,
                zone: labels?["topology.kubernetes.io/zone"]?.stringValue ?? "",
                instanceId: provider.split(separator: "/").last.map(String.init).flatMap { $0.hasPrefix("i-") ? $0 : nil },
                createdEpoch: Self.epoch(n["metadata"]?["creationTimestamp"]) ?? 0,
                kubeletVersion: n["status"]?["nodeInfo"]?["kubeletVersion"]?.stringValue ?? "",
                image: labels?["eks.amazonaws.com/nodegroup-image"]?.stringValue, ready: ready,
                unschedulable: n["spec"]?["unschedulable"]?.bool ?? false,
                taints: (n["spec"]?["taints"]?.array ?? []).map { t in
                    "\(t["key"]?.stringValue ?? "")\(t["value"]?.stringValue.map { "=\($0)" } ?? ""):\(t["effect"]?.stringValue ?? "")"
                },
                workloadPods: workloadPods[name] ?? 0, daemonPods: daemonPods[name] ?? 0)
        }
        let budgets = (budgetsJSON["items"]?.array ?? []).map { b in
            let namespace = b["metadata"]?["namespace"]?.stringValue ?? ""
            let selector = b["spec"]?["selector"]?["matchLabels"]
            var hosts = Set<String>()
            if case .object(let wanted)? = selector {
                for pod in placed where pod.namespace == namespace {
                    if wanted.allSatisfy({ pod.labels?[$0.key] == $0.value }) { hosts.insert(pod.node) }
                }
            }
            let current = b["status"]?["currentHealthy"]?.int ?? 0, desired = b["status"]?["desiredHealthy"]?.int ?? 0
            return BudgetView(namespace: namespace, name: b["metadata"]?["name"]?.stringValue ?? "",
                              disruptionsAllowed: b["status"]?["disruptionsAllowed"]?.int ?? max(0, current - desired),
                              currentHealthy: current, desiredHealthy: desired, nodes: hosts.sorted())
        }
        let addonViews = addonJSON.map { addon, a, _ in
            AddonView(name: addon, version: a?["addonVersion"]?.stringValue ?? "", status: a?["status"]?.stringValue ?? "")
        }
        let now = clock()
        return ClusterSnapshot(time: now - startedAt, epoch: now, cluster: cluster, updates: orderedIds.compactMap { updates[$0] },
                               nodegroups: nodegroups, groups: asgs, nodes: nodes, budgets: budgets, addons: addonViews, pendingPods: pending)
    }

    static func autoScalingGroup(_ g: JSONValue) -> AutoScalingGroupView {
        let instances = (g["Instances"]?.array ?? []).map { (i: JSONValue) -> AutoScalingGroupView.InstanceView in
            let id: String = i["InstanceId"]?.stringValue ?? ""
            let zone: String = i["AvailabilityZone"]?.stringValue ?? ""
            let state: String = i["LifecycleState"]?.stringValue ?? ""
            let version: String = i["LaunchTemplate"]?["Version"]?.stringValue ?? ""
            return .init(id: id, zone: zone, lifecycleState: state, launchTemplateVersion: version)
        }
        let direct: String? = g["LaunchTemplate"]?["Version"]?.stringValue
        let mixed: String? = g["MixedInstancesPolicy"]?["LaunchTemplate"]?["LaunchTemplateSpecification"]?["Version"]?.stringValue
        let name: String = g["AutoScalingGroupName"]?.stringValue ?? ""
        let minSize: Int = g["MinSize"]?.int ?? 0
        let maxSize: Int = g["MaxSize"]?.int ?? 0
        let desired: Int = g["DesiredCapacity"]?.int ?? 0
        return AutoScalingGroupView(name: name, minSize: minSize, maxSize: maxSize, desiredCapacity: desired,
                                    launchTemplateVersion: direct ?? mixed ?? "", zones: g["AvailabilityZones"].strings, instances: instances)
    }

    // MARK: - Running the CLIs

    /// Runs the commands, a few at a time, each with JSON output; their answers in the same order.
    private func runAll(_ commands: [[String]]) throws(ObservationError) -> [JSONValue] {
        final class Results: @unchecked Sendable {
            var values: [Result<JSONValue, ObservationError>]
            let lock = NSLock()
            init(_ count: Int) { values = Array(repeating: .success(.null), count: count) }
        }
        let results = Results(commands.count)
        let runner = self.runner
        DispatchQueue.concurrentPerform(iterations: commands.count) { index in
            let outcome = Self.answer(commands[index], runner: runner)
            results.lock.lock()
            results.values[index] = outcome
            results.lock.unlock()
        }
        var answers: [JSONValue] = []
        for value in results.values {
            switch value {
            case .success(let json): answers.append(json)
            case .failure(let error): throw error
            }
        }
        return answers
    }

    private func json(_ command: [String]) throws(ObservationError) -> JSONValue {
        try Self.answer(command, runner: runner).get()
    }

    static func answer(_ command: [String], runner: CommandRunner) -> Result<JSONValue, ObservationError> {
        let full = command + (command.first == "aws" ? ["--output", "json"] : ["-o", "json"])
        let result = runner.run(full)
        let shown = command.prefix(4).joined(separator: " ")
        guard result.status == 0 else {
            let detail = firstLine(result.stderr)
            let denied = ["AccessDenied", "UnauthorizedOperation", "Forbidden", "is not authorized", "forbidden"].contains { detail.contains($0) }
            return .failure(denied ? .notPermitted(command: shown, detail: detail) : .commandFailed(command: shown, status: result.status, detail: detail))
        }
        guard let json = try? JSONParser.parse(result.stdout) else { return .failure(.unreadable(command: shown)) }
        return .success(json)
    }

    /// `1.33` from `kubectl version -o json`'s server version (`"minor": "33+"` on EKS).
    static func serverVersion(_ json: JSONValue) -> String? {
        guard let major = json["serverVersion"]?["major"]?.stringValue, let minor = json["serverVersion"]?["minor"]?.stringValue else { return nil }
        return "\(major.filter(\.isNumber)).\(minor.filter(\.isNumber))"
    }

    /// Epoch seconds from a number (the AWS CLI v1 prints timestamps as sent) or an ISO 8601 text
    /// (Kubernetes; the AWS CLI v2).
    static func epoch(_ value: JSONValue?) -> Double? {
        if let number = value?.number { return number }
        guard let text = value?.stringValue else { return nil }
        return iso8601(text)
    }

    /// `2026-11-20T10:15:02Z`, `2026-11-20T10:15:02.123000+00:00`.
    static func iso8601(_ text: String) -> Double? {
        let chars = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= chars.count else { return nil }
            var n = 0
            for c in chars[from..<from + count] {
                guard c >= 48 && c <= 57 else { return nil }
                n = n * 10 + Int(c - 48)
            }
            return n
        }
        guard let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2), let h = number(11, 2), let mi = number(14, 2),
              let s = number(17, 2) else { return nil }
        var fraction = 0.0, index = 19
        if index < chars.count && chars[index] == UInt8(ascii: ".") {
            var scale = 0.1
            index += 1
            while index < chars.count, chars[index] >= 48 && chars[index] <= 57 {
                fraction += Double(chars[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offset = 0
        if index < chars.count && (chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-")),
           let oh = number(index + 1, 2), let om = number(index + 4, 2) {
            offset = (oh * 3600 + om * 60) * (chars[index] == UInt8(ascii: "+") ? 1 : -1)
        }
        // Days from the civil date (Howard Hinnant's algorithm).
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Double(days * 86_400 + h * 3600 + mi * 60 + s - offset) + fraction
    }
}

/// A real cluster found on the first look: `EKS_CLUSTER_NAME`, or the only cluster there is.
public final class RealClusterSource: SnapshotSource {
    let environment: [String: String]
    let runner: CommandRunner
    private var source: CLISnapshotSource?

    public init(environment: [String: String], runner: CommandRunner) {
        self.environment = environment
        self.runner = runner
    }

    public func snapshot() throws(ObservationError) -> ClusterSnapshot {
        if source == nil {
            let (name, problem) = CLISnapshotSource.clusterName(environment: environment, runner: runner)
            guard let name else { throw .clusterUnknown(problem ?? "Narration is off: set EKS_CLUSTER_NAME to your cluster's name.") }
            source = CLISnapshotSource(clusterName: name, runner: runner)
        }
        return try source!.snapshot()
    }
}

extension Optional where Wrapped == JSONValue {
    /// The strings of an array value (empty when it is not one).
    var strings: [String] { (self?.array ?? []).compactMap(\.stringValue) }
}

extension JSONValue {
    var array: [JSONValue]? { if case .array(let items) = self { return items } else { return nil } }
    var int: Int? { number.map { Int($0) } }
    var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
}
