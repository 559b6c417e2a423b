import Testing
@testable import ClusterSim

@Suite struct ClockTests {
    @Test func calendarFormatsUTC() {
        #expect(SimCalendar.iso8601(epoch: 1_763_629_200) == "2025-11-20T09:00:00.000Z")
        #expect(SimCalendar.iso8601(epoch: 1_686_150_000.123) == "2023-06-07T15:00:00.123Z")
        #expect(SimCalendar.logTimestamp(epoch: 1_763_629_200) == "2025-11-20 09:00:00")
        #expect(SimCalendar.parseEpoch("2025-11-20T09:00:00Z") == 1_763_629_200)
        #expect(SimCalendar.parseEpoch("2024-02-29") == 1_709_164_800)
        #expect(SimCalendar.parseEpoch("yesterday") == nil)
    }

    @Test func durationsReadLikeATimeline() {
        #expect(SimTime.seconds(632).durationText == "10m32s")
        #expect(SimTime.seconds(600).durationText == "10m")
        #expect(SimTime.seconds(45).durationText == "45s")
        #expect(SimTime.seconds(3725).clockText == "1:02:05")
        #expect(SimTime.seconds(65).clockText == "01:05")
    }

    @Test func queueRunsByTimeThenInsertionOrder() {
        var queue = EventQueue<String>()
        queue.schedule("late", at: .seconds(10))
        queue.schedule("first", at: .seconds(1))
        queue.schedule("tie-a", at: .seconds(5))
        queue.schedule("tie-b", at: .seconds(5))
        var order: [String] = []
        while let (_, action) = queue.popNext() { order.append(action) }
        #expect(order == ["first", "tie-a", "tie-b", "late"])
    }

    final class FakeWall: WallClock {
        var seconds = 100.0
        func now() -> Double { seconds }
    }

    @Test func pacedClockRunsTheClusterAtTheSpeedFactor() throws {
        let simulator = Simulator(scenario: .default)
        let wall = FakeWall()
        let clock = PacedClock(simulator: simulator, wall: wall, speed: .factor(30))
        _ = try simulator.updateNodegroupVersion(cluster: "eks-workshop", nodegroup: "default")
        wall.seconds += 2
        clock.catchUp()
        #expect(simulator.now == .seconds(60))
        #expect(simulator.events.contains { $0.type == "phaseStarted" && $0.fields.first?.1 == .string("scale-up") })
        clock.setSpeed(.realtime)
        wall.seconds += 10
        clock.catchUp()
        #expect(simulator.now == .seconds(70))
        #expect(clock.wallSeconds(until: .seconds(100)) == 30)
        #expect(SimulationSpeed("30x") == .factor(30))
        #expect(SimulationSpeed("max") == .maximum)
        #expect(SimulationSpeed("realtime") == .realtime)
        #expect(SimulationSpeed("fast") == nil)
    }
}
