@testable import Actions
import ClusterSim
import Foundation
import Testing

/// CustomResourceDefinitions and custom objects: the native kubectl on one served cluster, the real
/// kubectl 1.32 on an identical one (discovery, OpenAPI and tables following the store), the same
/// words, statuses and objects.
@Suite struct KubectlCustomResourcesTests {
    static let definition = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          names:
            kind: Widget
            plural: widgets
            shortNames: [wd]
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            additionalPrinterColumns:
            - {name: Size, type: integer, jsonPath: .spec.size}
            - {name: Color, type: string, jsonPath: .spec.color}
            - {name: Ready, type: boolean, jsonPath: .status.ready, priority: 1}
            - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [size]
                    properties:
                      size: {type: integer, minimum: 1, maximum: 10}
                      color: {type: string, enum: [red, blue], default: red}
                      tags: {type: array, items: {type: string}}
                  status:
                    type: object
                    properties:
                      ready: {type: boolean}
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: gadgets.example.com
        spec:
          group: example.com
          names: {kind: Gadget, plural: gadgets}
          scope: Cluster
          versions:
          - name: v1alpha1
            served: true
            storage: true
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """

    static let objects = """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: small
          namespace: ui
          labels: {team: web}
        spec:
          size: 2
          tags: [a, b]
        status:
          ready: true
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: large
          namespace: ui
        spec:
          size: 9
          color: blue
        ---
        apiVersion: example.com/v1alpha1
        kind: Gadget
        metadata:
          name: g1
        spec:
          anything: {goes: [1, 2.5, true]}
        """

    static let invalid = """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: huge
          namespace: ui
        spec:
          size: 30
          color: pink
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: typo
          namespace: ui
        spec:
          size: 3
          colour: red
        """

    @Test(.enabled(if: RealClient.kubectl != nil, "kubectl is not installed: the store's and the native verbs' own tests still run"))
    func customKindsPrintWhatTheNativeActionPrints() async throws {
        let native = try await ServedCluster()
        let real = try await ServedCluster()
        let files = [("crd.yaml", Self.definition), ("objects.yaml", Self.objects), ("invalid.yaml", Self.invalid),
                     ("both.yaml", Self.definition.replacingOccurrences(of: "widgets", with: "doodads").replacingOccurrences(of: "Widget", with: "Doodad")
                         .replacingOccurrences(of: "gadgets", with: "gizmos").replacingOccurrences(of: "Gadget", with: "Gizmo")
                         + "\n---\napiVersion: example.com/v1\nkind: Doodad\nmetadata:\n  name: d1\n  namespace: ui\nspec:\n  size: 1\n")]
        var path: [String: String] = [:]
        for (name, text) in files {
            path[name] = native.directory + "/" + name
            try text.write(toFile: path[name]!, atomically: true, encoding: .utf8)
        }
        let lines: [[String]] = [
            ["get", "widgets"],
            ["apply", "-f", path["crd.yaml"]!], ["apply", "-f", path["crd.yaml"]!], ["get", "crd"],
            ["apply", "-f", path["objects.yaml"]!], ["apply", "-f", path["objects.yaml"]!],
            ["get", "widgets", "-n", "ui"], ["get", "wd", "-n", "ui", "-o", "wide"], ["get", "widgets.example.com", "-A", "--show-labels"],
            ["get", "gadgets"], ["get", "widget", "small", "-n", "ui", "-o", "yaml"], ["get", "gadget", "g1", "-o", "json"],
            ["get", "crd", "widgets.example.com", "-o", "yaml"],
            ["apply", "-f", path["invalid.yaml"]!], ["create", "-f", path["invalid.yaml"]!],
            ["describe", "widget", "small", "-n", "ui"], ["describe", "crd", "gadgets.example.com"],
            ["patch", "widget", "large", "-n", "ui", "-p", #"{"spec":{"size":5}}"#],
            ["patch", "widget", "large", "-n", "ui", "--type", "merge", "-p", #"{"spec":{"size":5}}"#],
            ["patch", "widget", "large", "-n", "ui", "--type", "merge", "-p", #"{"spec":{"size":50}}"#],
            ["label", "widget", "large", "-n", "ui", "tier=gold"], ["get", "widgets", "-n", "ui", "-l", "tier=gold"],
            ["get", "doodads", "-n", "ui"],
            ["delete", "widget", "small", "-n", "ui"], ["delete", "crd", "widgets.example.com"],
            ["get", "widgets", "-n", "ui"], ["get", "crd"],
        ]
        // Objects of a kind not yet defined come first: kubectl finds no OpenAPI v3 for the kind,
        // reads the server's OpenAPI v2 (no schema for it), and fails the objects on mapping their kind.
        for arguments in [["apply", "-f", path["objects.yaml"]!], ["apply", "-f", path["both.yaml"]!]] {
            let expected = native.native(["kubectl"] + arguments)
            let got = await real.real(["kubectl"] + arguments)
            #expect(got.status == expected.status && expected.status == 1, "\(arguments)")
            #expect(got.stdout == expected.stdout, "\(arguments)\nreal:\n\(got.stdout)\nnative:\n\(expected.stdout)")
            #expect(got.stderr == expected.stderr, "\(arguments)\nreal:\n\(got.stderr)\nnative:\n\(expected.stderr)")
        }
        await ServedCluster.expectSameKubectl(lines, native: native, real: real)
    }
}
