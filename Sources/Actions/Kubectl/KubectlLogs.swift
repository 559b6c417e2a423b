import ClusterSim
import Foundation

/// `kubectl logs POD|TYPE/NAME [-c CONTAINER] [--tail=N] [--timestamps] [-f]`: what the simulated
/// container wrote — its start, its readiness, and the SIGTERM of its deletion — at the moments
/// the cluster's clock saw them. The lines are the simulator's own (there is no real process);
/// their timing is the pod's.
enum KubectlLogs {
    /// One line a container wrote, and when.
    struct Line {
        var time: SimTime
        var text: String
    }

    /// The pod's log so far.
    static func lines(_ pod: Pod, simulator: Simulator) -> [Line] {
        guard let started = pod.started else { return [] }
        let workload = simulator.workload(of: pod)
        let container = workload.map(KubernetesObjects.containerName) ?? pod.name
        let image = workload.map(KubernetesObjects.image) ?? "unknown"
        if workload?.kind == .job {
            // A Job's container works and exits.
            var lines = [Line(time: started, text: "starting \(container) (\(image)) on \(pod.nodeName ?? "its node")")]
            if let finished = pod.finished {
                lines.append(Line(time: finished, text: pod.phase == .failed ? "error: exiting with status 1" : "done: exiting with status 0"))
            }
            return lines
        }
        var lines = [Line(time: started, text: "starting \(container) (\(image)) on \(pod.nodeName ?? "its node")"),
                     Line(time: started, text: "ready: accepting requests")]
        if let deletion = pod.deletionStarted {
            lines.append(Line(time: deletion, text: "SIGTERM received: finishing in-flight requests, then exiting"))
        }
        return lines
    }

    /// `container "web" in pod "web-…" is waiting to start: ContainerCreating` — nil when it has logs.
    static func waiting(_ pod: Pod, simulator: Simulator) -> String? {
        guard pod.started == nil else { return nil }
        let container = simulator.workload(of: pod).map(KubernetesObjects.containerName) ?? pod.name
        return "container \"\(container)\" in pod \"\(pod.name)\" is waiting to start: \(pod.nodeName == nil ? "PodInitializing" : "ContainerCreating")"
    }

    static func render(_ lines: [Line], timestamps: Bool, simulator: Simulator) -> String {
        lines.map { line in
            let stamp = SimCalendar.iso8601(epoch: simulator.calendar.epoch(line.time), fractionDigits: 0)
            return (timestamps ? stamp.replacingOccurrences(of: "Z", with: ".000000000Z") + " " : "") + "\(stamp) \(line.text)\n"
        }.joined()
    }

    static func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        let parsed = ObjectVerbArguments(arguments, valued: ["-c", "--container", "--tail", "--since"])
        let follow = parsed.flags["-f"] != nil || parsed.flags["--follow"].map { $0 != "false" } ?? false
        let timestamps = parsed.flags["--timestamps"].map { $0 != "false" } ?? false
        let tail = parsed.flags["--tail"].flatMap { Int($0) } ?? -1
        guard let first = parsed.positional.first else {
            context.err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n")
            return 1
        }
        let simulator = context.simulator
        let namespace = parsed.namespace ?? "default"
        var pod: Pod
        if let slash = first.firstIndex(of: "/"), !["pod", "pods", "po"].contains(String(first[..<slash])) {
            // `deployment/web`, `job/migrate`: the first of its pods, as kubectl picks one.
            let kindWord = String(first[..<slash]), name = String(first[first.index(after: slash)...])
            let controllers = [ResourceKinds.deployment, ResourceKinds.statefulSet, ResourceKinds.daemonSet, ResourceKinds.job]
            guard let kind = context.simulator.kind(named: kindWord), controllers.contains(kind) else {
                context.err("not available in the simulated cluster: kubectl logs \(kindWord)/NAME\n")
                return Session.unavailableStatus
            }
            // kubectl's pick: the most active pod — scheduled, ready, ready the longest, the oldest.
            let owned = simulator.podList(namespace: namespace).filter { $0.workload == "\(namespace)/\(name)" && !$0.terminating }
                .sorted { a, b in
                    if (a.nodeName != nil) != (b.nodeName != nil) { return a.nodeName != nil }
                    if a.ready != b.ready { return a.ready }
                    if a.started != b.started { return (a.started ?? .zero) < (b.started ?? .zero) }
                    if a.created != b.created { return a.created < b.created }
                    return a.name < b.name
                }
            guard let workload = simulator.workload(key: "\(namespace)/\(name)"), workload.kind.rawValue == kind.kind else {
                context.err("error: error from server (NotFound): \(kind.qualifiedPlural) \"\(name)\" not found in namespace \"\(namespace)\"\n")
                return 1
            }
            guard let chosen = owned.first else {
                context.err("error: timed out waiting for the condition\n")
                return 1
            }
            if owned.count > 1 { context.err("Found \(owned.count) pods, using pod/\(chosen.name)\n") }
            pod = chosen
        } else {
            let name = first.split(separator: "/").last.map(String.init) ?? first
            guard let found = simulator.pod(namespace: namespace, name: name) else {
                context.err("error: error from server (NotFound): pods \"\(name)\" not found in namespace \"\(namespace)\"\n")
                return 1
            }
            pod = found
        }
        if let container = parsed.flags["-c"] ?? parsed.flags["--container"],
           container != (simulator.workload(of: pod).map(KubernetesObjects.containerName) ?? pod.name) {
            context.err("error: container \(container) is not valid for pod \(pod.name)\n")
            return 1
        }
        if let waiting = waiting(pod, simulator: simulator) {
            context.err("Error from server (BadRequest): \(waiting)\n")
            return 1
        }
        var shown = lines(pod, simulator: simulator)
        if tail >= 0 { shown = Array(shown.suffix(tail)) }
        context.out(render(shown, timestamps: timestamps, simulator: simulator))
        guard follow else { return 0 }
        // Following: new lines as the clock brings them, until the container is gone.
        var printed = lines(pod, simulator: simulator).count
        while let current = simulator.pod(namespace: pod.namespace, name: pod.name) {
            let now = lines(current, simulator: simulator)
            if now.count > printed {
                context.out(render(Array(now[printed...]), timestamps: timestamps, simulator: simulator))
                printed = now.count
            }
            guard context.sleep(.seconds(1)) else { return 130 }
        }
        return 0
    }
}
