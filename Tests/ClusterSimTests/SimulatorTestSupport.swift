@testable import ClusterSim

extension Simulator {
    /// Runs the clock until `update` is no longer in progress (at most an hour) and returns its final record.
    func finish(_ update: EKSUpdate) throws -> EKSUpdate {
        run(until: { (try? self.describeUpdate(cluster: update.clusterName, updateId: update.id))?.status != .inProgress },
            limit: .minutes(60))
        return try describeUpdate(cluster: update.clusterName, updateId: update.id)
    }
}
