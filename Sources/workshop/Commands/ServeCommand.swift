import ArgumentParser
import ClusterSim
import Foundation
import WireServer

/// `workshop serve`: the simulated cluster on the real AWS and Kubernetes wire protocols, for the real
/// `aws`, `kubectl`, boto3, k9s and any other client.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a simulated EKS cluster to the real aws, kubectl, boto3 and other clients.",
        discussion: """
            Serves EKS, SSM, EC2 and Auto Scaling (as AWS's own protocols) and the Kubernetes API on one \
            port of 127.0.0.1, with the simulated clock running at --speed. It prints the variables a shell \
            needs and writes them to the state directory; in another terminal run
              eval "$(workshop serve --env)"
            then the real `aws eks update-nodegroup-version …` and `kubectl get nodes --watch`. Ctrl-C stops it.
            """
    )

    @Option(help: ArgumentHelp("A scenario YAML file (default: the workshop's cluster).", valueName: "file"))
    var scenario: String?

    @Option(help: "Seed for every random choice in the simulated cluster.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Simulated seconds per wall second: a number (30), realtime, max (the clock jumps to the next change whenever asked) or paused.", valueName: "speed"))
    var speed: String = "30"

    @Option(help: ArgumentHelp("Port to listen on; 0 picks a free one.", valueName: "port"))
    var port: Int = 0

    @Option(help: ArgumentHelp("Address to listen on instead of 127.0.0.1; needs --token (or makes one), which clients must send.", valueName: "address"))
    var listen: String?

    @Option(help: ArgumentHelp("The token clients must present (Kubernetes bearer token, AWS access key id).", valueName: "token"))
    var token: String?

    @Option(name: .customLong("state-dir"), help: ArgumentHelp("Where the env and kubeconfig files go (default: ~/.local/state/workshop/serve).", valueName: "dir"))
    var stateDirectory: String?

    @Flag(help: "Print the export lines of the running server (from the state directory) and exit.")
    var env = false

    func validate() throws {
        if ServeSpeed(speed) == nil { throw ValidationError("--speed must be a positive number (e.g. 30), realtime, max or paused") }
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if let token, token.isEmpty || token.contains(where: { $0.isWhitespace || $0 == "/" }) {
            throw ValidationError("--token must be non-empty, without spaces or '/' (it is also the AWS access key id)")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = stateDirectory ?? ServeEnvironment.defaultStateDirectory(environment: environment)
        if env {
            guard let text = try? String(contentsOfFile: directory + "/env", encoding: .utf8) else {
                Console.error("No server's variables in \(directory)/env: start one with `workshop serve` (in another terminal), then run this again.")
                throw ExitStatus.failure
            }
            print(text, terminator: "")
            return
        }
        var world = Scenario.default
        if let scenario {
            do {
                world = try ScenarioLoader.load(path: scenario)
            } catch {
                Console.error("\(error)")
                throw ExitStatus.unreadable
            }
        }
        let address = listen ?? "127.0.0.1"
        let isLoopback = address == "127.0.0.1" || address == "::1" || address == "localhost"
        var accessToken = token
        if !isLoopback && accessToken == nil {
            var generator = SystemRandomNumberGenerator()
            accessToken = (0..<24).map { _ in String("abcdefghijklmnopqrstuvwxyz0123456789".randomElement(using: &generator)!) }.joined()
        }
        let chosenToken = accessToken
        let host = SimulationHost(simulator: Simulator(scenario: world, seed: seed), speed: ServeSpeed(speed)!)
        let server = WireServer(host: host, region: world.region,
                                configuration: .init(address: address, port: port, access: AccessPolicy(token: accessToken)))
        let clusterName = world.clusterName
        let region = world.region
        let chosenSpeed = ServeSpeed(speed)!
        do {
            try await server.run { boundPort in
                let variables = ServeEnvironment(address: address, port: boundPort, region: region, clusterName: clusterName,
                                                 token: chosenToken, stateDirectory: directory)
                do {
                    try variables.write(to: directory)
                } catch {
                    Console.error("Could not write \(directory)/env and kubeconfig (\(error.localizedDescription)); use the lines below.")
                }
                Console.error("Serving the simulated cluster \(clusterName) (\(region)) on \(variables.endpoint), clock at \(chosenSpeed). Ctrl-C stops it.")
                Console.error("In another terminal:  eval \"$(workshop serve --env\(stateDirectory.map { " --state-dir \($0)" } ?? ""))\"   — or paste:")
                FileHandle.standardOutput.write(Data(variables.exportLines.utf8))
            }
        } catch {
            Console.error("workshop serve could not listen on \(address):\(port): \(error). Choose another --port (0 picks a free one).")
            throw ExitStatus.failure
        }
    }
}
