import Testing
import ClusterSim
import JSON
@testable import Actions

/// `aws eks list-addons`, `describe-addon`, `describe-addon-versions`, `update-addon` and
/// `wait addon-active` as a participant runs them.
@Suite struct AddonCommandsTests {
    @Test func theAddOnsAndTheirVersionsAreListed() throws {
        let session = Session(simulator: Simulator(scenario: .default))
        #expect(session.run("aws eks list-addons --cluster-name eks-workshop --output text").stdout
                == "ADDONS\tcoredns\nADDONS\teks-pod-identity-agent\nADDONS\tkube-proxy\nADDONS\tvpc-cni\n")
        let addon = try JSONParser.parse(session.run("aws eks describe-addon --cluster-name eks-workshop --addon-name kube-proxy").stdout)
        guard case .object(let fields)? = addon["addon"] else { Issue.record("no addon"); return }
        #expect(fields.map(\.key) == ["addonName", "clusterName", "status", "addonVersion", "health", "addonArn", "createdAt", "modifiedAt", "tags"])
        // The version made for 1.34 that a participant looks up before updating.
        let query = "addons[0].addonVersions[?compatibilities[?defaultVersion]].addonVersion | [0]"
        #expect(session.run("aws eks describe-addon-versions --kubernetes-version 1.34 --addon-name kube-proxy --query '\(query)' --output text").stdout
                == "v1.34.0-eksbuild.2\n")
        #expect(session.run("aws eks describe-addon-versions --kubernetes-version 1.34 --addon-name nope --query addons --output json").stdout == "[]\n")
        let missing = session.run("aws eks describe-addon --cluster-name eks-workshop --addon-name aws-ebs-csi-driver")
        #expect(missing.status == 255)
        #expect(missing.stderr == "\nAn error occurred (ResourceNotFoundException) when calling the DescribeAddon operation: No addon: aws-ebs-csi-driver found in cluster: eks-workshop\n")
    }

    @Test func anUpdateRunsUntilTheWaiterSeesTheAddOnActive() throws {
        let simulator = Simulator(scenario: .default)
        let session = Session(simulator: simulator)
        let started = session.run("aws eks update-addon --cluster-name eks-workshop --addon-name vpc-cni --addon-version v1.20.1-eksbuild.1 --resolve-conflicts PRESERVE --query update.[type,status] --output text")
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stdout == "AddonUpdate\tInProgress\n")
        #expect(session.run("aws eks describe-addon --cluster-name eks-workshop --addon-name vpc-cni --query addon.status --output text").stdout == "UPDATING\n")
        let refused = session.run("aws eks update-addon --cluster-name eks-workshop --addon-name vpc-cni --addon-version v1.20.1-eksbuild.1")
        #expect(refused.status == 255)
        #expect(refused.stderr.contains("(ResourceInUseException) when calling the UpdateAddon operation: Cannot AddonUpdate because addon vpc-cni currently has update "))
        let wait = session.run("aws eks wait addon-active --cluster-name eks-workshop --addon-name vpc-cni")
        #expect(wait.status == 0 && wait.stderr.isEmpty)
        // The waiter polls every 10 seconds from an immediate first call.
        #expect(simulator.now.milliseconds % 10_000 == 0)
        #expect(session.run("aws eks describe-addon --cluster-name eks-workshop --addon-name vpc-cni --query addon.[status,addonVersion] --output text").stdout
                == "ACTIVE\tv1.20.1-eksbuild.1\n")
        let id = session.run("aws eks list-updates --name eks-workshop --addon-name vpc-cni --query updateIds[0] --output text").stdout.dropLast()
        #expect(session.run("aws eks describe-update --name eks-workshop --update-id \(id) --addon-name vpc-cni --query update.status --output text").stdout == "Successful\n")
    }

    @Test func aVersionNotMadeForTheClusterIsRefused() {
        let session = Session(simulator: Simulator(scenario: .default))
        let refused = session.run("aws eks update-addon --cluster-name eks-workshop --addon-name kube-proxy --addon-version v1.34.0-eksbuild.2")
        #expect(refused.status == 255)
        #expect(refused.stderr == "\nAn error occurred (InvalidParameterException) when calling the UpdateAddon operation: Addon version specified is not supported\n")
    }

    @Test func eksctlUpdatesAnAddOnAndWaitsForIt() {
        let simulator = Simulator(scenario: .default)
        let session = Session(simulator: simulator)
        let result = session.run("eksctl update addon --name vpc-cni --cluster eks-workshop --version latest")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == "2025-11-20 09:00:00 [ℹ]  Kubernetes version \"1.33\" in use by cluster \"eks-workshop\"")
        #expect(lines[1] == "2025-11-20 09:00:00 [ℹ]  new version provided v1.20.1-eksbuild.1")
        #expect(lines[2] == "2025-11-20 09:00:00 [ℹ]  updating addon")
        #expect(lines[3].hasSuffix(" [ℹ]  addon \"vpc-cni\" active"))
        #expect((try? simulator.describeAddon(cluster: "eks-workshop", addon: "vpc-cni"))?.version == "v1.20.1-eksbuild.1")
        let same = session.run("eksctl update addon --name coredns --cluster eks-workshop")
        #expect(same.stderr.contains("[ℹ]  no new version provided, preserving existing version: v1.12.1-eksbuild.2\n"))
        let unknown = session.run("eksctl update addon --name kube-proxy --cluster eks-workshop --version v1.34.0-eksbuild.2")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasSuffix("Error: failed to fetch addon version: no version(s) found matching \"v1.34.0-eksbuild.2\" for \"kube-proxy\"\n"))
    }
}
