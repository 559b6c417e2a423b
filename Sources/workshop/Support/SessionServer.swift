import ClusterSim
import Foundation
import Runner
import WireServer

/// `workshop run --serve`: the lesson session's own cluster on the real wire, for k9s or a script in
/// a second terminal, through the session's lease (the session keeps its clock; the server answers
/// between its steps).
enum SessionServer {
    struct Lent: SharedSimulator {
        let lease: SimulatorLease
        func withSimulator<T, E: Error>(_ body: (Simulator) throws(E) -> T) throws(E) -> T { try lease.withSimulator(body) }
    }

    /// The cluster of the lesson being tested (`workshop test --serve`): each lesson's in turn.
    final class Relay: SharedSimulator, @unchecked Sendable {
        // @unchecked: `current` is read and written under `lock`.
        private let lock = NSLock()
        private var current: SimulatorLease

        init(_ first: SimulatorLease) { current = first }

        func follow(_ lease: SimulatorLease) {
            lock.lock()
            current = lease
            lock.unlock()
        }

        func withSimulator<T, E: Error>(_ body: (Simulator) throws(E) -> T) throws(E) -> T {
            lock.lock()
            let lease = current
            lock.unlock()
            return try lease.withSimulator(body)
        }
    }

    /// Starts serving and returns once the port is bound and the variables are written (or after 10 s).
    static func start(lease: SimulatorLease, region: String, clusterName: String, environment: [String: String]) -> Task<Void, Never> {
        start(cluster: Lent(lease: lease), region: region, clusterName: clusterName, environment: environment)
    }

    static func start(cluster: any SharedSimulator, region: String, clusterName: String, environment: [String: String]) -> Task<Void, Never> {
        let server = WireServer(host: SimulationHost(shared: cluster), region: region)
        let directory = ServeEnvironment.defaultStateDirectory(environment: environment)
        let ready = DispatchSemaphore(value: 0)
        let task = Task.detached {
            do {
                try await server.run { port in
                    let variables = ServeEnvironment(address: "127.0.0.1", port: port, region: region, clusterName: clusterName,
                                                     token: nil, stateDirectory: directory)
                    do {
                        try variables.write(to: directory)
                        Console.error("The lesson's cluster is served on \(variables.endpoint): in another terminal, eval \"$(workshop serve --env)\" and use aws, kubectl, k9s or boto3 on it.")
                    } catch {
                        Console.error("The lesson's cluster is served on \(variables.endpoint), but \(directory) could not be written (\(error.localizedDescription)); set:\n\(variables.exportLines)")
                    }
                    ready.signal()
                }
            } catch {
                Console.error("workshop run --serve: could not serve the cluster (\(error)); the lesson goes on without it.")
                ready.signal()
            }
        }
        _ = ready.wait(timeout: .now() + 10)
        return task
    }
}
