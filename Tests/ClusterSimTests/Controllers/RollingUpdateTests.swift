import Testing
@testable import ClusterSim

/// The deployment controller's rollout: never more pods than the surge allows, never fewer
/// available than `maxUnavailable` allows, and every pod replaced in the end — whatever order pods
/// become ready in.
@Suite struct RollingUpdateTests {
    @Test func limitsRoundSurgeUpAndUnavailabilityDown() {
        #expect(RolloutStrategy.standard.limits(replicas: 4) == (1, 1))
        #expect(RolloutStrategy.standard.limits(replicas: 10) == (3, 2))
        #expect(RolloutStrategy.standard.limits(replicas: 1) == (1, 0))
        #expect(RolloutStrategy.rollingUpdate(maxSurge: .count(0), maxUnavailable: .percent(10)).limits(replicas: 3) == (0, 1))
    }

    @Test func aRolloutStartsWithOneSurgePodAndOneOldPodGoing() {
        let old = (1...4).map { RollingUpdate.PodState(id: $0, ready: true) }
        let step = RollingUpdate.step(replicas: 4, strategy: .standard, new: [], old: old)
        #expect(step.create == 1)
        #expect(step.delete == [4])
    }

    @Test func recreateDeletesEveryOldPodAndWaitsForThemToGo() {
        let old = (1...3).map { RollingUpdate.PodState(id: $0, ready: true) }
        #expect(RollingUpdate.step(replicas: 3, strategy: .recreate, new: [], old: old) == RollingUpdate.Step(create: 0, delete: [1, 2, 3]))
        #expect(RollingUpdate.step(replicas: 3, strategy: .recreate, new: [], old: [], oldTerminating: 3).create == 0)
        #expect(RollingUpdate.step(replicas: 3, strategy: .recreate, new: [], old: [], oldTerminating: 0).create == 3)
    }

    /// Runs a whole rollout, pods becoming ready in a seeded random order, checking the bounds at
    /// every moment.
    @Test(arguments: [(4, RolloutStrategy.standard), (10, .standard), (7, .rollingUpdate(maxSurge: .count(0), maxUnavailable: .count(2))),
                      (5, .rollingUpdate(maxSurge: .percent(100), maxUnavailable: .count(0))), (1, .standard)])
    func everyRolloutStaysInBoundsAndFinishes(replicas: Int, strategy: RolloutStrategy) {
        for seed in 1...20 {
            var generator = SeededGenerator(seed: UInt64(seed))
            var old = (0..<replicas).map { RollingUpdate.PodState(id: $0, ready: true) }
            var new: [RollingUpdate.PodState] = []
            var nextId = replicas
            let (surge, unavailable) = strategy.limits(replicas: replicas)
            var moves = 0
            while !(old.isEmpty && new.count == replicas && new.allSatisfy(\.ready)) {
                let step = RollingUpdate.step(replicas: replicas, strategy: strategy, new: new, old: old)
                for _ in 0..<step.create {
                    new.append(.init(id: nextId, ready: false))
                    nextId += 1
                }
                old.removeAll { step.delete.contains($0.id) }
                #expect(new.count + old.count <= replicas + surge, "seed \(seed): more pods than the surge allows")
                #expect((new + old).filter(\.ready).count >= replicas - unavailable, "seed \(seed): fewer available than allowed")
                if step.create == 0 && step.delete.isEmpty {
                    // Nothing to do until a new pod becomes ready.
                    let waiting = new.indices.filter { !new[$0].ready }
                    guard !waiting.isEmpty else {
                        Issue.record("seed \(seed): stuck with \(old.count) old and \(new.count) new pods")
                        return
                    }
                    new[waiting[Int(generator.next() % UInt64(waiting.count))]].ready = true
                }
                moves += 1
                if moves > 1000 { Issue.record("seed \(seed): no end"); return }
            }
        }
    }
}
