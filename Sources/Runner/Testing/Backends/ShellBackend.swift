import ClusterSim
import Foundation
import LessonKit

/// Runs a lesson's blocks in one persistent bash, with the real `aws`, `kubectl` and `eksctl` on
/// PATH against whatever cluster the user's credentials point at. `timeout=` is wall time; on
/// timeout the whole process group is killed.
final class ShellBackend: LessonBackend {
    let name = "shell"
    private var bash: ChildProcess?
    private let environment: [String: String]
    private let directory: String
    private let wall: WallClock
    private var blockNumber = 0
    private static let marker = "__WORKSHOP_BLOCK_DONE__"

    init(environment: [String: String], directory: String, wall: WallClock = SystemWallClock()) {
        self.environment = environment
        self.directory = directory
        self.wall = wall
    }

    var exportedEnvironment: [String: String] { environment }

    private func shell() throws(ChildProcessError) -> ChildProcess {
        if let bash { return bash }
        let started = try ChildProcess(arguments: ["/bin/bash", "--noprofile", "--norc"], environment: environment, directory: directory)
        bash = started
        return started
    }

    /// The block as bash runs it: each command in a brace group, later ones only if all before
    /// succeeded (the harness's `set -e`), then a marker line with the status.
    static func script(commands: [String], block: Int) -> String {
        var text = "__ws_status=0\n"
        for command in commands {
            text += "if [ $__ws_status -eq 0 ]; then\n{\n\(command)\n}\n__ws_status=$?\nfi\n"
        }
        text += "printf '\\n\(marker) %d %d\\n' \(block) \"$__ws_status\"\n"
        return text
    }

    func run(_ block: CodeBlock, reading: BlockReading, timeout: Int) -> BlockRun {
        blockNumber += 1
        let commands = reading.annotations.raw ? [String(block.literal)] : reading.steps.map { String($0.command) }
        let joined = commands.joined(separator: "\n")
        let process: ChildProcess
        do { process = try shell() } catch {
            return BlockRun(commands: [CommandRun(command: joined, status: 127, stdout: "", stderr: "\(error)\n")], status: 127,
                            timedOut: false, unsupported: nil, simulatedSeconds: 0)
        }
        process.write(Self.script(commands: commands, block: blockNumber))
        let needle = "\(Self.marker) \(blockNumber) "
        let started = wall.now()
        let read = process.read(until: { $0.contains(needle) }, deadline: started + Double(timeout), now: wall.now)
        if read.timedOut || read.ended {
            process.kill()
            _ = process.wait()
            bash = nil
            let status: Int32 = read.timedOut ? 137 : 1
            return BlockRun(commands: [CommandRun(command: joined, status: status, stdout: read.stdout, stderr: read.stderr)], status: status,
                            timedOut: read.timedOut, unsupported: nil, simulatedSeconds: 0)
        }
        var stdout = read.stdout
        var status: Int32 = 0
        if let range = stdout.range(of: "\n" + needle) ?? stdout.range(of: needle) {
            let tail = stdout[range.upperBound...]
            status = Int32(tail.prefix { $0.isNumber }) ?? 1
            stdout = String(stdout[..<range.lowerBound])
        }
        return BlockRun(commands: [CommandRun(command: joined, status: status, stdout: stdout, stderr: read.stderr)], status: status,
                        timedOut: false, unsupported: nil, simulatedSeconds: 0)
    }

    func pause(seconds: Int) {
        usleep(UInt32(min(seconds, 4000)) * 1_000_000)
    }

    func finish() {
        guard let bash else { return }
        bash.closeInput()
        _ = bash.read(until: { _ in false }, deadline: wall.now() + 5, now: wall.now)
        bash.kill()
        _ = bash.wait()
        self.bash = nil
    }
}
