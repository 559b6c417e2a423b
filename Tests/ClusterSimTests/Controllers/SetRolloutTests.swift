import Testing
@testable import ClusterSim

/// The DaemonSet and StatefulSet controllers' rolling-update decisions.
@Suite struct SetRolloutTests {
    typealias P = SetRollout.PodState

    @Test func aDaemonSetReplacesAsManyReadyPodsAsItsUnavailabilityAllows() {
        let pods = (1...4).map { P(id: $0, current: false, ready: true, terminating: false) }
        #expect(SetRollout.daemonSetDeletions(desired: 4, pods: pods, strategy: .standard) == [1])
        #expect(SetRollout.daemonSetDeletions(desired: 4, pods: pods, strategy: .rollingUpdate(maxUnavailable: .percent(50), partition: 0)) == [1, 2])
        // One node already without a ready pod: the budget of one is spent.
        var waiting = pods
        waiting[0] = P(id: 1, current: true, ready: false, terminating: false)
        #expect(SetRollout.daemonSetDeletions(desired: 4, pods: waiting, strategy: .standard).isEmpty)
        // Old pods that are not ready go regardless.
        waiting[1].ready = false
        #expect(SetRollout.daemonSetDeletions(desired: 4, pods: waiting, strategy: .standard) == [2])
        #expect(SetRollout.daemonSetDeletions(desired: 4, pods: pods, strategy: .onDelete).isEmpty)
    }

    @Test func aStatefulSetReplacesOnePodAtATimeFromTheTopOrdinalDownToThePartition() {
        let pods = (0..<3).map { P(id: $0 + 10, current: false, ready: true, terminating: false, ordinal: $0) }
        #expect(SetRollout.statefulSetDeletion(replicas: 3, pods: pods, strategy: .standard) == 12)
        var moving = pods
        moving[2] = P(id: 13, current: true, ready: false, terminating: false, ordinal: 2)
        #expect(SetRollout.statefulSetDeletion(replicas: 3, pods: moving, strategy: .standard) == nil)
        moving[2].ready = true
        #expect(SetRollout.statefulSetDeletion(replicas: 3, pods: moving, strategy: .standard) == 11)
        #expect(SetRollout.statefulSetDeletion(replicas: 3, pods: moving, strategy: .rollingUpdate(maxUnavailable: .count(1), partition: 2)) == nil)
        #expect(SetRollout.statefulSetDeletion(replicas: 3, pods: pods, strategy: .onDelete) == nil)
    }
}
