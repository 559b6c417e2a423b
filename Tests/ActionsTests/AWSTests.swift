import Testing
import ClusterSim
import JMESPath
import JSON
@testable import Actions

@Suite struct AWSTests {
    let simulator = Simulator(scenario: .default)
    var s: Session { Session(simulator: simulator) }

    @Test func ssmGetParameterLikeTheLesson() {
        let session = s
        let latest = simulator.catalog.latestRelease(family: .al2023x86, kubernetesVersion: "1.33")!
        let result = session.run("aws ssm get-parameter --name /aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id --region $AWS_REGION --query \"Parameter.Value\" --output text")
        #expect(result.status == 0)
        #expect(result.stdout == latest.imageId + "\n")
        let json = session.run("aws ssm get-parameter --name /aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id")
        #expect(json.stdout.hasPrefix("{\n    \"Parameter\": {\n        \"Name\": \"/aws/service/eks/optimized-ami/1.33/"))
        #expect(json.stdout.contains("\"ARN\": \"arn:aws:ssm:us-west-2::parameter/aws/service/eks/"))
        let text = session.run("aws ssm get-parameter --name /aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id --output text")
        #expect(text.stdout.hasPrefix("PARAMETER\tarn:aws:ssm:us-west-2::parameter/aws/service/eks/"))
    }

    @Test func serviceErrorsAsAwscliPrintsThem() {
        let result = s.run("aws eks describe-nodegroup --cluster-name eks-workshop --nodegroup-name nope")
        #expect(result.status == 255)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "\nAn error occurred (ResourceNotFoundException) when calling the DescribeNodegroup operation: No node group found for name: nope.\n")
        let ssm = s.run("aws ssm get-parameter --name /nope")
        #expect(ssm.stderr == "\nAn error occurred (ParameterNotFound) when calling the GetParameter operation: Parameter /nope not found.\n")
    }

    @Test func argumentErrorsAsAwscliPrintsThem() {
        let missing = s.run("aws eks describe-nodegroup --cluster-name x")
        #expect(missing.status == 2)
        #expect(missing.stderr == AWSUsage.header + "aws: error: the following arguments are required: --nodegroup-name\n")
        let unknown = s.run("aws eks describe-cluster --name x --foo 1")
        #expect(unknown.status == 255)
        #expect(unknown.stderr.hasSuffix("\nUnknown options: --foo, 1\n"))
        let typo = s.run("aws eks wait nodegroup-actve --cluster-name a --nodegroup-name b")
        #expect(typo.status == 2)
        #expect(typo.stderr.hasSuffix("\n\nInvalid choice: 'nodegroup-actve', maybe you meant:\n\n  * nodegroup-active\n"))
        #expect(typo.stderr.contains("nodegroup-active                         | nodegroup-deleted                       \n"))
        let output = OutputStreams()
        let noRegionStatus = s.runProgram("aws", arguments: ["eks", "list-clusters"], environment: [:], output: output)
        let noRegion = CommandResult(stdout: output.stdout, stderr: output.stderr, status: noRegionStatus)
        #expect(noRegion.status == 255)
        #expect(noRegion.stderr == "You must specify a region. You can also configure your region by running \"aws configure\".\n")
        let unsupported = s.run("aws eks create-nodegroup --cluster-name x --nodegroup-name y")
        #expect(unsupported.status == 127)
    }

    @Test func updateThenWaitUntilActive() throws {
        let session = s
        let update = session.run("aws eks update-nodegroup-version --cluster-name $EKS_CLUSTER_NAME --nodegroup-name $EKS_DEFAULT_MNG_NAME")
        #expect(update.status == 0)
        let response = try JSONParser.parse(update.stdout)
        #expect(response["update"]?["status"] == .string("InProgress"))
        #expect(response["update"]?["type"] == .string("VersionUpdate"))
        guard case .object(let fields)? = response["update"] else { return }
        #expect(fields.map(\.key) == ["id", "status", "type", "params", "createdAt", "errors"])
        let again = session.run("aws eks update-nodegroup-version --cluster-name $EKS_CLUSTER_NAME --nodegroup-name $EKS_DEFAULT_MNG_NAME")
        #expect(again.status == 255)
        #expect(again.stderr.contains("An error occurred (ResourceInUseException) when calling the UpdateNodegroupVersion operation"))
        let wait = session.run("aws eks wait nodegroup-active --cluster-name $EKS_CLUSTER_NAME --nodegroup-name $EKS_DEFAULT_MNG_NAME")
        #expect(wait.status == 0)
        #expect(wait.stdout.isEmpty && wait.stderr.isEmpty)
        #expect(simulator.now >= .minutes(8))
        // Polls come every 30 s from the first (immediate) one.
        #expect(simulator.now.milliseconds % 30_000 == 0)
        let latest = simulator.catalog.latestRelease(family: .al2023x86, kubernetesVersion: "1.33")!
        #expect(session.run("aws eks describe-nodegroup --cluster-name $EKS_CLUSTER_NAME --nodegroup-name $EKS_DEFAULT_MNG_NAME --query nodegroup.releaseVersion --output text").stdout == latest.releaseVersion + "\n")
    }

    @Test func waiterFailsAtOnceOnAnUnmatchedError() {
        let result = s.run("aws eks wait nodegroup-active --cluster-name eks-workshop --nodegroup-name nope")
        #expect(result.status == 255)
        #expect(result.stderr == "\nWaiter NodegroupActive failed: An error occurred (ResourceNotFoundException): No node group found for name: nope.\n")
    }

    @Test func configUpdateWithShorthand() {
        let result = s.run("aws eks update-nodegroup-config --cluster-name eks-workshop --nodegroup-name default --scaling-config minSize=4,maxSize=6,desiredSize=4 --query update.type --output text")
        #expect(result.stdout == "ConfigUpdate\n")
        #expect(simulator.describeAutoScalingGroups().first?.desiredCapacity == 4)
    }
}
