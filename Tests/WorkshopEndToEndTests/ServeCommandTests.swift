import Foundation
import Testing

/// `workshop serve` as a user runs it: the binary in the background, then the real `aws`, `kubectl`
/// and a boto3 script in a shell set up by `workshop serve --env`. Tests whose client is missing are
/// reported as skipped.
@Suite(.serialized) struct ServeCommandTests {
    /// A running `workshop serve` and the variables it wrote.
    final class Server {
        let process = Process()
        let directory = NSTemporaryDirectory() + "workshop-serve-e2e-\(UUID().uuidString)"
        var environment: [String: String] = [:]
        var firstLines = ""

        init(_ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: WorkshopBinary.path)
            process.arguments = ["serve", "--state-dir", directory] + arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The export lines come once it listens.
            var text = ""
            let handle = out.fileHandleForReading
            while !text.contains("KUBECACHEDIR") {
                let data = handle.availableData
                guard !data.isEmpty else { break }
                text += String(decoding: data, as: UTF8.self)
            }
            firstLines = text
            let env = try WorkshopBinary.run(["serve", "--env", "--state-dir", directory])
            environment = ServeCommandTests.exports(env.stdout)
            environment["HOME"] = directory
            environment["AWS_CONFIG_FILE"] = directory + "/none"
            environment["AWS_SHARED_CREDENTIALS_FILE"] = directory + "/none"
            environment["AWS_PAGER"] = ""
        }

        func run(_ program: String, _ arguments: [String]) throws -> WorkshopBinary.Result {
            try WorkshopBinary.runProgram(Self.which(program)!, arguments, environment: environment)
        }

        /// Starts a client in the background (a watch), its output collected in a file.
        func start(_ program: String, _ arguments: [String]) throws -> (Process, String) {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: Self.which(program)!)
            child.arguments = arguments
            child.environment = ProcessInfo.processInfo.environment.merging(environment) { _, ours in ours }
            let file = directory + "/\(program)-\(UUID().uuidString).out"
            FileManager.default.createFile(atPath: file, contents: nil)
            child.standardOutput = FileHandle(forWritingAtPath: file)
            child.standardError = FileHandle.nullDevice
            try child.run()
            return (child, file)
        }

        static func which(_ program: String) -> String? {
            let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/local/bin:/usr/bin:/root/.pyenv/shims"
            return path.split(separator: ":").map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }

        deinit {
            process.interrupt()
            process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// The variables of `export NAME='value'` lines, as a shell would set them.
    static func exports(_ text: String) -> [String: String] {
        var variables: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst(7)
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            variables[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...]).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        }
        return variables
    }

    static let hasAWS = Server.which("aws") != nil
    static let hasKubectl = Server.which("kubectl") != nil
    static let hasBoto3 = Server.which("python3").map { (try? WorkshopBinary.runProgram($0, ["-c", "import boto3"]).status) == 0 } ?? false

    @Test func itPrintsWhatAShellNeedsAndEnvReadsItBack() throws {
        let server = try Server(["--speed", "paused"])
        #expect(server.firstLines.contains("export AWS_ENDPOINT_URL='http://127.0.0.1:"))
        #expect(server.environment["AWS_REGION"] == "us-west-2")
        #expect(server.environment["KUBECONFIG"] == server.directory + "/kubeconfig")
        let kubeconfig = try String(contentsOfFile: server.directory + "/kubeconfig", encoding: .utf8)
        #expect(kubeconfig.contains("server: " + server.environment["AWS_ENDPOINT_URL"]!))
    }

    @Test func envWithoutAServerSaysHowToStartOne() throws {
        let result = try WorkshopBinary.run(["serve", "--env", "--state-dir", NSTemporaryDirectory() + "no-server-\(UUID().uuidString)"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("start one with `workshop serve`"))
    }

    @Test(.enabled(if: hasAWS && hasKubectl, "needs the real aws (pip install awscli) and kubectl"))
    func theRealClientsWatchAnUpgradeHappen() throws {
        let server = try Server(["--speed", "120"])
        let before = try server.run("kubectl", ["get", "nodes", "-o", "name"]).stdout
        let (watch, file) = try server.start("kubectl", ["get", "nodes", "--watch"])
        defer { watch.terminate() }
        let update = try server.run("aws", ["eks", "update-nodegroup-version", "--cluster-name", "eks-workshop", "--nodegroup-name", "default",
                                            "--query", "update.status", "--output", "text"])
        #expect(update.stdout == "InProgress\n", "\(update.stderr)")
        // The real waiter polls DescribeNodegroup every 30 s and returns once the update has ended.
        let wait = try server.run("aws", ["eks", "wait", "nodegroup-active", "--cluster-name", "eks-workshop", "--nodegroup-name", "default"])
        #expect(wait.status == 0, "\(wait.stderr)")
        let status = try server.run("aws", ["eks", "describe-nodegroup", "--cluster-name", "eks-workshop", "--nodegroup-name", "default",
                                            "--query", "nodegroup.status", "--output", "text"])
        #expect(status.stdout == "ACTIVE\n")
        Thread.sleep(forTimeInterval: 0.5)
        watch.terminate()
        let watched = try String(contentsOfFile: file, encoding: .utf8)
        let after = try server.run("kubectl", ["get", "nodes", "-o", "name"]).stdout
        let old = before.split(separator: "\n").map { String($0.dropFirst(5)) }
        let new = after.split(separator: "\n").map { String($0.dropFirst(5)) }
        #expect(Set(old).isDisjoint(with: new), "every node was replaced")
        for node in new { #expect(watched.contains(node), "the watch showed \(node) join") }
        for node in old {
            #expect(watched.split(separator: "\n").contains { $0.hasPrefix(node) && $0.contains("NotReady,SchedulingDisabled") }, "the watch showed \(node) go")
        }
    }

    @Test(.enabled(if: hasBoto3, "needs boto3 (pip install boto3; make test installs it)"))
    func aBoto3ScriptWaitsForTheUpdateWithTheNodegroupActiveWaiter() throws {
        let server = try Server(["--speed", "300"])
        let script = """
            import boto3
            eks = boto3.client("eks")
            update = eks.update_nodegroup_version(clusterName="eks-workshop", nodegroupName="default")["update"]
            print(update["status"], update["type"])
            eks.get_waiter("nodegroup_active").wait(clusterName="eks-workshop", nodegroupName="default", WaiterConfig={"Delay": 1, "MaxAttempts": 120})
            done = eks.describe_update(name="eks-workshop", nodegroupName="default", updateId=update["id"])["update"]
            print(done["status"], eks.describe_nodegroup(clusterName="eks-workshop", nodegroupName="default")["nodegroup"]["status"])
            """
        let result = try server.run("python3", ["-c", script])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "InProgress VersionUpdate\nSuccessful ACTIVE\n")
    }

    @Test(.enabled(if: hasKubectl, "needs kubectl"))
    func theRealDrainIsRefusedWhileABudgetBlocksItAndSucceedsAfter() throws {
        let scenario = WorkshopBinary.repositoryRoot + "/Tests/Fixtures/serve/two-nodes-one-budget.yaml"
        let server = try Server(["--speed", "20", "--scenario", scenario])
        let pods = try server.run("kubectl", ["get", "pods", "-n", "shop", "-o", "custom-columns=NODE:.spec.nodeName", "--no-headers"]).stdout
        let node = try #require(pods.split(separator: "\n").first.map(String.init))
        let drain = try server.run("kubectl", ["drain", node, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=60s"])
        #expect(drain.status == 0, "\(drain.stderr)")
        #expect(drain.stderr.contains("(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget."), "\(drain.stderr)")
        #expect(drain.stdout.hasSuffix("node/\(node) drained\n"), "\(drain.stdout)")
        let left = try server.run("kubectl", ["get", "pods", "-n", "shop", "--field-selector", "spec.nodeName=\(node)", "-o", "name"])
        #expect(left.stdout.isEmpty)
    }

    @Test(.enabled(if: hasAWS, "needs the real aws (pip install awscli)"))
    func withATokenOnlyClientsThatPresentItGetIn() throws {
        let server = try Server(["--speed", "paused", "--token", "lesson-42"])
        #expect(server.environment["AWS_ACCESS_KEY_ID"] == "lesson-42")
        #expect(try server.run("aws", ["eks", "list-clusters", "--output", "text"]).stdout == "CLUSTERS\teks-workshop\n")
        var wrong = server.environment
        wrong["AWS_ACCESS_KEY_ID"] = "someone-else"
        let refused = try WorkshopBinary.runProgram(Server.which("aws")!, ["eks", "list-clusters"], environment: wrong)
        #expect(refused.status == 255)
        #expect(refused.stderr.contains("An error occurred (UnrecognizedClientException) when calling the ListClusters operation: The security token included in the request is invalid."))
    }

    /// `workshop run --serve`: a second terminal's real `aws` and `kubectl` reach the very cluster the
    /// lesson is working on, while the guided shell waits at its prompt and after it has run a line.
    @Test(.enabled(if: hasAWS, "needs the real aws (pip install awscli)"))
    func theGuidedShellServesItsOwnCluster() throws {
        let state = NSTemporaryDirectory() + "workshop-run-serve-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: WorkshopBinary.path)
        process.arguments = ["run", "upgrade-ami", "--serve"]
        process.environment = ProcessInfo.processInfo.environment.merging(["XDG_STATE_HOME": state, "NO_COLOR": "1"]) { _, ours in ours }
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let envFile = state + "/workshop/serve/env"
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: envFile) { Thread.sleep(forTimeInterval: 0.1) }
        var environment: [String: String] = ["HOME": state, "AWS_CONFIG_FILE": state + "/none", "AWS_SHARED_CREDENTIALS_FILE": state + "/none"]
        environment.merge(Self.exports(try String(contentsOfFile: envFile, encoding: .utf8))) { _, exported in exported }
        let aws = Server.which("aws")!
        let before = try WorkshopBinary.runProgram(aws, ["eks", "list-updates", "--name", "eks-workshop", "--nodegroup-name", "default",
                                                         "--query", "length(updateIds)"], environment: environment)
        #expect(before.stdout == "0\n", "\(before.stderr)")
        // The lesson's shell starts an update; the second terminal sees it.
        input.fileHandleForWriting.write(Data("aws eks update-nodegroup-version --cluster-name eks-workshop --nodegroup-name default --query update.id --output text\n".utf8))
        var after = ""
        for _ in 0..<100 {
            after = try WorkshopBinary.runProgram(aws, ["eks", "list-updates", "--name", "eks-workshop", "--nodegroup-name", "default",
                                                        "--query", "length(updateIds)"], environment: environment).stdout
            if after == "1\n" { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(after == "1\n")
        let status = try WorkshopBinary.runProgram(aws, ["eks", "describe-nodegroup", "--cluster-name", "eks-workshop", "--nodegroup-name", "default",
                                                         "--query", "nodegroup.status", "--output", "text"], environment: environment)
        #expect(status.stdout == "UPDATING\n", "\(status.stderr)")
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// `workshop test --serve`: a block's boto3 script reaches the cluster the block's own `aws` is
    /// updating (the session lets go of the cluster while it waits for the block's bash).
    @Test(.enabled(if: hasBoto3, "needs boto3 (pip install boto3; make test installs it)"))
    func testModeServesTheLessonsCluster() throws {
        let state = NSTemporaryDirectory() + "workshop-test-serve-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let lesson = WorkshopBinary.repositoryRoot + "/Tests/Fixtures/serve/served-while-tested.md"
        let result = try WorkshopBinary.run(["test", lesson, "--serve"], environment: ["XDG_STATE_HOME": state])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("The lesson's cluster is served on http://127.0.0.1:"))
        let refused = try WorkshopBinary.run(["test", lesson, "--serve", "--jobs", "2"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("use it with --jobs 1"))
    }
}
