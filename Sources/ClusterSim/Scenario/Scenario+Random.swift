extension Scenario {
    /// Bounds for ``random(seed:bounds:)``: how large and varied a random scenario may be.
    public struct RandomBounds: Sendable {
        public var nodes: ClosedRange<Int>
        public var zones: ClosedRange<Int>
        public var podsPerNode: ClosedRange<Int>

        public init(nodes: ClosedRange<Int>, zones: ClosedRange<Int>, podsPerNode: ClosedRange<Int>) {
            self.nodes = nodes
            self.zones = zones
            self.podsPerNode = podsPerNode
        }

        /// What the invariant tests use: small groups, many of them.
        public static let small = RandomBounds(nodes: 1...12, zones: 1...4, podsPerNode: 0...8)
        /// What the soak uses: up to the EKS quota of 450 nodes and all six zones of a region.
        public static let soak = RandomBounds(nodes: 1...450, zones: 1...6, podsPerNode: 0...8)
    }

    /// A scenario drawn from `seed`: node count, zones, pods, a budget (or none), maxUnavailable as a
    /// count or a percentage, the default or minimal strategy, sometimes a fault; and whether the
    /// update is forced. The same seed always gives the same scenario.
    public static func random(seed: UInt64, bounds: RandomBounds = .small) -> (scenario: Scenario, force: Bool) {
        var g = SeededGenerator(seed: seed &* 7919)
        func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(g.next() % UInt64(range.count)) }
        let budgets: [BudgetSpec?] = [nil, .init(maxUnavailable: .count(1)), .init(maxUnavailable: .percent(50)),
                                      .init(minAvailable: .count(1)), .init(minAvailable: .percent(50))]
        let config = int(0...1) == 0 ? UpdateConfig(maxUnavailable: int(1...4)) : UpdateConfig(maxUnavailable: nil, maxUnavailablePercentage: int(10...60))
        var scenario = Scenario.synthetic(nodes: int(bounds.nodes), zones: int(bounds.zones), podsPerNode: int(bounds.podsPerNode),
                                          budget: budgets[int(0...4)], updateConfig: config)
        scenario.nodegroups[0].updateConfig.updateStrategy = int(0...3) == 0 ? .minimal : .default
        var faults: [Fault] = []
        if int(0...9) == 0 { faults.append(.pdbBlocks) }
        if int(0...14) == 0 { faults.append(.nodeJoinFailure) }
        if int(0...14) == 0 { faults.append(.noCapacity(availabilityZone: scenario.availabilityZones[0])) }
        scenario.faults = faults
        return (scenario, int(0...4) == 0)
    }
}
