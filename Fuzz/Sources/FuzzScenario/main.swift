import FuzzDriver
import ClusterSim

/// A scenario YAML file, loaded and (when it loads) turned into a cluster.
// Also exported under the name libFuzzer links against.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzScenario(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    guard let scenario = try? ScenarioLoader.parse(text, file: "fuzz.yaml") else { return 0 }
    // Building the cluster is bounded: the loader caps node and pod counts.
    _ = Simulator(scenario: scenario, seed: 1).nodeList()
    return 0
}

runFuzzer(fuzzScenario)
