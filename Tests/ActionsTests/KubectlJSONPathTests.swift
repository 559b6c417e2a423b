import Testing
import ClusterSim
import JSON
@testable import Actions

/// kubectl's JSONPath templates and custom columns, on documents shaped like its objects.
@Suite struct KubectlJSONPathTests {
    static let document = try! JSONParser.parse("""
        {"kind": "List", "items": [
          {"metadata": {"name": "a", "labels": {"topology.kubernetes.io/zone": "us-west-2a", "team": "blue"}},
           "spec": {"taints": [{"key": "k", "effect": "NoSchedule"}]}, "status": {"phase": "Running", "count": 3}},
          {"metadata": {"name": "b", "labels": {"topology.kubernetes.io/zone": "us-west-2b"}},
           "spec": {}, "status": {"phase": "Pending", "count": 1}}
        ]}
        """)

    static func run(_ template: String) throws -> String { try KubectlJSONPath(template).execute(document) }

    @Test func fieldsWildcardsAndResultsSeparatedBySpaces() throws {
        #expect(try Self.run("{.items[*].metadata.name}") == "a b")
        #expect(try Self.run("{.kind}") == "List")
        #expect(try Self.run("names: {.items[*].metadata.name}!") == "names: a b!")
        #expect(try Self.run("{$.items[0].status.count}") == "3")
    }

    @Test func indexesSlicesAndUnions() throws {
        #expect(try Self.run("{.items[1].metadata.name}") == "b")
        #expect(try Self.run("{.items[-1].metadata.name}") == "b")
        #expect(try Self.run("{.items[0:1].metadata.name}") == "a")
        #expect(try Self.run("{.items[*]['metadata.name', 'status.phase']}") == "")  // quoted keys are literal keys
        #expect(try Self.run("{.items[0].metadata['name']}") == "a")
        // A union takes each member over all the input in turn, as client-go does.
        #expect(try Self.run("{.items[*].status['phase','count']}") == "Running Pending 3 1")
    }

    @Test func escapedDotsNameOneKey() throws {
        #expect(try Self.run(#"{.items[*].metadata.labels.topology\.kubernetes\.io/zone}"#) == "us-west-2a us-west-2b")
        #expect(try Self.run(#"{.items[0].metadata.labels['topology.kubernetes.io/zone']}"#) == "us-west-2a")
    }

    @Test func filtersCompareAndTestExistence() throws {
        #expect(try Self.run(#"{.items[?(@.status.phase=="Running")].metadata.name}"#) == "a")
        #expect(try Self.run(#"{.items[?(@.status.count>1)].metadata.name}"#) == "a")
        #expect(try Self.run(#"{.items[?(@.spec.taints)].metadata.name}"#) == "a")
        #expect(try Self.run(#"{.items[?(@.status.phase!='Running')].metadata.name}"#) == "b")
    }

    @Test func rangeRepeatsItsBodyAndQuotedTextIsEscaped() throws {
        #expect(try Self.run(#"{range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\n"}{end}"#) == "a\tRunning\nb\tPending\n")
    }

    @Test func mapsAndListsPrintAsCompactJSONWithSortedKeys() throws {
        #expect(try Self.run("{.items[0].metadata.labels}") == #"{"team":"blue","topology.kubernetes.io/zone":"us-west-2a"}"#)
        #expect(try Self.run("{.items[0].spec.taints}") == #"[{"effect":"NoSchedule","key":"k"}]"#)
    }

    @Test func missingKeysGiveNothingAndRecursionFindsEveryLevel() throws {
        #expect(try Self.run("{.items[*].nope}") == "")
        #expect(try Self.run("{..phase}") == "Running Pending")
    }

    @Test func malformedTemplatesAreErrors() {
        #expect(throws: KubectlJSONPath.ParseError.self) { try KubectlJSONPath("{.items[0") }
        #expect(throws: KubectlJSONPath.ParseError.self) { try KubectlJSONPath("{.items") }
        #expect(throws: KubectlJSONPath.ParseError.self) { try KubectlJSONPath("{range .items[*]}{.a}").execute(Self.document) }
    }

    @Test func customColumnsShowNoneAndJoinSeveralValues() throws {
        let columns = try KubectlCustomColumns("NAME:.metadata.name,TAINTS:.spec.taints[*].key,ZONE:{.metadata.labels.topology\\.kubernetes\\.io/zone}")
        guard case .object(let pairs) = Self.document, case .array(let items)? = pairs.first(where: { $0.key == "items" })?.value else {
            Issue.record("document")
            return
        }
        #expect(columns.headers == ["NAME", "TAINTS", "ZONE"])
        #expect(columns.rows(items) == [["a", "k", "us-west-2a"], ["b", "<none>", "us-west-2b"]])
        #expect(throws: KubectlJSONPath.ParseError.self) { try KubectlCustomColumns("NAME") }
    }

    @Test func kubectlGetUsesThemOnTheSimulatedCluster() {
        let session = Session(simulator: Simulator(scenario: .default))
        let names = session.run("kubectl get nodes -o jsonpath='{.items[*].metadata.name}'")
        #expect(names.status == 0)
        #expect(names.stdout.split(separator: " ").count == 3 && !names.stdout.hasSuffix("\n"))
        let table = session.run("kubectl get nodes -o custom-columns=NAME:.metadata.name,VERSION:.status.nodeInfo.kubeletVersion")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("NAME") && lines[0].contains("   VERSION"))
        let attached = session.run("kubectl get nodes -ojsonpath={.items[0].kind}")
        #expect(attached.stdout == "Node")
        let bad = session.run("kubectl get nodes -o custom-columns=NAME")
        #expect(bad.status == 1 && bad.stderr.hasPrefix("error: "))
    }
}
