import Foundation
import Testing
import ClusterSim
@testable import Actions

/// Every command of the bundled lessons runs natively on the simulated cluster.
@Suite struct BundledLessonTests {
    static let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("lessons/mng-upgrades")

    /// The `$ ` commands of a lesson file, as the markdown-sh reading runs them (test=false blocks skipped).
    static func commands(_ file: String) throws -> [String] {
        let text = try String(contentsOf: lessons.appendingPathComponent(file), encoding: .utf8)
        var commands: [String] = []
        var inBlock = false
        var skip = false
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inBlock.toggle()
                skip = inBlock && line.contains("test=false")
                if let c = current { commands.append(c); current = nil }
                continue
            }
            guard inBlock, !skip else { continue }
            if let c = current {
                current = c + "\n" + line
                if !line.hasSuffix("\\") { commands.append(current!); current = nil }
            } else if line.hasPrefix("$ ") {
                let command = String(line.dropFirst(2))
                if command.hasSuffix("\\") { current = command } else { commands.append(command) }
            }
        }
        return commands
    }

    @Test(arguments: ["upgrade-ami.md", "upgrade-with-eksctl.md", "pdb-blocks-drain.md", "tune-update-config.md", "find-amis.md"])
    func everyCommandRunsNatively(file: String) throws {
        let session = Session(simulator: Simulator(scenario: .default))
        let commands = try Self.commands(file)
        #expect(commands.count >= 3)
        for command in commands {
            let result = session.run(command)
            #expect(result.status == 0, "\(command)\n\(result.stderr)")
        }
        if file != "find-amis.md" {
            let latest = session.simulator.catalog.latestRelease(family: .al2023x86, kubernetesVersion: "1.33")!
            #expect(try session.simulator.describeNodegroup(cluster: "eks-workshop", nodegroup: "default").releaseVersion == latest.releaseVersion)
        }
    }
}
