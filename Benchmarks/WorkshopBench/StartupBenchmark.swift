import Foundation

/// Issue goal: start to first prompt ≤ 30 ms (release build). Measured as `workshop run` reading
/// `:quit` from a pipe (it prints the lesson, then exits at the first prompt), beside
/// `workshop --version` and, when installed, `kubectl version --client`.
enum StartupBenchmark {
    /// Median wall time of launching `executable` to its exit, with posix_spawn (Foundation's
    /// Process adds tens of milliseconds of its own, which would swamp the figure).
    static func time(_ executable: String, _ arguments: [String], stdin: String = "", environment: [String: String] = [:],
                     runs: Int = 21) -> Double? {
        guard FileManager.default.isExecutableFile(atPath: executable) else { return nil }
        let inputPath = NSTemporaryDirectory() + "workshop-bench-stdin-\(getpid())"
        FileManager.default.createFile(atPath: inputPath, contents: Data(stdin.utf8))
        defer { try? FileManager.default.removeItem(atPath: inputPath) }
        var samples: [Double] = []
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        for _ in 0..<runs {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            let argv = ([executable] + arguments).map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid: pid_t = 0
            let start = Measure.now()
            guard posix_spawn(&pid, executable, &actions, nil, argv, envp) == 0 else { return nil }
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            samples.append(Double(Measure.now() - start) / 1e9)
            posix_spawn_file_actions_destroy(&actions)
        }
        samples.sort()
        return samples[samples.count / 2]
    }

    static func run() {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("workshop").path
        print("startup (median of 21 process launches):")
        guard let shell = time(binary, ["run"], stdin: ":quit\n") else {
            print("  workshop not built in release (make bench builds it)")
            return
        }
        print(String(format: "  workshop run, lesson shown, first prompt   %7.1f ms  (goal ≤ 30 ms: %@)", shell * 1000, shell <= 0.030 ? "met" : "NOT met"))
        if let version = time(binary, ["--version"]) { print(String(format: "  workshop --version                         %7.1f ms", version * 1000)) }
        let kubectl = ["/usr/local/bin/kubectl", "/usr/bin/kubectl", "/usr/lib/google-cloud-sdk/bin/kubectl"].first { FileManager.default.isExecutableFile(atPath: $0) }
        if let kubectl, let k = time(kubectl, ["version", "--client"]) {
            print(String(format: "  kubectl version --client                   %7.1f ms  (ratio %.2f×)", k * 1000, shell / k))
        } else {
            print("  kubectl version --client: kubectl is not installed here, so no side-by-side figure")
        }
    }
}
