@testable import Actions
import ClusterSim
import Foundation
import Testing
import WireServer

/// The real `aws` (awscli v1) against `workshop serve`, compared byte for byte with the native action
/// on the same state — every output format and a few queries for every operation the native `aws`
/// runs, at rest and in the middle of an upgrade, errors included. Skipped when `aws` is not installed.
@Suite(.serialized) struct AwscliDifferentialTests {
    static let operations: [[String]] = [
        ["ssm", "get-parameter", "--name", "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id"],
        ["ssm", "get-parameters", "--names", "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id", "/nope"],
        ["ssm", "get-parameters-by-path", "--path", "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended"],
        ["eks", "describe-cluster", "--name", "eks-workshop"],
        ["eks", "list-clusters"],
        ["eks", "list-nodegroups", "--cluster-name", "eks-workshop"],
        ["eks", "describe-nodegroup", "--cluster-name", "eks-workshop", "--nodegroup-name", "default"],
        ["eks", "list-updates", "--name", "eks-workshop", "--nodegroup-name", "default"],
        ["eks", "list-updates", "--name", "eks-workshop"],
        ["eks", "list-addons", "--cluster-name", "eks-workshop"],
        ["eks", "list-insights", "--cluster-name", "eks-workshop"],
        ["eks", "list-insights", "--cluster-name", "eks-workshop", "--filter", "statuses=ERROR,WARNING"],
        ["eks", "describe-addon", "--cluster-name", "eks-workshop", "--addon-name", "coredns"],
        ["eks", "describe-addon-versions", "--kubernetes-version", "1.33", "--addon-name", "kube-proxy"],
        ["eks", "describe-addon-versions", "--addon-name", "coredns"],
        ["eks", "describe-addon-versions", "--addon-name", "aws-ebs-csi-driver"],
        ["eks", "describe-addon-versions", "--kubernetes-version", "1.34", "--types", "security", "networking"],
        ["ec2", "describe-instances"],
        ["ec2", "describe-instances", "--filters", "Name=tag:eks:nodegroup-name,Values=default", "Name=instance-state-name,Values=running"],
        ["autoscaling", "describe-auto-scaling-groups"],
    ]

    static let queries: [String: [String]] = [
        "get-parameter": ["Parameter.Value", "Parameter.[Name,Value,Version]"],
        "get-parameters": ["Parameters[*].[Name,Value]", "InvalidParameters"],
        "get-parameters-by-path": ["Parameters[].Name", "length(Parameters)"],
        "describe-cluster": ["cluster.version", "cluster.resourcesVpcConfig"],
        "list-clusters": ["clusters[0]"],
        "list-nodegroups": ["nodegroups"],
        "describe-nodegroup": ["nodegroup.releaseVersion", "nodegroup.[status,scalingConfig]", "nodegroup.scalingConfig"],
        "list-updates": ["updateIds"],
        "list-addons": ["addons"],
        "list-insights": ["insights[].[name,insightStatus.status]"],
        "describe-addon": ["addon.[addonName,addonVersion,status]"],
        "describe-addon-versions": ["addons[].addonVersions[?compatibilities[?defaultVersion]].addonVersion", "addons[0].addonVersions[0].compatibilities"],
        "describe-instances": ["Reservations[].Instances[].[InstanceId,State.Name,LaunchTime]", "length(Reservations)"],
        "describe-auto-scaling-groups": ["AutoScalingGroups[].[AutoScalingGroupName,DesiredCapacity,length(Instances)]"],
    ]

    /// Errors each protocol reports its own way; the CLI must print what the native action prints.
    static let failures: [[String]] = [
        ["eks", "describe-nodegroup", "--cluster-name", "eks-workshop", "--nodegroup-name", "missing"],
        ["eks", "describe-cluster", "--name", "nope"],
        ["eks", "describe-update", "--name", "eks-workshop", "--update-id", "no-such-update"],
        ["ssm", "get-parameter", "--name", "/no/such/parameter"],
        ["ec2", "describe-instances", "--instance-ids", "i-00000000000000000"],
        ["eks", "update-cluster-version", "--name", "eks-workshop", "--kubernetes-version", "1.35"],
        ["eks", "update-cluster-version", "--name", "eks-workshop", "--kubernetes-version", "1.33"],
        ["eks", "describe-addon", "--cluster-name", "eks-workshop", "--addon-name", "aws-ebs-csi-driver"],
        ["eks", "update-addon", "--cluster-name", "eks-workshop", "--addon-name", "kube-proxy", "--addon-version", "v1.34.0-eksbuild.2"],
        ["eks", "update-addon", "--cluster-name", "eks-workshop", "--addon-name", "kube-proxy", "--resolve-conflicts", "SOMETIMES"],
        ["eks", "create-addon", "--cluster-name", "eks-workshop", "--addon-name", "no-such-addon"],
        ["eks", "create-addon", "--cluster-name", "eks-workshop", "--addon-name", "aws-ebs-csi-driver", "--addon-version", "v0.1.0-eksbuild.1"],
        ["eks", "create-addon", "--cluster-name", "eks-workshop", "--addon-name", "coredns"],
        ["eks", "delete-addon", "--cluster-name", "eks-workshop", "--addon-name", "aws-ebs-csi-driver"],
    ]

    static func cases(_ operations: [[String]]) -> [[String]] {
        operations.flatMap { op -> [[String]] in
            ["json", "text", "table"].flatMap { output in
                [op + ["--output", output]] + (queries[op[1]] ?? []).map { op + ["--output", output, "--query", $0] }
            }
        }
    }

    @Test func thereAreEnoughCombinations() { #expect(Self.cases(Self.operations).count >= 60) }

    func compare(_ served: ServedCluster, _ arguments: [String]) async {
        let native = served.native(["aws"] + arguments)
        let real = await served.real(["aws"] + arguments)
        #expect(real.status == native.status, "\(arguments)\nreal stderr: \(real.stderr)")
        #expect(real.stdout == native.stdout, "\(arguments)\nreal:\n\(real.stdout)\nnative:\n\(native.stdout)")
        if native.status != 0 { #expect(real.stderr == native.stderr, "\(arguments)") }
    }

    @Test(.enabled(if: RealClient.aws != nil, "awscli is not installed: `pip install awscli` (make test installs it)"))
    func realAwscliPrintsWhatTheNativeActionPrintsAtRest() async throws {
        let served = try await ServedCluster()
        for arguments in Self.cases(Self.operations) + Self.failures { await compare(served, arguments) }
    }

    @Test(.enabled(if: RealClient.aws != nil, "awscli is not installed: `pip install awscli` (make test installs it)"))
    func realAwscliPrintsWhatTheNativeActionPrintsMidUpgrade() async throws {
        let served = try await ServedCluster(prepare: { simulator in
            _ = try? simulator.updateNodegroupVersion(cluster: "eks-workshop", nodegroup: "default")
            simulator.advance(by: .seconds(300))
        })
        let update = served.native(["aws", "eks", "list-updates", "--name", "eks-workshop", "--nodegroup-name", "default",
                                    "--query", "updateIds[0]", "--output", "text"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let describe = ["eks", "describe-update", "--name", "eks-workshop", "--update-id", update, "--nodegroup-name", "default"]
        for arguments in Self.cases(Self.operations) + [describe, describe + ["--output", "table"], describe + ["--output", "text"]] {
            await compare(served, arguments)
        }
        // A second update while one runs: refused with EKS's error, the same both ways.
        await compare(served, ["eks", "update-nodegroup-version", "--cluster-name", "eks-workshop", "--nodegroup-name", "default"])
    }

    @Test(.enabled(if: RealClient.aws != nil, "awscli is not installed: `pip install awscli` (make test installs it)"))
    func realAwscliPrintsWhatTheNativeActionPrintsWhileTheControlPlaneMoves() async throws {
        let served = try await ServedCluster(prepare: { simulator in
            _ = try? simulator.updateClusterVersion(cluster: "eks-workshop", version: "1.34")
            simulator.advance(by: .seconds(120))
        })
        let update = served.native(["aws", "eks", "list-updates", "--name", "eks-workshop", "--query", "updateIds[0]", "--output", "text"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(update.count == 36)
        let describe = ["eks", "describe-update", "--name", "eks-workshop", "--update-id", update]
        let cluster = ["eks", "describe-cluster", "--name", "eks-workshop"]
        for arguments in [describe, describe + ["--output", "table"], describe + ["--output", "text"], cluster, cluster + ["--output", "text"],
                          ["eks", "list-updates", "--name", "eks-workshop"],
                          // A second cluster update while one runs: refused the same both ways.
                          ["eks", "update-cluster-version", "--name", "eks-workshop", "--kubernetes-version", "1.34"]] {
            await compare(served, arguments)
        }
    }

    @Test(.enabled(if: RealClient.aws != nil, "awscli is not installed: `pip install awscli` (make test installs it)"))
    func aControlPlaneUpdateStartedByTheRealCLIEndsAndTheWaiterSeesIt() async throws {
        // 600×: the update's 7–9 simulated minutes pass within the waiter's first 30-second pause.
        let served = try await ServedCluster(speed: .factor(600))
        let started = await served.real(["aws", "eks", "update-cluster-version", "--name", "eks-workshop", "--kubernetes-version", "1.34",
                                         "--query", "update.[status,type,params[0].value]", "--output", "text"])
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stdout == "InProgress\tVersionUpdate\t1.34\n")
        let wait = await served.real(["aws", "eks", "wait", "cluster-active", "--name", "eks-workshop"], timeout: 120)
        #expect(wait.status == 0, "\(wait.stderr)")
        let version = await served.real(["aws", "eks", "describe-cluster", "--name", "eks-workshop", "--query", "cluster.[status,version]", "--output", "text"])
        #expect(version.stdout == "ACTIVE\t1.34\n")
    }

    @Test(.enabled(if: RealClient.aws != nil, "awscli is not installed: `pip install awscli` (make test installs it)"))
    func anAddOnUpdateStartedByTheRealCLIRollsAndTheWaiterSeesItEnd() async throws {
        // 60×: the add-on's apply and three pods (about two simulated minutes) pass within the
        // waiter's 10-second pauses.
        let served = try await ServedCluster(speed: .factor(60))
        let started = await served.real(["aws", "eks", "update-addon", "--cluster-name", "eks-workshop", "--addon-name", "kube-proxy",
                                         "--addon-version", "v1.33.3-eksbuild.4", "--resolve-conflicts", "OVERWRITE",
                                         "--query", "update.[status,type,params[].value]", "--output", "text"])
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stdout == "InProgress\tAddonUpdate\nv1.33.3-eksbuild.4\tOVERWRITE\n")
        let id = served.native(["aws", "eks", "list-updates", "--name", "eks-workshop", "--addon-name", "kube-proxy", "--query", "updateIds[0]",
                                "--output", "text"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        await compare(served, ["eks", "describe-update", "--name", "eks-workshop", "--update-id", id, "--addon-name", "kube-proxy"])
        let wait = await served.real(["aws", "eks", "wait", "addon-active", "--cluster-name", "eks-workshop", "--addon-name", "kube-proxy"], timeout: 120)
        #expect(wait.status == 0, "\(wait.stderr)")
        let addon = await served.real(["aws", "eks", "describe-addon", "--cluster-name", "eks-workshop", "--addon-name", "kube-proxy",
                                       "--query", "addon.[status,addonVersion]", "--output", "text"])
        #expect(addon.stdout == "ACTIVE\tv1.33.3-eksbuild.4\n")
    }

    @Test(.enabled(if: RealClient.aws != nil, "awscli is not installed: `pip install awscli` (make test installs it)"))
    func anAddOnCreatedByTheRealCLIBecomesActiveAndIsDeletedAgain() async throws {
        let served = try await ServedCluster(speed: .factor(60))
        let created = await served.real(["aws", "eks", "create-addon", "--cluster-name", "eks-workshop", "--addon-name", "aws-ebs-csi-driver",
                                         "--service-account-role-arn", "arn:aws:iam::123456789012:role/ebs", "--tags", "team=storage",
                                         "--query", "addon.[status,addonVersion,serviceAccountRoleArn,tags.team]", "--output", "text"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout == "CREATING\tv1.46.0-eksbuild.1\tarn:aws:iam::123456789012:role/ebs\tstorage\n")
        // A second one is refused the same way both ways.
        await compare(served, ["eks", "create-addon", "--cluster-name", "eks-workshop", "--addon-name", "aws-ebs-csi-driver"])
        let active = await served.real(["aws", "eks", "wait", "addon-active", "--cluster-name", "eks-workshop", "--addon-name", "aws-ebs-csi-driver"],
                                       timeout: 120)
        #expect(active.status == 0, "\(active.stderr)")
        await compare(served, ["eks", "describe-addon", "--cluster-name", "eks-workshop", "--addon-name", "aws-ebs-csi-driver"])
        let deleting = await served.real(["aws", "eks", "delete-addon", "--cluster-name", "eks-workshop", "--addon-name", "aws-ebs-csi-driver",
                                          "--query", "addon.status", "--output", "text"])
        #expect(deleting.stdout == "DELETING\n", "\(deleting.stderr)")
        let gone = await served.real(["aws", "eks", "wait", "addon-deleted", "--cluster-name", "eks-workshop", "--addon-name", "aws-ebs-csi-driver"],
                                     timeout: 120)
        #expect(gone.status == 0, "\(gone.stderr)")
        await compare(served, ["eks", "list-addons", "--cluster-name", "eks-workshop"])
    }

    @Test(.enabled(if: RealClient.aws != nil, "awscli is not installed: `pip install awscli` (make test installs it)"))
    func insightsThatBlockTheMoveReadTheSameBothWays() async throws {
        var scenario = Scenario.default
        scenario.kubernetesVersion = "1.32"
        let served = try await ServedCluster(scenario: scenario)
        let id = served.native(["aws", "eks", "list-insights", "--cluster-name", "eks-workshop", "--filter", "statuses=ERROR",
                                "--query", "insights[0].id", "--output", "text"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 36)
        for output in ["json", "text", "table"] {
            await compare(served, ["eks", "describe-insight", "--cluster-name", "eks-workshop", "--id", id, "--output", output])
            await compare(served, ["eks", "list-insights", "--cluster-name", "eks-workshop", "--output", output])
        }
        await compare(served, ["eks", "update-cluster-version", "--name", "eks-workshop", "--kubernetes-version", "1.33"])
        await compare(served, ["eks", "describe-insight", "--cluster-name", "eks-workshop", "--id", "00000000-0000-0000-0000-000000000000"])
    }

    @Test(.enabled(if: RealClient.aws != nil, "awscli is not installed: `pip install awscli` (make test installs it)"))
    func updatesThroughTheWireReachTheSameSimulator() async throws {
        let served = try await ServedCluster()
        let started = await served.real(["aws", "eks", "update-nodegroup-version", "--cluster-name", "eks-workshop", "--nodegroup-name", "default",
                                   "--query", "update.[status,type]", "--output", "text"])
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stdout == "InProgress\tVersionUpdate\n")
        #expect(served.native(["aws", "eks", "describe-nodegroup", "--cluster-name", "eks-workshop", "--nodegroup-name", "default",
                               "--query", "nodegroup.status", "--output", "text"]).stdout == "UPDATING\n")
        let config = await served.real(["aws", "eks", "update-nodegroup-config", "--cluster-name", "eks-workshop", "--nodegroup-name", "other",
                                  "--scaling-config", "minSize=1,maxSize=4,desiredSize=3"])
        #expect(config.status == 255)
        #expect(config.stderr.contains("An error occurred (ResourceNotFoundException) when calling the UpdateNodegroupConfig operation"), "\(config.stderr)")
    }
}
