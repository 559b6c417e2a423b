import Foundation

/// Wall-clock timing for benchmarks: run a body repeatedly, report the median.
enum Measure {
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Median seconds of `runs` runs after `warmup` unmeasured ones.
    static func median(runs: Int = 15, warmup: Int = 3, _ body: () throws -> Void) rethrows -> Double {
        for _ in 0..<warmup { try body() }
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = now()
            try body()
            samples.append(Double(now() - start) / 1e9)
        }
        samples.sort()
        return samples[samples.count / 2]
    }

    /// Median seconds of each body, measured in turns: each body runs `warmup` unmeasured and
    /// `runs` measured times, then the next, and the whole turn is taken `rounds` times. Figures
    /// compared as a ratio are so measured side by side: a slow stretch of the machine (another
    /// process, a frequency change) falls on all of them rather than on one. A body is never
    /// measured straight after another one (its warm-up runs come first), so one body's heap
    /// does not slow the next: interleaving single runs made the malloc-heavy baseline slower.
    static func alternatingMedians(rounds: Int = 3, runs: Int = 7, warmup: Int = 2,
                                   _ bodies: [() throws -> Void]) throws -> [Double] {
        var samples = Array(repeating: [Double](), count: bodies.count)
        for _ in 0..<rounds {
            for (index, body) in bodies.enumerated() {
                for _ in 0..<warmup { try body() }
                for _ in 0..<runs {
                    let start = now()
                    try body()
                    samples[index].append(Double(now() - start) / 1e9)
                }
            }
        }
        return samples.map { $0.sorted()[$0.count / 2] }
    }

    static func milliseconds(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }

    /// Peak resident set size of this process so far, in MB.
    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Resident set size right now, in MB (from /proc/self/statm; 0 where that is missing).
    static func currentRSSMegabytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}
