import Testing
import ClusterSim
@testable import Actions

/// `kubectl get TYPE --watch` for every type: the list, then one row per change as the clock runs,
/// aligned with the header, until the session's watch limit.
@Suite struct KubectlWatchTests {
    private func upgrading(watchLimit: SimTime = .minutes(15)) -> Session {
        let s = Session(simulator: Simulator(scenario: .default))
        s.watchLimit = watchLimit
        _ = s.run("aws eks update-nodegroup-version --cluster-name eks-workshop --nodegroup-name default")
        return s
    }

    private func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    /// The cells of a row as the tab writer separated them (runs of two or more spaces).
    private func cells(_ line: String) -> [String] {
        line.split(separator: "   ", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test func podsShowEvictionTerminationAndReplacements() {
        let s = upgrading()
        let start = s.simulator.now
        let before = Set(s.simulator.podList(namespace: "ui").map(\.name))
        let watch = s.run("kubectl get pods -n ui --watch")
        #expect(watch.status == 0)
        #expect(s.simulator.now - start == .minutes(15))
        let output = lines(watch.stdout)
        #expect(output.filter { $0.hasPrefix("NAME") }.count == 1, "one header")
        #expect(output[0].hasPrefix("NAME"))
        // The initial list: the two ui pods, Running.
        #expect(Set(output[1...2].map { cells($0)[0] }) == before)
        #expect(output[1...2].allSatisfy { $0.contains("Running") })
        // Each old pod is evicted (Terminating) and then deleted (its last row once more).
        for name in before {
            let rows = output.dropFirst(3).filter { cells($0)[0] == name }
            #expect(rows.count == 2, "\(name): \(rows)")
            #expect(rows.allSatisfy { cells($0)[2] == "Terminating" })
        }
        // Replacements appear, start, and run; none of the old ones is left.
        let after = Set(s.simulator.podList(namespace: "ui").map(\.name))
        #expect(after.isDisjoint(with: before))
        for name in after {
            let states = output.filter { cells($0)[0] == name }.map { cells($0)[2] }
            #expect(states == ["ContainerCreating", "Running"], "\(name): \(states)")
        }
        // Widths are kept: every STATUS cell starts in the header's STATUS column or a wider one set once.
        let statusColumn = output[0].range(of: "STATUS")!.lowerBound.utf16Offset(in: output[0])
        #expect(output.allSatisfy { $0.count > statusColumn })
    }

    @Test func deploymentsAndBudgetsShowStatusChanges() {
        let s = upgrading()
        let deployments = lines(s.run("kubectl get deployments -n ui -w").stdout)
        #expect(deployments.first == "NAME   READY   UP-TO-DATE   AVAILABLE   AGE")
        let ready = deployments.dropFirst().map { cells($0)[1] }
        #expect(ready.first == "2/2")
        #expect(ready.contains("1/2"), "a replica is replaced: \(ready)")
        #expect(ready.last == "2/2")
        #expect(zip(ready, ready.dropFirst()).allSatisfy { $0 != $1 }, "a row only when the status changes: \(ready)")

        let t = upgrading()
        let budgets = lines(t.run("kubectl get pdb -n ui --watch").stdout)
        #expect(budgets.first == "NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE")
        let allowed = budgets.dropFirst().map { cells($0)[3] }
        #expect(allowed.first == "1")
        #expect(allowed.contains("0"), "the budget blocks a second eviction while a pod is down: \(allowed)")
        #expect(allowed.last == "1")
    }

    @Test func eventsArriveAsTheyHappen() {
        let s = upgrading()
        let watch = s.run("kubectl get events -n ui --watch")
        let output = lines(watch.stdout)
        // Nothing happened in ui in the last hour: no list, and the header comes with the first event.
        #expect(output.first?.hasPrefix("LAST SEEN   TYPE") == true)
        #expect(output.filter { $0.hasPrefix("LAST SEEN") }.count == 1)
        let reasons = output.dropFirst().map { cells($0)[2] }
        for reason in ["Killing", "SuccessfulCreate", "Scheduled", "Pulled", "Created", "Started"] {
            #expect(reasons.contains(reason), "\(reason) in \(reasons)")
        }
        #expect(!watch.stderr.contains("No resources found"))
        // Each event is printed as it happens: seconds ago, not minutes.
        #expect(output.dropFirst().allSatisfy { cells($0)[0].hasSuffix("s") && !cells($0)[0].contains("m") })
    }

    @Test func watchOnlySkipsTheListAndNamedWatchesFollowOneObject() {
        let s = upgrading(), full = upgrading()
        let nodes = s.simulator.nodeList().count
        let only = lines(s.run("kubectl get nodes --watch-only").stdout)
        let both = lines(full.run("kubectl get nodes --watch").stdout)
        // The same changes without the list (columns are narrower: no old node set their widths).
        #expect(only.map(cells).first == both.map(cells).first)
        #expect(only.dropFirst().map(cells) == both.dropFirst(1 + nodes).map(cells))

        let t = upgrading()
        let pod = t.simulator.podList(namespace: "ui")[0].name
        let named = lines(t.run("kubectl get pod \(pod) -n ui -w").stdout)
        #expect(named.dropFirst().allSatisfy { cells($0)[0] == pod })
        #expect(named.count == 4, "list, Terminating, deleted: \(named)")

        let missing = t.run("kubectl get pod nope -n ui -w")
        #expect(missing.status == 1)
        #expect(missing.stderr == "Error from server (NotFound): pods \"nope\" not found\n")
    }

    @Test func anIdleClusterPrintsTheListOnceAndAStructuredWatchIsRefused() {
        let s = Session(simulator: Simulator(scenario: .default))
        s.watchLimit = .minutes(2)
        let idle = s.run("kubectl get deploy -A -w --no-headers")
        #expect(idle.status == 0)
        #expect(lines(idle.stdout).count == s.simulator.workloadList().filter { $0.kind == .deployment }.count)
        #expect(!idle.stdout.contains("NAME"))

        let json = s.run("kubectl get pods -w -o json")
        #expect(json.status == Session.unavailableStatus)
        #expect(json.stderr == "not available in the simulated cluster: kubectl get --watch -o json\n")
    }
}
