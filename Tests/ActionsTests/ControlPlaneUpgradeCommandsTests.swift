import Testing
import ClusterSim
import JSON
@testable import Actions

/// `aws eks update-cluster-version`, `eksctl upgrade cluster` and `kubectl version` as a participant
/// meets them while the control plane moves.
@Suite struct ControlPlaneUpgradeCommandsTests {
    @Test func awsStartsTheUpdateAndTheWaiterReturnsWhenTheClusterIsActive() throws {
        let simulator = Simulator(scenario: .default)
        let session = Session(simulator: simulator)
        let update = session.run("aws eks update-cluster-version --name $EKS_CLUSTER_NAME --kubernetes-version 1.34")
        #expect(update.status == 0, "\(update.stderr)")
        let response = try JSONParser.parse(update.stdout)
        guard case .object(let fields)? = response["update"] else { Issue.record("no update in \(update.stdout)"); return }
        #expect(fields.map(\.key) == ["id", "status", "type", "params", "createdAt", "errors"])
        #expect(response["update"]?["type"] == .string("VersionUpdate"))
        guard case .array(let params)? = response["update"]?["params"] else { Issue.record("no params"); return }
        #expect(params.first?["value"] == .string("1.34"))
        #expect(session.run("aws eks describe-cluster --name eks-workshop --query cluster.status --output text").stdout == "UPDATING\n")
        // Cluster updates are listed without a node group name, and only there.
        let id = try #require(response["update"]?["id"]?.stringValue)
        #expect(session.run("aws eks list-updates --name eks-workshop --query updateIds --output text").stdout == id + "\n")
        #expect(session.run("aws eks list-updates --name eks-workshop --nodegroup-name default --query updateIds --output text").stdout == "")

        let again = session.run("aws eks update-cluster-version --name eks-workshop --kubernetes-version 1.34")
        #expect(again.status == 255)
        #expect(again.stderr == "\nAn error occurred (ResourceInUseException) when calling the UpdateClusterVersion operation: Cannot VersionUpdate because cluster eks-workshop currently has update \(id) in progress\n")

        let wait = session.run("aws eks wait cluster-active --name eks-workshop")
        #expect(wait.status == 0 && wait.stderr.isEmpty)
        #expect(session.run("aws eks describe-cluster --name eks-workshop --query cluster.version --output text").stdout == "1.34\n")
        #expect(session.run("aws eks describe-update --name eks-workshop --update-id \(id) --query update.status --output text").stdout == "Successful\n")
    }

    @Test func awsRefusesASkippedMinorVersionInEKSWords() {
        let session = Session(simulator: Simulator(scenario: .default))
        let skip = session.run("aws eks update-cluster-version --name eks-workshop --kubernetes-version 1.35")
        #expect(skip.status == 255)
        #expect(skip.stderr == "\nAn error occurred (InvalidParameterException) when calling the UpdateClusterVersion operation: Unsupported Kubernetes minor version update from 1.33 to 1.35\n")
        let missing = session.run("aws eks update-cluster-version --name eks-workshop")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("the following arguments are required: --kubernetes-version"))
    }

    @Test func eksctlPlansThenUpgradesAndSaysWhatIsLeft() {
        let simulator = Simulator(scenario: .default)
        let session = Session(simulator: simulator)
        let plan = session.run("eksctl upgrade cluster --name $EKS_CLUSTER_NAME")
        #expect(plan.status == 0)
        #expect(plan.stderr == """
            2025-11-20 09:00:00 [ℹ]  (plan) would upgrade cluster "eks-workshop" control plane from current version "1.33" to "1.34"
            2025-11-20 09:00:00 [!]  no changes were applied, run again with '--approve' to apply the changes

            """)
        #expect(simulator.events.isEmpty, "the plan changes nothing")

        let skip = session.run("eksctl upgrade cluster --name eks-workshop --version 1.35 --approve")
        #expect(skip.status == 1)
        #expect(skip.stderr == "Error: control plane version \"1.35\" is not supported\n")

        let approved = session.run("eksctl upgrade cluster eks-workshop --approve")
        #expect(approved.status == 0, "\(approved.stderr)")
        let lines = approved.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == "2025-11-20 09:00:00 [ℹ]  will upgrade cluster \"eks-workshop\" control plane from current version \"1.33\" to \"1.34\"")
        #expect(lines[1].hasSuffix(" [✔]  cluster \"eks-workshop\" control plane has been upgraded to version \"1.34\""))
        #expect(lines[2].hasSuffix(" [ℹ]  you will need to follow the upgrade procedure for all of nodegroups and add-ons"))
        #expect(simulator.cluster.version == "1.34")

        // 1.34 is the newest version the simulated catalog knows.
        let latest = session.run("eksctl upgrade cluster --name eks-workshop")
        #expect(latest.stderr.hasSuffix("[ℹ]  no cluster version update required\n"))
    }

    @Test func eksctlPassesOnEKSRefusalAsTheGoSDKWordsIt() {
        var scenario = Scenario.default
        scenario.kubernetesVersion = "1.32"
        let simulator = Simulator(scenario: scenario)
        let session = Session(simulator: simulator)
        let insights = session.run("eksctl upgrade cluster --name eks-workshop --approve")
        #expect(insights.status == 1)
        #expect(insights.stderr.hasSuffix(", InvalidStateException: Upgrade readiness issues detected. Call the EKS ListInsights API to view upgrade blocking issues detected by EKS. Pass the force flag to override upgrade readiness errors and proceed with upgrade.\n"))
        #expect(session.run("eksctl upgrade cluster --name eks-workshop --approve --force").status == 0)
        let blocked = session.run("eksctl upgrade cluster --name eks-workshop --approve")
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("[ℹ]  will upgrade cluster \"eks-workshop\" control plane from current version \"1.33\" to \"1.34\"\n"))
        #expect(blocked.stderr.contains("Error: operation error EKS: UpdateClusterVersion, https response error StatusCode: 400, RequestID: "))
        #expect(blocked.stderr.hasSuffix(", InvalidParameterException: Nodegroups default must be updated to match cluster version 1.33 before updating cluster version\n"))
    }

    @Test func eksctlUtilsPointsManagedAddOnsAtUpdateAddon() {
        let session = Session(simulator: Simulator(scenario: .default))
        for (verb, addon) in [("update-kube-proxy", "kube-proxy"), ("update-coredns", "coredns"), ("update-aws-node", "vpc-cni")] {
            let result = session.run("eksctl utils \(verb) --cluster eks-workshop --approve")
            #expect(result.status == 1)
            #expect(result.stderr == "Error: addon \(addon) is installed as a managed EKS addon; to update it, use `eksctl update addon` instead\n")
        }
        #expect(session.run("eksctl utils update-kube-proxy").stderr == "Error: --cluster must be set\n")
    }

    @Test func kubectlVersionFollowsTheAPIServersAndWarnsOnSkew() {
        let simulator = Simulator(scenario: .default)
        let session = Session(simulator: simulator)
        #expect(session.run("kubectl version").stdout.contains("Server Version: v1.33."))
        _ = session.run("aws eks update-cluster-version --name eks-workshop --kubernetes-version 1.34")
        simulator.run(until: { simulator.cluster.serverVersion == "1.34" }, limit: .minutes(30))
        let version = session.run("kubectl version")
        #expect(version.stdout.contains("Server Version: v1.34."))
        #expect(version.stderr == "WARNING: version difference between client (1.32) and server (1.34) exceeds the supported minor version skew of +/-1\n")
    }
}
