import Foundation
import Testing

/// `workshop run` with piped input: no prompt, no colour, every line processed.
@Suite struct RunCommandTests {
    @Test func pipedSessionRunsTheBundledLesson() throws {
        let input = "\n\n\n:skip\n\n\n:explain\naws eks describe-nodegroup --cluster-name eks-workshop --nodegroup-name default --query nodegroup.status --output text\n"
        let result = try WorkshopBinary.run(["run"], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Upgrade a node group to the latest AMI\n"))
        #expect(!result.stdout.contains("\u{1B}["))
        #expect(result.stdout.contains("Phase 4/4, scale down"))
        #expect(result.stdout.contains("is Successful"))
        #expect(result.stdout.hasSuffix("$ aws eks describe-nodegroup --cluster-name eks-workshop --nodegroup-name default --query nodegroup.status --output text\nACTIVE\n"))
    }

    @Test func noArgumentsMeansRun() throws {
        let result = try WorkshopBinary.run([], stdin: ":quit\n")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Upgrade a node group to the latest AMI\n"))
    }

    @Test func badSpeedIsAUsageError() throws {
        #expect(try WorkshopBinary.run(["run", "--speed", "fast"]).status == 2)
    }
}

@Suite struct ContinuationTests {
    @Test func backslashContinuesACommandOnTheNextLine() throws {
        let result = try WorkshopBinary.run(["run", "--narrate", "off"], stdin: "aws eks describe-cluster \\\n  --name eks-workshop --query cluster.status --output text\n")
        #expect(result.stdout.hasSuffix("$ aws eks describe-cluster \\\n  --name eks-workshop --query cluster.status --output text\nACTIVE\n"))
    }
}

/// The guided shell's lines run in bash: on the simulator with the session's clients, on a real
/// cluster with whatever `aws`, `kubectl` and `eksctl` the PATH holds.
@Suite struct GuidedBashTests {
    @Test(.enabled(if: WorkshopBinary.isInstalled("jq"), "jq is not installed (make test installs it)")) func typedLinesAreBashWithTheClusterBehindItsPrograms() throws {
        let result = try WorkshopBinary.run(["run", "find-amis"], stdin: """
            kubectl get nodes -o json | jq -M '.items | length'
            cd /; MINE=kept
            echo "$MINE in $PWD"
            for n in $(kubectl get nodes -o name | head -2); do echo "[$n]"; done | wc -l

            """)
        #expect(result.status == 0)
        #expect(result.stdout.contains("$ kubectl get nodes -o json | jq -M '.items | length'\n3\n"), "\(result.stdout)")
        #expect(result.stdout.contains("kept in /\n"))
        #expect(result.stdout.contains("| wc -l\n2\n"))
    }

    @Test func aRealClusterIsTheSameBashWithTheRealPrograms() throws {
        let directory = NSTemporaryDirectory() + "workshop-real-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Stands in for the real kubectl: whatever the PATH holds is what runs.
        try "#!/bin/sh\necho \"installed kubectl: $*\"\n".write(toFile: directory + "/kubectl", atomically: true, encoding: .utf8)
        chmod(directory + "/kubectl", 0o755)
        let result = try WorkshopBinary.run(["run", "find-amis", "--cluster", "real"], stdin: "kubectl get nodes\n:reset\n",
                                            environment: ["PATH": directory + ":/usr/bin:/bin"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("REAL CLUSTER: every block and line runs with your own aws, kubectl and eksctl"))
        #expect(result.stdout.contains("installed kubectl: get nodes\n"))
        #expect(result.stdout.contains(":reset makes a fresh simulated cluster; on a real cluster"))
        let usage = try WorkshopBinary.run(["run", "--cluster", "moon"])
        #expect(usage.status == 2)
    }

    @Test func theSessionLeavesNothingBehindAfterQuitOrSIGTERM() throws {
        let temporary = NSTemporaryDirectory() + "workshop-tmp-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        _ = try WorkshopBinary.run(["run", "find-amis"], stdin: "echo hi\n:quit\n", environment: ["TMPDIR": temporary])
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty, "a session left its directory after :quit")
        // SIGTERM while the shell waits for its next line (input is a pipe that stays open).
        let process = Process()
        process.executableURL = URL(fileURLWithPath: WorkshopBinary.path)
        process.arguments = ["run", "find-amis"]
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary]) { _, new in new }
        process.currentDirectoryURL = URL(fileURLWithPath: WorkshopBinary.repositoryRoot)
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("echo hi\n".utf8))
        usleep(1_500_000)
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        #expect(!process.isRunning, "SIGTERM did not end a shell waiting for input")
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationStatus == 143)
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty, "a session left its directory after SIGTERM")
    }

    @Test func credentialsInTheEnvironmentNeverReachARecording() throws {
        let directory = NSTemporaryDirectory() + "workshop-secret-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
        let result = try WorkshopBinary.run(["run", "find-amis", "--record", directory + "/s.cast"],
                                            stdin: "AWS_PROFILE=x aws eks list-clusters --query clusters --output text\n\n",
                                            environment: ["AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": "token-" + secret])
        #expect(result.status == 0)
        let steps = try String(contentsOfFile: directory + "/s.steps.jsonl", encoding: .utf8)
        #expect(steps.contains(#""kind":"call""#), "the calls are recorded")
        #expect(steps.contains(#""env":{"AWS_DEFAULT_REGION""#) || steps.contains(#""env":{"AWS_REGION""#))
        #expect(!steps.contains(secret), "a credential from the environment is in the step records")
        #expect(!(try String(contentsOfFile: directory + "/s.cast", encoding: .utf8)).contains(secret))
    }
}
