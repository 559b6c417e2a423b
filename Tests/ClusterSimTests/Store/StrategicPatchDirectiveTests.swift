import JSON
import Testing
@testable import ClusterSim

/// The directives real `kubectl apply` writes into its strategic merge patches: the server must act
/// on them and never store them.
@Suite struct StrategicPatchDirectiveTests {
    let live = try! JSONParser.parse(#"{"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}],"finalizers":["x","y"]}}"#)

    @Test func setElementOrderMergesByKeyInTheGivenOrderAndIsNotStored() throws {
        let patch = try JSONParser.parse(#"{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}],"containers":[{"name":"a","image":"a:2"}]}}"#)
        let result = ObjectPatch.strategic(live, patch)
        #expect(JSONSerializer.compact(result) == #"{"spec":{"containers":[{"name":"b","image":"b:1"},{"name":"a","image":"a:2"}],"finalizers":["x","y"]}}"#)
    }

    @Test func patchDeleteRemovesAnElementAndReplaceReplacesAWholeMap() throws {
        let deleting = try JSONParser.parse(#"{"spec":{"containers":[{"name":"a","$patch":"delete"}],"$deleteFromPrimitiveList/finalizers":["x"]}}"#)
        #expect(JSONSerializer.compact(ObjectPatch.strategic(live, deleting)) == #"{"spec":{"containers":[{"name":"b","image":"b:1"}],"finalizers":["y"]}}"#)
        let replacing = try JSONParser.parse(#"{"spec":{"$patch":"replace","replicas":2}}"#)
        #expect(JSONSerializer.compact(ObjectPatch.strategic(live, replacing)) == #"{"spec":{"replicas":2}}"#)
        // A merge patch knows no directives: its keys are data.
        #expect(ObjectPatch.merge(.object([]), replacing)["spec"]?["$patch"] == .string("replace"))
    }

    /// A Service's ports merge by `port` (they have no `containerPort`): applying the same Service
    /// again must not list its port twice.
    @Test func aServicesPortsMergeByPortNumber() throws {
        let service = try JSONParser.parse(#"{"spec":{"ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":8080}]}}"#)
        let patch = try JSONParser.parse(#"{"spec":{"$setElementOrder/ports":[{"port":80}],"ports":[{"port":80,"targetPort":9090}]}}"#)
        #expect(JSONSerializer.compact(ObjectPatch.strategic(service, patch))
                    == #"{"spec":{"ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":9090}]}}"#)
    }
}
