// `make bench`: each benchmark prints its figures beside a baseline measured in the same run.
import Foundation


print("Workshop benchmarks (release build, one core, median of 15 runs)")
try LessonParsingBenchmark.run()
print(String(format: "peak RSS: %.1f MB", Measure.peakRSSMegabytes()))
