import Testing
import ClusterSim
import JSON
@testable import Actions

/// Deployments, events and describe as a participant meets them during an update, and eksctl's
/// get commands.
@Suite struct KubectlResourcesTests {
    /// A cluster in the middle of an update: new nodes, a cordoned old one, pods moving, events.
    static func midUpdate() -> Session {
        let session = Session(simulator: Simulator(scenario: .default))
        _ = session.run("aws eks update-nodegroup-version --cluster-name eks-workshop --nodegroup-name default")
        _ = session.run("sleep 1500")
        _ = session.run("kubectl cordon \(session.simulator.nodeList()[0].name)")
        _ = session.run("sleep 5")
        return session
    }

    @Test func deploymentsShowReadyOverDesiredAndWideAddsImages() {
        let s = Session(simulator: Simulator(scenario: .default))
        let table = s.run("kubectl get deployments -n ui")
        #expect(table.status == 0)
        #expect(table.stdout.hasPrefix("NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nui     2/2     2            2           "))
        let wide = s.run("kubectl get deploy -A -o wide")
        #expect(wide.stdout.split(separator: "\n")[0].hasSuffix("CONTAINERS       IMAGES                                                                        SELECTOR"))
        #expect(wide.stdout.contains("retail-store-sample-ui:1.2.1"))
        #expect(s.run("kubectl get deployments nope -n ui").stderr == "Error from server (NotFound): deployments.apps \"nope\" not found\n")
        #expect(s.run("kubectl get deployment -n nowhere").stderr == "No resources found in nowhere namespace.\n")
        #expect(s.run("kubectl get deployments -n ui -o name").stdout == "deployment.apps/ui\n")
    }

    @Test func eventsTellTheUpdateAndExpireAfterAnHour() {
        let s = Self.midUpdate()
        let events = s.run("kubectl get events -A")
        #expect(events.status == 0)
        let lines = events.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("NAMESPACE     LAST SEEN   TYPE     REASON"))
        #expect(lines.contains { $0.contains("RegisteredNode") && $0.contains("node/ip-") })
        #expect(lines.contains { $0.contains("Killing") && $0.contains("Stopping container") })
        #expect(lines.contains { $0.contains("Scheduled") && $0.contains("Successfully assigned") })
        let wide = s.run("kubectl get events -n default -o wide")
        #expect(wide.stdout.hasPrefix("LAST SEEN   TYPE     REASON"))
        #expect(wide.stdout.contains("kubelet, ip-"))
        _ = s.run("sleep 7200")
        let later = s.run("kubectl get events -A")
        #expect(!later.stdout.contains("RegisteredNode"), "events are gone an hour after they were last seen")
    }

    @Test func describeNodeShowsPodsResourcesAndEvents() {
        let s = Self.midUpdate()
        let node = s.simulator.nodeList().first { $0.unschedulable }!
        let page = s.run("kubectl describe node \(node.name)")
        #expect(page.status == 0)
        #expect(page.stdout.hasPrefix("Name:               \(node.name)\nRoles:              <none>\n"))
        #expect(page.stdout.contains("Unschedulable:      true\n"))
        #expect(page.stdout.contains("Non-terminated Pods:          (\(s.simulator.pods(onNode: node.name).count) in total)"))
        #expect(page.stdout.contains("  (Total limits may be over 100 percent, i.e., overcommitted.)\n"))
        #expect(page.stdout.contains("NodeNotSchedulable"))
        let all = s.run("kubectl describe nodes")
        #expect(all.stdout.components(separatedBy: "\n\n\nName:").count == s.simulator.nodeList().count)
        #expect(s.run("kubectl describe node nope").stderr == "Error from server (NotFound): nodes \"nope\" not found\n")
        #expect(s.run("kubectl describe svc x").stderr == "Error from server (NotFound): services \"x\" not found\n")
        #expect(s.run("kubectl describe ingress x").stderr == "Error from server (NotFound): ingresses.networking.k8s.io \"x\" not found\n")
        #expect(s.run("kubectl describe netpol x").stderr == "Error from server (NotFound): networkpolicies.networking.k8s.io \"x\" not found\n")
        #expect(s.run("kubectl describe pod x").stderr == "Error from server (NotFound): pods \"x\" not found\n")
    }

    @Test func labelSelectorsFilterEveryResource() throws {
        let s = Session(simulator: Simulator(scenario: .default))
        #expect(s.run("kubectl get pods -A -l app.kubernetes.io/name=ui -o name").stdout.split(separator: "\n").count == 2)
        #expect(s.run("kubectl get pods -A -l 'app.kubernetes.io/name in (ui,catalog)' --no-headers").stdout.split(separator: "\n").count == 4)
        #expect(s.run("kubectl get pods -A -l '!k8s-app,app.kubernetes.io/name!=ui' --no-headers").stdout.split(separator: "\n").count >= 8)
        #expect(s.run("kubectl get nodes -l eks.amazonaws.com/nodegroup=nope").stderr == "No resources found\n")
        #expect(s.run("kubectl get deployments -A -l app.kubernetes.io/name=carts -o name").stdout == "deployment.apps/carts\n")
        #expect(s.run("kubectl get pods -l 'a in b'").status == 1)
        let selector = try LabelSelector("a=1,b!=2,c,!d,e in (x, y),f notin (z)")
        #expect(selector.matches(["a": "1", "c": "", "e": "y"]))
        #expect(!selector.matches(["a": "1", "c": "", "e": "y", "d": "q"]))
        #expect(!selector.matches(["a": "1", "b": "2", "c": "", "e": "x"]))
    }

    @Test func quantitiesPrintInCanonicalForm() {
        let cases: [(String, String)] = [("1024Mi", "1Gi"), ("7864320Ki", "7680Mi"), ("2000m", "2"), ("1930m", "1930m"), ("18181869946", "18181869946"),
                                        ("0", "0"), ("512Mi", "512Mi"), ("2000", "2k"), ("1.5", "1500m"), ("1536Mi", "1536Mi")]
        for (text, canonical) in cases { #expect(KubernetesQuantity(text)?.description == canonical, "\(text)") }
        #expect((KubernetesQuantity("512Mi")! + KubernetesQuantity("512Mi")!).description == "1Gi")
        #expect(KubernetesQuantity("12 apples") == nil)
    }

    /// Go's text/tabwriter documentation example (`ExampleWriter_Init`, tabs, tab stops of 8, padding 0).
    @Test func tabWriterPadsWithTabsAsGoDoes() {
        let writer = GoTabWriter(minWidth: 0, padding: 0, padWithTabs: true)
        #expect(writer.format("a\tb\tc\td\t.\n123\t12345\t1234567\t123456789\t.\n") == "a\tb\tc\td\t\t.\n123\t12345\t1234567\t123456789\t.\n")
        // A line without a tab ends a column block: the blocks above and below align separately.
        let spaces = GoTabWriter(minWidth: 0, padding: 2)
        #expect(spaces.format("a:\tx\nlonger key:\ty\nbreak\nb:\tz\n") == "a:           x\nlonger key:  y\nbreak\nb:  z\n")
        #expect(GoTabWriter.kubectlTable().format("A\tB\n1\t2\n") == "A     B\n1     2\n", "kubectl's minimum width is 6")
    }

    @Test func eksctlGetClusterAndNodegroup() throws {
        let s = Session(simulator: Simulator(scenario: .default))
        #expect(s.run("eksctl get cluster").stdout == "NAME\t\tREGION\t\tEKSCTL CREATED\neks-workshop\tus-west-2\tFalse\n")
        let one = s.run("eksctl get cluster --name eks-workshop")
        #expect(one.stdout.hasPrefix("NAME\t\tVERSION\tSTATUS\tCREATED\t\t\tVPC\t\t\tSUBNETS"))
        #expect(one.stdout.hasSuffix("\tEKS\n"))
        #expect(s.run("eksctl get cluster --name nope").status == 1)
        #expect(s.run("eksctl get cluster --region eu-west-1").stdout == "No clusters found\n")
        let table = s.run("eksctl get nodegroup --cluster eks-workshop")
        #expect(table.stdout.hasPrefix("CLUSTER\t\tNODEGROUP\tSTATUS\tCREATED\t\t\tMIN SIZE\tMAX SIZE\tDESIRED CAPACITY\t"))
        let json = s.run("eksctl get nodegroup --cluster eks-workshop -o json")
        #expect(!json.stdout.hasSuffix("\n"), "eksctl writes JSON without a final newline")
        guard case .array(let groups) = try JSONParser.parse(json.stdout) else { Issue.record("not a list"); return }
        #expect(groups.first?["Type"] == .string("managed"))
        #expect(groups.first?["Version"] == .string("1.33"))
        let yaml = s.run("eksctl get nodegroup --cluster eks-workshop -o yaml")
        #expect(yaml.stdout.hasPrefix("- AutoScalingGroupName: eks-default-"))
        #expect(yaml.stdout.contains("\n  Version: \"1.33\"\n"))
        #expect(s.run("eksctl get nodegroup --cluster eks-workshop -o xml").stderr == "Error: unknown output printer type: xml\n")
    }
}
