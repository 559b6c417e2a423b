// `make bench`: each benchmark prints its figures beside a baseline measured in the same run.
// `workshop-bench NAME…` runs only the named ones (lessons, cluster, observe, startup, actions, bridge, replay, test, serve, objects).
// `workshop-bench soak [COUNT]` runs the soak alone (`make soak`); it is never part of the default set.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "soak" {
    let count = arguments.dropFirst().first.flatMap { Int($0) } ?? 10_000
    exit(SoakBenchmark.run(count: count) ? 0 : 1)
}
let selected = Set(arguments)
func wanted(_ name: String) -> Bool { selected.isEmpty || selected.contains(name) }

print("Workshop benchmarks (release build, one core, median of 15 runs where repeated)")
if wanted("lessons") { try LessonParsingBenchmark.run() }
if wanted("cluster") { try ClusterSimBenchmark.run() }
if wanted("observe") { try ObservationBenchmark.run() }
if wanted("startup") { StartupBenchmark.run() }
if wanted("actions") { ActionsBenchmark.run() }
if wanted("bridge") { BridgeBenchmark.run() }
if wanted("replay") { ReplayBenchmark.run() }
if wanted("test") { TestModeBenchmark.run() }
if wanted("serve") { try await ServeBenchmark.run() }
if wanted("objects") { try ObjectsBenchmark.run() }
print(String(format: "peak RSS: %.1f MB", Measure.peakRSSMegabytes()))
