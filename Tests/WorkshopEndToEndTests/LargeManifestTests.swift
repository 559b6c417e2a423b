import Foundation
import Testing

/// Manifests at size, through the built binary in a lesson session: 10,000 objects in one file are
/// all applied; a 50 MB file of 1 MB ConfigMaps is read whole, each object refused by `apply` for
/// its last-applied annotation (kubectl's words) and accepted by `create`. (Made in a child
/// process: the test process's own peak memory would count against the programs it measures.)
@Suite struct LargeManifestTests {
    @Test func tenThousandObjectsAndFiftyMegabytesGoThroughALessonSession() throws {
        let directory = NSTemporaryDirectory() + "workshop-large-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let make = #"""
        awk 'BEGIN { for (i = 0; i < 10000; i++) printf "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%d\n  namespace: default\ndata:\n  value: v%d\n---\n", i, i }' > many.yaml
        blob=$(head -c 1000000 /dev/zero | tr '\0' x)
        for i in $(seq 0 49); do printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: blob-%d\n  namespace: default\ndata:\n  value: %s\n---\n' "$i" "$blob"; done > big.yaml
        """#
        #expect(try WorkshopBinary.runProgram("/bin/bash", ["-c", make], directory: directory).status == 0)
        let size = try FileManager.default.attributesOfItem(atPath: directory + "/big.yaml")[.size] as? Int ?? 0
        #expect(size > 50_000_000)
        let lesson = """
        ---
        title: Large manifests
        ---

        ```bash
        $ kubectl apply -f \(directory)/many.yaml | wc -l
        $ kubectl apply -f \(directory)/big.yaml 2>&1 | grep -c 'is invalid: metadata.annotations: Too long: may not be more than 262144 bytes'
        $ kubectl create -f \(directory)/big.yaml | wc -l
        $ kubectl get configmaps --no-headers | wc -l
        ```
        """
        try lesson.write(toFile: directory + "/large.md", atomically: true, encoding: .utf8)
        let result = try WorkshopBinary.run(["run", directory + "/large.md", "--speed", "max"], stdin: "\n\n\n", directory: directory)
        let counts = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { Int($0) != nil }
        // Every object applied; every big one refused by apply and created by create; and the
        // namespace's own root CA bundle.
        #expect(counts == ["10000", "50", "50", "10051"], "\(result.stdout)\n\(result.stderr)")
    }
}
