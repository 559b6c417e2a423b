import Foundation
import ClusterSim

/// A scenario YAML file, loaded and (when it loads) turned into a cluster.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzScenario(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    guard let scenario = try? ScenarioLoader.parse(text, file: "fuzz.yaml") else { return 0 }
    // Building the cluster is bounded: the loader caps node and pod counts.
    _ = Simulator(scenario: scenario, seed: 1).nodeList()
    return 0
}

// libFuzzer's driver, started from our own main (SwiftPM names an executable's entry point itself).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzScenario))
