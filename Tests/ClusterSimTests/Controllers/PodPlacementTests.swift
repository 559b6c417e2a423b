import JSON
import Testing
@testable import ClusterSim

/// What a pod spec's node rules and tolerations let it run on, as the API defines the matching.
@Suite struct PodPlacementTests {
    let gpu = Taint(key: "gpu", value: "true", effect: "NO_SCHEDULE")

    @Test func tolerationsMatchByEffectKeyAndValue() {
        #expect(PodPlacement.Toleration(key: "gpu", value: "true").tolerates(gpu))
        #expect(!PodPlacement.Toleration(key: "gpu", value: "false").tolerates(gpu))
        #expect(PodPlacement.Toleration(key: "gpu", operator: "Exists").tolerates(gpu))
        #expect(PodPlacement.Toleration(operator: "Exists").tolerates(gpu))
        #expect(!PodPlacement.Toleration(key: "gpu", operator: "Exists", effect: "NoExecute").tolerates(gpu))
        #expect(!PodPlacement(tolerations: []).repelled(by: Taint(key: "x", value: nil, effect: "PREFER_NO_SCHEDULE")))
        #expect(PodPlacement(tolerations: []).repelled(by: gpu))
    }

    @Test func nodeSelectorsAndAffinityTermsReadFromAPodSpec() throws {
        let spec = try JSONParser.parse(#"""
        {"nodeSelector":{"disktype":"ssd"},
         "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
           {"matchExpressions":[{"key":"zone","operator":"In","values":["a","b"]},{"key":"spot","operator":"DoesNotExist"}]},
           {"matchExpressions":[{"key":"cores","operator":"Gt","values":["8"]}]}]}}}}
        """#)
        let placement = PodPlacement(podSpec: spec)
        #expect(placement.matchesNode(labels: ["disktype": "ssd", "zone": "a"]))
        #expect(!placement.matchesNode(labels: ["disktype": "ssd", "zone": "a", "spot": "1"]))
        #expect(placement.matchesNode(labels: ["disktype": "ssd", "zone": "c", "cores": "16"]))
        #expect(!placement.matchesNode(labels: ["disktype": "hdd", "zone": "a"]))
        #expect(!placement.matchesNode(labels: ["disktype": "ssd", "zone": "c", "cores": "4"]))
    }
}
