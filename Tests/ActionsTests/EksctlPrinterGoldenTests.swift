import Testing
@testable import Actions

/// eksctl's table printer against eksctl's own byte-exact goldens (its `pkg/printers/testdata`,
/// compared there with `Equal`): no eksctl binary runs here, so these are the real tool's words.
@Suite struct EksctlPrinterGoldenTests {
    @Test func tablesMatchEksctlsGoldens() {
        // tabletest_single.golden: a NAME/ARN table of one cluster.
        #expect(EksctlOutput.table(header: ["NAME", "ARN"], rows: [["test-cluster", "arn-12345678"]])
                == "NAME\t\tARN\ntest-cluster\tarn-12345678\n")
        // tabletest_2clusters.golden: two clusters, rows sorted.
        #expect(EksctlOutput.table(header: ["NAME", "ARN"], rows: [["test-cluster-2", "arn-87654321"], ["test-cluster-1", "arn-12345678"]])
                == "NAME\t\tARN\ntest-cluster-1\tarn-12345678\ntest-cluster-2\tarn-87654321\n")
    }

    @Test func anEmptyListSaysSo() {
        // tabletest_emptyslice.golden, through `eksctl get cluster` in a region without clusters.
        let s = Session(simulator: .init(scenario: .default))
        let result = s.run("eksctl get cluster --region eu-north-1")
        #expect(result.stdout == "No clusters found\n")
        #expect(result.status == 0)
    }
}

extension EksctlPrinterGoldenTests {
    /// `-o json|yaml` of the region's clusters print eksctl's `cluster.Description` (Name, Region,
    /// Owned): JSON indented four spaces with no final newline, YAML through sigs.k8s.io/yaml; an
    /// empty list is `[]` (the printers replace an empty slice), never `null`.
    @Test func clusterListsInJSONAndYAML() {
        let s = Session(simulator: .init(scenario: .default))
        let json = s.run("eksctl get cluster -o json")
        #expect(json.status == 0)
        #expect(json.stdout == "[\n    {\n        \"Name\": \"eks-workshop\",\n        \"Region\": \"us-west-2\",\n        \"Owned\": \"False\"\n    }\n]")
        let yaml = s.run("eksctl get cluster -o yaml")
        #expect(yaml.stdout == "- Name: eks-workshop\n  Owned: \"False\"\n  Region: us-west-2\n")
        #expect(s.run("eksctl get cluster --region eu-north-1 -o json").stdout == "[]")
        #expect(s.run("eksctl get cluster --region eu-north-1 -o yaml").stdout == "[]\n")
        let named = s.run("eksctl get cluster --name eks-workshop -o json")
        #expect(named.status == Session.unavailableStatus)
    }
}
