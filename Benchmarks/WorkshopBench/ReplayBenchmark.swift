import Foundation

/// Issue goal: replaying a 10-minute transcript at maximum speed (`replay --cat`) ≤ 50 ms, beside
/// `asciinema cat` on the same file (`make bench` installs asciinema from PyPI when it can).
enum ReplayBenchmark {
    static func run() {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("workshop").path
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        // The reference transcript of the AMI upgrade: a 30-minute simulated session (the watch runs its limit).
        let cast = root + "/transcripts/upgrade-ami.cast"
        guard let text = try? String(contentsOfFile: cast, encoding: .utf8) else {
            print("replay: \(cast) is missing (make transcripts)")
            return
        }
        let lastTime = text.split(separator: "\n").last.flatMap { $0.dropFirst().split(separator: ",").first }.flatMap { Double($0) } ?? 0
        print(String(format: "replay --cat of transcripts/upgrade-ami.cast (%.0f minutes recorded, %d events, median of 21 launches):",
                     lastTime / 60, text.split(separator: "\n").count - 1))
        guard let ours = StartupBenchmark.time(binary, ["replay", "--cat", cast]) else {
            print("  workshop not built in release (make bench builds it)")
            return
        }
        print(String(format: "  workshop replay --cat                      %7.1f ms  (goal ≤ 50 ms: %@)", ours * 1000, ours <= 0.050 ? "met" : "NOT met"))
        let candidates = ["/usr/local/bin/asciinema", "/usr/bin/asciinema", NSHomeDirectory() + "/.local/bin/asciinema", "/root/.pyenv/shims/asciinema"]
            + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/asciinema" }
        if let asciinema = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }),
           let theirs = StartupBenchmark.time(asciinema, ["cat", cast]) {
            print(String(format: "  asciinema cat                              %7.1f ms  (ratio %.2f×, %.1f× faster)", theirs * 1000, ours / theirs, theirs / ours))
        } else {
            print("  asciinema cat: asciinema is not installed (pip install asciinema), so no side-by-side figure")
        }
    }
}
